/**
 * The application menu: the platform's usual menus by role (so shortcuts,
 * Services and Window work as people expect), plus File › Add Files… and New
 * Folder, which the UI carries out in the folder it shows (`ui.command`).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { EventPayload } from '../../shared/contract';

export type UiCommand = EventPayload<'ui.command'>['command'];

/** The menu template; `command` sends a UI command to the window. */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  appName: string,
  command: (name: UiCommand) => void,
  development = false,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const file: MenuItemConstructorOptions = {
    label: 'File',
    submenu: [
      { label: 'Add Files…', accelerator: 'CmdOrCtrl+O', click: () => command('add-files') },
      { label: 'New Folder', accelerator: 'CmdOrCtrl+Shift+N', click: () => command('new-folder') },
      { type: 'separator' },
      mac ? { role: 'close' } : { role: 'quit' },
    ],
  };
  return [
    ...(mac ? [{ label: appName, role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        // A reload drops the UI's state, and the developer tools are for us: development builds only.
        ...(development
          ? ([{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: `About ${appName}`, role: 'about' }] },
  ];
}
