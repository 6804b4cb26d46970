import { Menu, shell, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(dataDir: string): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Open Data Folder', click: () => void shell.openPath(dataDir) }],
    },
  ];
  return Menu.buildFromTemplate(template);
}
