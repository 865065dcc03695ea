import { useEffect, useMemo, useRef, useState } from 'react';
import type { FileEntry, ProfileSummary, VaultUser } from '../../shared/contract';
import { call, CallError } from '../call';
import { ErrorAlert } from '../components/ErrorAlert';
import { OpenLinkDialog } from '../shares/OpenLinkDialog';
import { ShareDialog } from '../shares/ShareDialog';
import { ShareLinksDialog } from '../shares/ShareLinksDialog';
import { StatusDialog } from '../status/StatusDialog';
import { TransferPanel } from '../transfers/TransferPanel';
import { useTransfers } from '../transfers/use-transfers';
import { useAction } from '../use-action';
import { vault } from '../vault';
import { joinPath, parentPath, pathSegments } from '../vault-path';
import { ConfirmDelete } from './ConfirmDelete';
import { DropZone } from './DropZone';
import { FileGrid, type RowActions } from './FileGrid';
import { NameDialog } from './NameDialog';
import { PathBar } from './PathBar';
import { pathForFile } from './path-for-file';
import { nextOrder, sortEntries, type SortOrder } from './sort-entries';
import { Toolbar } from './Toolbar';
import { useFileDrop } from './use-file-drop';
import { useFolder } from './use-folder';

type OpenDialog =
  | { kind: 'new-folder' }
  | { kind: 'rename'; entry: FileEntry }
  | { kind: 'delete'; entry: FileEntry }
  | { kind: 'share'; entry: FileEntry }
  | { kind: 'open-link' }
  | { kind: 'share-links' }
  | { kind: 'status' };

interface VaultWindowProps {
  profile: ProfileSummary;
  user: VaultUser;
  /** A link the OS handed over; the Open share link dialog shows it until closed. */
  receivedLink?: string;
  onLinkTaken: () => void;
  onSignedOut: () => void;
}

