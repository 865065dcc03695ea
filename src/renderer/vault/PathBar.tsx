import { pathSegments } from '../vault-path';

interface PathBarProps {
  path: string;
  onNavigate: (path: string) => void;
}

/** Breadcrumbs from the top folder to the open one; each earlier folder is a button that goes back to it. */
export function PathBar({ path, onNavigate }: PathBarProps) {
  const segments = pathSegments(path);
  const crumbs = [{ name: 'My files', path: '' }].concat(
    segments.map((name, index) => ({ name, path: segments.slice(0, index + 1).join('/') })),
  );
  return (
    <nav aria-label="Path" className="path-bar">
      <ol>
        {crumbs.map((crumb, index) => {
          const current = index === crumbs.length - 1;
          return (
            <li key={crumb.path}>
              <button
                type="button"
                className="crumb"
                aria-current={current ? 'location' : undefined}
                onClick={() => onNavigate(crumb.path)}
              >
                {crumb.name}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
