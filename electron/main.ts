// The desktop shell: one window, native menus and dialogs, and the engine in a utilityProcess.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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
import { RecentWorkspaces } from './recent.ts';
import { contentSecurityPolicy, isTrustedSender } from './security.ts';

const here = import.meta.dirname;
const rendererIndex = join(here, '..', 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererIndex).toString();
const recent = new RecentWorkspaces(join(app.getPath('userData'), 'recent-workspaces.json'));

let window: BrowserWindow | undefined;
let engine: UtilityProcess | undefined;
let nextId = 1;
const pending = new Map<number, (envelope: unknown) => void>();

/** Starts (or restarts) the engine process on a workspace; `--demo` opens the demo workspace. */
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
      } else if (message.type === 'event') window?.webContents.send('engage:event', message.event);
      else if (message.type === 'ready' && message.workspace) {
        refreshMenu(recent.add(message.workspace));
        window?.setTitle(`Engage Workbench — ${message.workspace}`);
        window?.webContents.send('engage:event', { type: 'workspace', path: message.workspace });
      } else if (message.type === 'failed')
        dialog.showErrorBox('The workspace could not be opened', message.message ?? '');
    },
  );
}

function refreshMenu(paths: readonly string[]): void {
  if (!window) return;
  const w = window;
  Menu.setApplicationMenu(
    buildMenu(w, paths, {
      newWorkspace: () => void chooseWorkspace(true),
      openWorkspace: () => void chooseWorkspace(false),
      openRecent: (path) => startEngine(path),
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
    if (!r.canceled && r.filePath) startEngine(r.filePath);
  } else {
    const r = await dialog.showOpenDialog(window, {
      title: 'Open workspace',
      properties: ['openFile'],
      filters,
    });
    if (!r.canceled && r.filePaths[0]) startEngine(r.filePaths[0]);
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
  // Navigation and new windows are denied; links to the web open in the system browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void window.loadFile(rendererIndex);
  refreshMenu(recent.list());
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
  const workspace = process.argv.find((a) => a.endsWith('.duckdb')) ?? recent.list()[0] ?? '--demo';
  startEngine(workspace);
});

app.on('window-all-closed', () => {
  engine?.kill();
  app.quit();
});
