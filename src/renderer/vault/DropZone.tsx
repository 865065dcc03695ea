/** Covers the window while files are dragged over it; the drop itself is caught by useFileDrop. */
export function DropZone({ folderName }: { folderName: string }) {
  return (
    <div className="drop-zone" role="region" aria-label="Drop files to encrypt and upload">
      <div className="drop-zone-inner">
        <p className="drop-zone-title">Drop files to encrypt and upload</p>
        <p className="hint">They are encrypted on this computer, then uploaded to {folderName}.</p>
      </div>
    </div>
  );
}
