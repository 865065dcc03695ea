import { useEffect, useState } from 'react';
import { ErrorAlert } from './components/ErrorAlert';
import { FirstRun } from './screens/FirstRun';
import { SignIn } from './screens/SignIn';
import { useSession } from './session/use-session';
import { useAppInfo } from './use-app-info';
import { VaultWindow } from './vault/VaultWindow';
import { vault } from './vault';

export function App() {
  const { info, error } = useAppInfo();
  const { screen, reload, advance } = useSession();
  // A link the OS handed over (deep link) waits here until the vault window can open it.
  const [receivedLink, setReceivedLink] = useState<string | undefined>();
  useEffect(() => vault.on('links.received', ({ link }) => setReceivedLink(link)), []);

  return (
    <div className="app-frame">
      <header className="title-bar">
        <span className="app-name">S3 Vault</span>
        {screen.kind === 'vault' ? (
          <span className="title-detail">
            {screen.user.username} · {screen.profile.kind === 'local' ? 'local vault' : screen.profile.bucket}
          </span>
        ) : null}
      </header>
      <main className={screen.kind === 'vault' ? 'content content-vault' : 'content'}>
        {error ? (
          <ErrorAlert error={error} />
        ) : screen.kind === 'loading' ? (
          <p className="hint">Opening…</p>
        ) : screen.kind === 'unavailable' ? (
          <section className="card">
            <ErrorAlert error={screen.error} />
            <button type="button" onClick={() => void reload()}>
              Try again
            </button>
          </section>
        ) : screen.kind === 'first-run' ? (
          <FirstRun onStep={advance} onConnected={() => reload()} />
        ) : screen.kind === 'sign-in' ? (
          <SignIn profile={screen.profile} reason={screen.reason} step={screen.step} onStep={advance} />
        ) : (
          <VaultWindow
            profile={screen.profile}
            user={screen.user}
            receivedLink={receivedLink}
            onLinkTaken={() => setReceivedLink(undefined)}
            onSignedOut={() => void reload()}
          />
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
