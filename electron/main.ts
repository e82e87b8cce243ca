// The desktop shell: one window, native menus and dialogs, and the engine in a utilityProcess.
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  session,
  shell,
  utilityProcess,
  type UtilityProcess,
} from 'electron';
import { buildMenu } from './menu.ts';
import { recentWorkspaces } from './recent.ts';
import { contentSecurityPolicy, isTrustedSender } from './security.ts';

const here = import.meta.dirname;
const rendererIndex = join(here, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).toString();

let window: BrowserWindow | undefined;
let engine: UtilityProcess | undefined;
let nextId = 1;
const pending = new Map<number, (envelope: unknown) => void>();

/**
 * Starts the engine process on a workspace (`--demo`: the demo workspace). Later switches go through
 * the engine's `workspace.open` / `workspace.create`, so the process and its jobs list stay.
 */
function startEngine(workspace: string): void {
  engine?.kill();
  pending.clear();
  engine = utilityProcess.fork(join(here, 'engineHost.js'), [workspace], { serviceName: 'Engage engine' });
  engine.on(
    'message',
    (message: { type: string; id?: number; event?: unknown; workspace?: string; message?: string }) => {
      if (message.type === 'result' && message.id !== undefined) {
        pending.get(message.id)?.(message);
        pending.delete(message.id);
      } else if (message.type === 'event') {
        const event = message.event as { type?: string; path?: string };
        if (event.type === 'workspace' && event.path) workspaceChanged(event.path);
        window?.webContents.send('engage:event', message.event);
      } else if (message.type === 'ready' && message.workspace) {
        workspaceChanged(message.workspace);
        window?.webContents.send('engage:event', { type: 'workspace', path: message.workspace });
      } else if (message.type === 'failed')
        dialog.showErrorBox('The workspace could not be opened', message.message ?? '');
    },
  );
}

function workspaceChanged(path: string): void {
  refreshMenu(recentWorkspaces());
  window?.setTitle(`Engage Workbench — ${path}`);
}

/** Switches the running engine to another workspace; a failure is shown, and the old one stays. */
async function switchWorkspace(path: string, create: boolean): Promise<void> {
  const reply = (await call(create ? 'workspace.create' : 'workspace.open', { path })) as {
    ok: boolean;
    error?: { message: string };
  };
  if (!reply.ok) dialog.showErrorBox('The workspace could not be opened', reply.error?.message ?? '');
}

function refreshMenu(paths: readonly string[]): void {
  if (!window) return;
  const w = window;
  Menu.setApplicationMenu(
    buildMenu(w, paths, {
      newWorkspace: () => void chooseWorkspace(true),
      openWorkspace: () => void chooseWorkspace(false),
      openRecent: (path) => void switchWorkspace(path, false),
      importFiles: () => void chooseImport(),
      about: () => void showAbout(),
    }),
  );
}

async function chooseWorkspace(create: boolean): Promise<void> {
  if (!window) return;
  const filters = [{ name: 'Engage workspace', extensions: ['duckdb'] }];
  if (create) {
    const r = await dialog.showSaveDialog(window, {
      title: 'New workspace',
      defaultPath: 'analysis.engage.duckdb',
      filters,
    });
    if (!r.canceled && r.filePath) await switchWorkspace(r.filePath, true);
  } else {
    const r = await dialog.showOpenDialog(window, {
      title: 'Open workspace',
      properties: ['openFile'],
      filters,
    });
    if (!r.canceled && r.filePaths[0]) await switchWorkspace(r.filePaths[0], false);
  }
}

async function chooseImport(): Promise<void> {
  if (!window) return;
  const r = await dialog.showOpenDialog(window, {
    title: 'Import events or users',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Exports', extensions: ['csv', 'tsv', 'txt', 'json', 'ndjson', 'jsonl', 'parquet', 'gz'] },
    ],
  });
  if (!r.canceled) window.webContents.send('engage:event', { type: 'import-files', paths: r.filePaths });
}

async function showAbout(): Promise<void> {
  const info = (await call('app.info', {})) as {
    ok: boolean;
    result?: { engage: string; duckdb: string; tensorflow: { backend: string; version: string } };
  };
  const r = info.result;
  await dialog.showMessageBox({
    type: 'info',
    title: 'About Engage Workbench',
    message: `Engage Workbench ${r?.engage ?? ''}`,
    detail: [
      `Electron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
      `DuckDB ${r?.duckdb ?? '?'}`,
      `TensorFlow.js ${r?.tensorflow.version ?? '?'} on the ${r?.tensorflow.backend ?? '?'} backend`,
    ].join('\n'),
  });
}

function call(method: string, input: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    if (!engine)
      return resolve({ ok: false, error: { name: 'EngineDown', message: 'the engine is not running' } });
    const id = nextId++;
    pending.set(id, resolve);
    engine.postMessage({ type: 'call', id, method, input });
  });
}

function createWindow(): void {
  window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'Engage Workbench',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // Navigation and new windows are denied; links to the web open in the system browser. A file
  // dropped on the window arrives as a navigation to its file:// URL: it goes to the import wizard.
  window.webContents.on('will-navigate', (event, url) => {
    event.preventDefault();
    if (url.startsWith('file://') && url !== rendererUrl && !url.startsWith(`${rendererUrl}#`))
      window?.webContents.send('engage:event', { type: 'import-files', paths: [fileURLToPath(url)] });
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadFile(rendererIndex);
  refreshMenu(recentWorkspaces());
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) =>
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy] },
    }),
  );
  // One IPC channel; a message from any frame but the app's own page is refused.
  ipcMain.handle('engage:call', (event, payload: { method: string; input: unknown }) => {
    if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) throw new Error('refused: not the app page');
    return call(payload.method, payload.input);
  });
  createWindow();
  const workspace = process.argv.find((a) => a.endsWith('.duckdb')) ?? recentWorkspaces()[0] ?? '--demo';
  startEngine(workspace);
});

app.on('window-all-closed', () => {
  engine?.kill();
  app.quit();
});
