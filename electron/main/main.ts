import { app, BrowserWindow, dialog, ipcMain, Menu, screen, shell, type WebContents } from 'electron';
import path from 'node:path';
import { Core } from '../core/core';
import { resolveDataDir, restrictNewFiles } from '../core/data-dir';
import { APP_ROOT, RENDERER_DIR } from '../core/paths';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { trackJobProgress } from './job-progress';
import { buildMenu } from './menu';
import { showPipelineNotice } from './pipeline-notices';
import { APP_SCHEME, registerSchemePrivileges, serveRenderer } from './protocol';
import { utilityLauncher } from './utility-launcher';
import { placeWindow, readWindowState, windowStatePath, writeWindowState } from './window-state';
import { PipelineHost } from '../core/pipelines/pipeline-host';
import { readSettings } from '../core/settings-store';
import { startServer, type RunningServer } from '../server/http-server';
import { tokenReader } from '../server/token';
import type { Settings } from '../../shared/settings';

const APP_URL = `${APP_SCHEME}://cairn/index.html`;

restrictNewFiles();
registerSchemePrivileges();
if (!app.requestSingleInstanceLock()) app.quit();

let core: Core | null = null;
let pipelines: PipelineHost | null = null;
let win: BrowserWindow | null = null;

function dataDirFromArgs(): string | undefined {
  const i = process.argv.indexOf('--data-dir');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function isOwnFrame(sender: WebContents, frameUrl: string | undefined): boolean {
  return sender === win?.webContents && (frameUrl ?? '').startsWith(`${APP_SCHEME}://cairn/`);
}

async function pickPath(kind: 'file' | 'folder'): Promise<string | null> {
  const options: Electron.OpenDialogOptions =
    kind === 'file'
      ? {
          properties: ['openFile'],
          filters: [
            { name: 'Tables', extensions: ['csv', 'tsv', 'txt', 'gz'] },
            { name: 'All files', extensions: ['*'] },
          ],
        }
      : { properties: ['openDirectory'] };
  const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  return result.canceled ? null : (result.filePaths[0] ?? null);
}

let mlflowServer: RunningServer | null = null;
/** The MLflow settings the server last started (or stopped) with. */
let mlflowApplied = '';

/** Settings can switch on the MLflow-compatible tracking API in the app, as `cairn serve` has it. */
async function applyMlflowServer(c: Core, s: Settings): Promise<void> {
  // Any settings write (a labeler name, from here or the CLI) lands here: restart only for this one's.
  const wanted = JSON.stringify(s.mlflowServer);
  if (wanted === mlflowApplied) return;
  mlflowApplied = wanted;
  await mlflowServer?.close();
  mlflowServer = null;
  if (!s.mlflowServer.enabled) return;
  try {
    mlflowServer = await startServer(c, { host: '127.0.0.1', port: s.mlflowServer.port, token: tokenReader(c.dataDir), staticDir: RENDERER_DIR });
  } catch (err) {
    dialog.showErrorBox('MLflow tracking API', `Could not listen on port ${s.mlflowServer.port}: ${(err as Error).message}`);
  }
}

function createWindow(dataDir: string): void {
  const stateFile = windowStatePath(dataDir);
  const placed = placeWindow(
    readWindowState(stateFile),
    screen.getAllDisplays().map((d) => d.workArea),
    screen.getPrimaryDisplay().workArea,
  );
  win = new BrowserWindow({
    ...placed.bounds,
    title: 'Cairn',
    icon: path.join(APP_ROOT, 'resources', 'build', 'icon.png'),
    show: false,
    webPreferences: {
      preload: path.join(__dirname, '..', 'preload', 'preload.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  // maximize() shows a hidden window: it waits for the first paint like show() does.
  win.once('ready-to-show', () => {
    if (placed.maximized) win?.maximize();
    win?.show();
  });
  // The normal bounds, so a maximized window comes back maximized and un-maximizes to where it was.
  win.on('close', () => {
    if (win) writeWindowState(stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_SCHEME}://cairn/`)) e.preventDefault();
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  void win.loadURL(APP_URL);
  win.on('closed', () => (win = null));
}

app.on('second-instance', () => {
  if (win) {
    if (win.isMinimized()) win.restore();
    win.focus();
  }
});

app.whenReady().then(() => {
  core = new Core({
    dataDir: resolveDataDir(dataDirFromArgs(), process.env, app.getPath('userData')),
    transport: 'electron',
    launcher: utilityLauncher,
    pickPath,
  });
  const c = core;
  serveRenderer(RENDERER_DIR, c.services.media);
  ipcMain.handle(CALL_CHANNEL, async (e, name: unknown, input: unknown) => {
    if (!isOwnFrame(e.sender, e.senderFrame?.url)) return { ok: false, error: { code: 'unauthorized', message: 'Unknown sender' } };
    const result = await c.dispatch(String(name), input);
    // The page shows the message; the log keeps a line of it (CAIRN_DEBUG=1 for the stack).
    if (!result.ok && result.error.code === 'internal') console.error(`cairn: ${String(name)}: ${result.error.message}`);
    return result;
  });
  c.events.onAny((event, payload) => win?.webContents.send(EVENT_CHANNEL, event, payload));
  // -1 takes the bar off the taskbar or dock icon.
  trackJobProgress(c.events, (fraction) => win?.setProgressBar(fraction ?? -1));
  void applyMlflowServer(c, readSettings(c.services.db));
  c.events.on('changed', ({ tables }) => {
    if (tables.includes('settings')) void applyMlflowServer(c, readSettings(c.services.db));
  });
  c.events.on('pipelines.notice', (notice) => showPipelineNotice(notice, () => win?.show()));
  pipelines = new PipelineHost(c.services);
  Menu.setApplicationMenu(buildMenu(c.dataDir));
  createWindow(c.dataDir);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow(c.dataDir);
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void mlflowServer?.close();
  void pipelines?.close();
  pipelines = null;
  core?.close();
  core = null;
});
