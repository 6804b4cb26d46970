import { BrowserWindow, Menu, shell, type BaseWindow, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(dataDir: string): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    {
      // Views are hash routes, so the page's history is the app's: Back and Forward as in a browser or a file manager.
      label: 'Go',
      submenu: [
        { label: 'Back', accelerator: process.platform === 'darwin' ? 'Cmd+[' : 'Alt+Left', click: (_item, w) => history(w)?.goBack() },
        { label: 'Forward', accelerator: process.platform === 'darwin' ? 'Cmd+]' : 'Alt+Right', click: (_item, w) => history(w)?.goForward() },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Open Data Folder', click: () => void shell.openPath(dataDir) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}

function history(w: BaseWindow | undefined): Electron.NavigationHistory | null {
  return w instanceof BrowserWindow ? w.webContents.navigationHistory : null;
}
