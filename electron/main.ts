// The Electron shell: a window, the IPC door to the engine, and security. Everything else is the engine
// (plain Node, shared with the CLI and `dangka serve`).
import { app, BrowserWindow, ipcMain, net, protocol, session } from 'electron';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IPC_CHANNEL } from '../shared/ipc';
import type { Result } from '../shared/errors';
import { createEngine, toApiError, type Engine } from '../engine/api/engine';
import { AUTO_BACKUPS_KEPT, autoBackup } from '../engine/backup/backup';
import { buildDemoLibrary } from '../engine/demo/build';
import { generateCounty } from '../engine/demo/generate';
import { libraryExists, openLibrary, resolveLibraryDir } from '../engine/library/library';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl, SECURE_WEB_PREFERENCES } from './security';

const rendererDir = join(import.meta.dirname, '..', 'renderer');
const preloadPath = join(import.meta.dirname, '..', 'preload', 'index.cjs');
const settingsPath = () => join(app.getPath('userData'), 'settings.json');

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

let engine: Engine | null = null;
let engineError: Result<never> | null = null;
let mainWindow: BrowserWindow | null = null;

function readLastLibrary(): string | undefined {
  try {
    const value = JSON.parse(readFileSync(settingsPath(), 'utf8')) as { lastLibrary?: unknown };
    return typeof value.lastLibrary === 'string' ? value.lastLibrary : undefined;
  } catch {
    return undefined;
  }
}

function rememberLibrary(dir: string): void {
  mkdirSync(app.getPath('userData'), { recursive: true });
  const tmp = `${settingsPath()}.tmp`;
  writeFileSync(tmp, JSON.stringify({ lastLibrary: dir }, null, 2));
  renameSync(tmp, settingsPath());
}

/** --library DIR, else DANGKA_LIBRARY, else the library used last time, else the default (the sample county). */
async function openEngine(): Promise<void> {
  const at = process.argv.indexOf('--library');
  const flag = at >= 0 ? process.argv[at + 1] : process.argv.find((a) => a.startsWith('--library='))?.slice('--library='.length);
  const dir = resolveLibraryDir(flag ?? process.env.DANGKA_LIBRARY ?? readLastLibrary());
  try {
    // First run on the default library: the sample county, so a new clerk opens a working archive at once.
    const firstRun = !libraryExists(dir) && dir === resolveLibraryDir();
    const lib = openLibrary(dir, { create: firstRun });
    if (firstRun) await buildDemoLibrary(lib, generateCounty({}));
    engine = createEngine(lib, { auth: 'sessions' });
    engine.startBackgroundWork();
    rememberLibrary(dir);
  } catch (err) {
    // The renderer shows this on its recovery screen (every call answers with it).
    engineError = { ok: false, error: toApiError(err) };
  }
}

function serveRenderer(): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : decodeURIComponent(pathname)));
    if (!file.startsWith(rendererDir + sep) || !existsSync(file)) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(response.body, { status: response.status, headers });
  });
}

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1366,
    height: 860,
    title: '档卡',
    show: false,
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.webContents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  mainWindow.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

ipcMain.handle(IPC_CHANNEL, async (event, method: unknown, input: unknown, userSession: unknown) => {
  // Only our own page may call the engine.
  if (!event.senderFrame || !isAppUrl(event.senderFrame.url)) {
    return { ok: false, error: { code: 'UNAUTHORIZED', message: '未授权的调用' } };
  }
  if (!engine) return engineError;
  return engine.callUntyped(method, input, userSession);
});

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  const closing = engine;
  engine = null;
  // A backup of the day's work on the way out (only when something changed), then close.
  void (closing ? autoBackup(closing.lib, { keep: AUTO_BACKUPS_KEPT }).catch((err: unknown) => console.error('[dangka] automatic backup failed:', err)) : Promise.resolve()).finally(() => {
    closing?.close();
    app.quit();
  });
});

void app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();
  await openEngine();
  createWindow();
});
