/**
 * The first screen when no vault profile exists. Both paths are built by later
 * issues (the local backend and the engine); until then the buttons say so
 * rather than pretend.
 */
export function FirstRun() {
  return (
    <section className="first-run" aria-labelledby="first-run-title">
      <h1 id="first-run-title">Welcome to S3 Vault</h1>
      <p>Files are encrypted on this computer before they reach Amazon S3. Choose how to begin.</p>
      <div className="choices">
        <button type="button" disabled aria-describedby="first-run-pending">
          Try a local vault
        </button>
        <button type="button" disabled aria-describedby="first-run-pending">
          Connect to a vault
        </button>
      </div>
      <p id="first-run-pending" className="hint">
        Local vaults and vault connections are not available in this build yet.
      </p>
    </section>
  );
}