/** The signed-in window: a folder's files, the commands on them, and the transfers. */
export function VaultWindow({ profile, user, receivedLink, onLinkTaken, onSignedOut }: VaultWindowProps) {
  const [path, setPath] = useState('');
  const [order, setOrder] = useState<SortOrder>({ key: 'name', direction: 'ascending' });
  const [filter, setFilter] = useState('');
  const [selectedPath, setSelectedPath] = useState<string | undefined>();
  const [dialog, setDialog] = useState<OpenDialog | undefined>();
  const folder = useFolder(path);
  const transfers = useTransfers();
  const action = useAction();
  const searchRef = useRef<HTMLInputElement>(null);
  const gridLabel = `Files in ${pathSegments(path).at(-1) ?? 'My files'}`;

  const shown = useMemo(() => sortEntries(folder.entries, order, filter), [folder.entries, order, filter]);

  // A finished upload changes the folder: list it again (once for a burst of them).
  const { refresh } = folder;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = vault.on('transfers.changed', (transfer) => {
      if (transfer.direction !== 'upload' || transfer.state !== 'done') return;
      clearTimeout(timer);
      timer = setTimeout(refresh, 150);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [refresh]);

  // Cmd/Ctrl+F goes to the search box, as in Finder.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.metaKey || event.ctrlKey) && event.key.toLowerCase() === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const dragging = useFileDrop((files) => {
    void action.run(async () => {
      const sources = files.map(pathForFile);
      if (sources.some((source) => source === undefined)) {
        throw new CallError({
          code: 'UNAVAILABLE',
          message: 'This window cannot tell where the dropped files are on disk. Use Add files instead.',
        });
      }
      await call(vault.transfers.upload({ sources: sources as string[], to: path }));
    });
  });

  const navigate = (to: string) => {
    setPath(to);
    setSelectedPath(undefined);
    setFilter('');
  };

  const actions: RowActions = {
    download: (entry) => void action.run(() => call(vault.transfers.download({ path: entry.path }))),
    share: (entry) => setDialog({ kind: 'share', entry }),
    rename: (entry) => setDialog({ kind: 'rename', entry }),
    remove: (entry) => setDialog({ kind: 'delete', entry }),
  };

  const closeDialog = () => setDialog(undefined);

  return (
    <div className="vault-window">
      <Toolbar
        busy={action.busy}
        onAddFiles={() => void action.run(() => call(vault.transfers.pickAndUpload({ to: path })))}
        onNewFolder={() => setDialog({ kind: 'new-folder' })}
        onOpenLink={() => setDialog({ kind: 'open-link' })}
        onShareLinks={() => setDialog({ kind: 'share-links' })}
        onStatus={() => setDialog({ kind: 'status' })}
        onSignOut={async () => {
          const done = await action.run(async () => {
            await call(vault.auth.signOut());
            return true;
          });
          if (done) onSignedOut();
        }}
      />
      <div className="location-bar">
        <PathBar path={path} onNavigate={navigate} />
        <input
          ref={searchRef}
          type="search"
          className="search"
          aria-label="Search files"
          placeholder="Search files"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === 'Escape' && filter) {
              event.preventDefault();
              setFilter('');
            }
          }}
        />
      </div>
      <div className="vault-alerts">
        <ErrorAlert error={action.error ?? folder.error} onDismiss={action.error ? action.clearError : undefined} />
      </div>
      <FileGrid
        entries={shown}
        label={gridLabel}
        order={order}
        onSort={(key) => setOrder(nextOrder(order, key))}
        selectedPath={selectedPath}
        onSelect={setSelectedPath}
        onOpen={(entry) => (entry.kind === 'folder' ? navigate(entry.path) : actions.download(entry))}
        onGoUp={() => path && navigate(parentPath(path))}
        actions={actions}
        emptyText={
          filter
            ? `No names here contain “${filter}”.`
            : folder.loading
              ? 'Loading…'
              : 'This folder is empty. Drop files on the window, or use Add files.'
        }
      />
      <p className="keys-hint hint" aria-hidden="true">
        ↑↓ select · Enter open · F2 rename · Delete delete · Backspace up · Tab to the row’s buttons
      </p>
      <TransferPanel transfers={transfers} />
      {dragging ? <DropZone folderName={pathSegments(path).at(-1) ?? 'My files'} /> : null}

      {dialog?.kind === 'new-folder' ? (
        <NameDialog
          title="New folder"
          label="Folder name"
          submitLabel="Create"
          onClose={closeDialog}
          onSubmit={async (name) => {
            await call(vault.files.mkdir({ path: joinPath(path, name) }));
            folder.refresh();
            setSelectedPath(joinPath(path, name));
          }}
        />
      ) : null}
      {dialog?.kind === 'rename' ? (
        <NameDialog
          title={`Rename “${dialog.entry.name}”`}
          label="New name"
          submitLabel="Rename"
          initialName={dialog.entry.name}
          onClose={closeDialog}
          onSubmit={async (name) => {
            const to = joinPath(parentPath(dialog.entry.path), name);
            if (to !== dialog.entry.path) await call(vault.files.rename({ from: dialog.entry.path, to }));
            folder.refresh();
            setSelectedPath(to);
          }}
        />
      ) : null}
      {dialog?.kind === 'delete' ? (
        <ConfirmDelete
          entry={dialog.entry}
          onClose={closeDialog}
          onConfirm={async () => {
            await call(vault.files.remove({ path: dialog.entry.path }));
            setSelectedPath(undefined);
            folder.refresh();
          }}
        />
      ) : null}
      {dialog?.kind === 'share' ? <ShareDialog entry={dialog.entry} onClose={closeDialog} /> : null}
      {dialog?.kind === 'share-links' ? <ShareLinksDialog onClose={closeDialog} /> : null}
      {dialog?.kind === 'status' ? <StatusDialog profile={profile} user={user} onClose={closeDialog} /> : null}
      {dialog?.kind === 'open-link' || (receivedLink && !dialog) ? (
        <OpenLinkDialog
          key={receivedLink ?? 'typed'}
          initialLink={dialog ? undefined : receivedLink}
          onClose={() => {
            closeDialog();
            onLinkTaken();
          }}
        />
      ) : null}
    </div>
  );
}
