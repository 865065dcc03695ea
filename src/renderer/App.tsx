import { FirstRun } from './screens/FirstRun';
import { useAppInfo } from './use-app-info';

export function App() {
  const { info, error } = useAppInfo();
  return (
    <div className="app-frame">
      <header className="title-bar">
        <span className="app-name">S3 Vault</span>
      </header>
      <main className="content">
        {error ? (
          <p role="alert" className="error">
            {error.message}
          </p>
        ) : (
          <FirstRun />
        )}
      </main>
      <footer className="status-bar">
        {info ? (
          <span aria-label="Version">
            {info.name} {info.version} · {info.platform}
          </span>
        ) : (
          <span>Starting…</span>
        )}
      </footer>
    </div>
  );
}
