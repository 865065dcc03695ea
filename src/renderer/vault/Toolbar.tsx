interface ToolbarProps {
  busy: boolean;
  onAddFiles: () => void;
  onNewFolder: () => void;
  onOpenLink: () => void;
  onShareLinks: () => void;
  onStatus: () => void;
  onSignOut: () => void;
}

/** The vault window's commands that do not need a selected row. */
export function Toolbar(props: ToolbarProps) {
  return (
    <div className="toolbar" role="group" aria-label="Vault">
      <button type="button" className="primary" onClick={props.onAddFiles} disabled={props.busy}>
        Add files
      </button>
      <button type="button" onClick={props.onNewFolder}>
        New folder
      </button>
      <span className="toolbar-gap" />
      <button type="button" onClick={props.onOpenLink}>
        Open share link
      </button>
      <button type="button" onClick={props.onShareLinks}>
        Share links
      </button>
      <button type="button" onClick={props.onStatus}>
        Status
      </button>
      <span className="toolbar-spacer" />
      <button type="button" onClick={props.onSignOut}>
        Sign out
      </button>
    </div>
  );
}
