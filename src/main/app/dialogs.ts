/** The native dialogs the controller asks for (HostDialogs), on the app's window. */
import path from 'node:path';
import type { BrowserWindow, Dialog } from 'electron';
import type { HostDialogs } from '../controller/host';

export interface DialogOptions {
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>;
  window(): BrowserWindow | undefined;
  /** Where Save dialogs open first (the Downloads folder). */
  downloadsDir(): string;
  platform: NodeJS.Platform;
}

/** Open and save dialogs, attached to the window so they are sheets on macOS. */
export function createElectronDialogs({ dialog, window, downloadsDir, platform }: DialogOptions): HostDialogs {
  const open = (options: Electron.OpenDialogOptions) => {
    const parent = window();
    return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
  };
  return {
    async openProfileFile() {
      const { canceled, filePaths } = await open({
        title: 'Connect to a vault',
        buttonLabel: 'Connect',
        properties: ['openFile'],
        filters: [{ name: 'Vault profile', extensions: ['json'] }],
      });
      return canceled ? null : (filePaths[0] ?? null);
    },
    async pickFiles() {
      const { canceled, filePaths } = await open({
        title: 'Add files to the vault',
        buttonLabel: 'Add',
        // Only macOS has a picker for files and folders at once; elsewhere openDirectory would hide the files,
        // so folders come by drag and drop there.
        properties:
          platform === 'darwin' ? ['openFile', 'openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
      });
      return canceled || filePaths.length === 0 ? null : filePaths;
    },
    async saveAs(suggestedName) {
      const parent = window();
      const options: Electron.SaveDialogOptions = {
        title: 'Save from the vault',
        defaultPath: path.join(downloadsDir(), suggestedName),
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const { canceled, filePath } = parent
        ? await dialog.showSaveDialog(parent, options)
        : await dialog.showSaveDialog(options);
      return canceled || !filePath ? null : filePath;
    },
  };
}
