// The Electron shell: the window, its security, the system's folder picker, and the forwarding of API calls and
// engine events between the renderer (IPC) and the engine process (electron/host.ts, a utilityProcess, over a
// MessagePort). No engine code runs here: big imports and full checks never block the thread that draws the window.
import { app, BrowserWindow, dialog, ipcMain, MessageChannelMain, net, protocol, session, utilityProcess, type IpcMainInvokeEvent, type MessagePortMain, type UtilityProcess } from 'electron';
import { existsSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Result } from '../shared/errors';
import type { EngineEvent } from '../shared/events';
import { IPC_CHANNEL, IPC_CHOOSE_FOLDER_CHANNEL, IPC_EVENT_CHANNEL } from '../shared/ipc';
import { argValue, HOST_ARGS, type FromHost, type ToHost } from './hostProtocol';
import { APP_ORIGIN, APP_SCHEME, CONTENT_SECURITY_POLICY, isAppUrl, SECURE_WEB_PREFERENCES } from './security';

const rendererDir = join(import.meta.dirname, '..', 'renderer');
const preloadPath = join(import.meta.dirname, '..', 'preload', 'index.cjs');
const hostPath = join(import.meta.dirname, 'host.js');

/** An engine process that stops this often within a minute is not started again by itself: 重试 starts it. */
const MAX_RESTARTS_PER_MINUTE = 3;

protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

if (!app.requestSingleInstanceLock()) app.quit();

interface RunningHost {
  child: UtilityProcess;
  port: MessagePortMain;
}

let host: RunningHost | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;
let nextCallId = 1;
const pending = new Map<number, (result: Result<unknown>) => void>();
const restarts: number[] = [];
/** The library the engine process last reported: named when it stops, and opened by the next one. */
let libraryPath = '';

function toRenderer(event: EngineEvent): void {
  mainWindow?.webContents.send(IPC_EVENT_CHANNEL, event);
}

/** The settings file, and the library: the one the engine process had open before it stopped, else --library. */
function hostArgs(): string[] {
  const args = [HOST_ARGS.settings, join(app.getPath('userData'), 'settings.json')];
  const library = libraryPath || argValue(process.argv, HOST_ARGS.library);
  return library ? [...args, HOST_ARGS.library, library] : args;
}

function startHost(): RunningHost {
  const child = utilityProcess.fork(hostPath, hostArgs(), { serviceName: '档卡引擎', stdio: 'inherit' });
  const { port1, port2 } = new MessageChannelMain();
  child.postMessage({ type: 'connect' }, [port2]);
  port1.on('message', ({ data }) => {
    const message = data as FromHost;
    if (message.type === 'result') {
      pending.get(message.id)?.(message.result);
      pending.delete(message.id);
    } else {
      if (message.event.type === 'library') libraryPath = message.event.path;
      toRenderer(message.event);
    }
  });
  port1.start();
  const running = { child, port: port1 };
  child.once('exit', (code) => hostExited(running, code));
  return running;
}

/** The engine process ended: on purpose when quitting; otherwise the renderer is told and a new one starts. */
function hostExited(ended: RunningHost, code: number): void {
  if (host !== ended) return;
  host = null;
  ended.port.close();
  if (quitting) {
    app.quit();
    return;
  }
  const error = { code: 'INTERNAL' as const, message: `档卡后台进程意外退出（代码 ${code}），正在重新打开档案库，请稍候再试刚才的操作` };
  for (const answer of pending.values()) answer({ ok: false, error });
  pending.clear();
  toRenderer({ type: 'library', path: libraryPath, error });
  const now = Date.now();
  while (restarts.length && now - restarts[0]! > 60_000) restarts.shift();
  if (restarts.length < MAX_RESTARTS_PER_MINUTE) {
    restarts.push(now);
    host = startHost();
  }
}

function toHost(message: ToHost): void {
  host ??= startHost();
  host.port.postMessage(message);
}

/** Only our own page may reach the engine or the folder picker. */
function fromOurPage(event: IpcMainInvokeEvent): boolean {
  return !!event.senderFrame && isAppUrl(event.senderFrame.url);
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

ipcMain.handle(IPC_CHANNEL, (event, method: unknown, input: unknown, userSession: unknown): Promise<Result<unknown>> => {
  if (!fromOurPage(event)) return Promise.resolve({ ok: false, error: { code: 'UNAUTHORIZED', message: '未授权的调用' } });
  const id = nextCallId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    toHost({ type: 'call', id, method, input, session: typeof userSession === 'string' ? userSession : undefined });
  });
});

ipcMain.handle(IPC_CHOOSE_FOLDER_CHANNEL, async (event): Promise<string | null> => {
  if (!fromOurPage(event) || !mainWindow) return null;
  const chosen = await dialog.showOpenDialog(mainWindow, { title: '选择档案库文件夹', properties: ['openDirectory'] });
  return chosen.canceled ? null : (chosen.filePaths[0] ?? null);
});

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore();
  mainWindow?.focus();
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app.on('window-all-closed', () => {
  mainWindow = null;
  quitting = true;
  // The engine process backs up the day's work (only when something changed), closes the library and exits; then quit.
  if (host) host.port.postMessage({ type: 'shutdown' } satisfies ToHost);
  else app.quit();
});

void app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  serveRenderer();
  host = startHost();
  createWindow();
});
