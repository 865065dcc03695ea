/** A small folder or document glyph; decorative, the row's text says what it is. */
export function EntryIcon({ kind }: { kind: 'file' | 'folder' }) {
  return (
    <svg className={`entry-icon entry-icon-${kind}`} viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
      {kind === 'folder' ? (
        <path d="M1.5 3.5h4.2l1.5 1.5h7.3v8.5h-13z" />
      ) : (
        <path d="M3.5 1.5h6l3 3v10h-9zM9.5 1.5v3h3" />
      )}
    </svg>
  );
}
