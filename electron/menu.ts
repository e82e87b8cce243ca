import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  newWorkspace(): void;
  openWorkspace(): void;
  openRecent(path: string): void;
  importFiles(): void;
  about(): void;
}

/** The native menus: File (New, Open, Recent, Import…), Edit, View and Help (About). */
export function buildMenu(window: BrowserWindow, recent: readonly string[], actions: MenuActions): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Workspace…', accelerator: 'CmdOrCtrl+N', click: () => actions.newWorkspace() },
        { label: 'Open Workspace…', accelerator: 'CmdOrCtrl+O', click: () => actions.openWorkspace() },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))
            : [{ label: 'No recent workspaces', enabled: false }],
        },
        { type: 'separator' },
        { label: 'Import…', accelerator: 'CmdOrCtrl+I', click: () => actions.importFiles() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'help', submenu: [{ label: 'About Engage Workbench', click: () => actions.about() }] },
  ];
  void window;
  return Menu.buildFromTemplate(template);
}
