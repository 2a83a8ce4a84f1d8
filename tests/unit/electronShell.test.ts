// The Electron shell (electron/main.ts, electron/preload.ts) run against a stand-in `electron` module: what the window
// is allowed, what the shell refuses, and how calls and events travel between the renderer and the engine process —
// including the engine process stopping. No Electron binary is needed, and nothing here reads the shell's source text.
import { EventEmitter } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import type { FromHost, ToHost } from '../../electron/hostProtocol';
import { IPC_CHANNEL, IPC_CHOOSE_FOLDER_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/ipc';

const root = join(import.meta.dirname, '..', '..');

/** One end of a MessageChannelMain: messages reach the other end's listeners as `{ data }`, on a later turn. */
class FakePort extends EventEmitter {
  other!: FakePort;
  started = false;
  closed = false;
  postMessage(data: unknown): void {
    if (this.closed) return;
    setImmediate(() => this.other.emit('message', { data, ports: [] }));
  }
  start(): void {
    this.started = true;
  }
  close(): void {
    this.closed = true;
  }
}

class FakeUtilityProcess extends EventEmitter {
  readonly received: { message: unknown; ports: FakePort[] }[] = [];
  constructor(
    readonly modulePath: string,
    readonly args: string[],
  ) {
    super();
  }
  postMessage(message: unknown, ports: FakePort[] = []): void {
    this.received.push({ message, ports });
  }
  /** The engine's end of the MessagePort the main process handed over. */
  get hostPort(): FakePort {
    const port = this.received.find((r) => (r.message as { type?: string }).type === 'connect')?.ports[0];
    if (!port) throw new Error('no port handed to the engine process');
    return port;
  }
}

const fake = vi.hoisted(() => ({
  state: null as unknown as ReturnType<typeof newState>,
}));

function newState() {
  const webContents = Object.assign(new EventEmitter(), {
    send: vi.fn(),
    windowOpenHandler: null as null | ((details: { url: string }) => unknown),
    setWindowOpenHandler(handler: (details: { url: string }) => unknown) {
      this.windowOpenHandler = handler;
    },
  });
  return {
    app: Object.assign(new EventEmitter(), {
      quit: vi.fn(),
      requestSingleInstanceLock: vi.fn(() => true),
      getPath: vi.fn(() => '/home/文书/.config/dangka'),
      whenReady: () => Promise.resolve(),
    }),
    windows: [] as { options: { webPreferences: Record<string, unknown> }; loadURL: ReturnType<typeof vi.fn> }[],
    webContents,
    handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
    permissionRequest: null as null | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void),
    permissionCheck: null as null | ((...args: unknown[]) => boolean),
    schemes: [] as unknown[],
    children: [] as FakeUtilityProcess[],
    dialog: { showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: ['/media/文书/U盘/档案库'] })) },
  };
}

vi.mock('electron', () => {
  const state = () => fake.state;
  class BrowserWindow extends EventEmitter {
    webContents = state().webContents;
    loadURL = vi.fn(async () => undefined);
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      state().windows.push(this);
    }
    show() {}
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
  }
  class MessageChannelMain {
    port1 = new FakePort();
    port2 = new FakePort();
    constructor() {
      this.port1.other = this.port2;
      this.port2.other = this.port1;
    }
  }
  return {
    app: new Proxy({}, { get: (_t, k) => (state().app as unknown as Record<string | symbol, unknown>)[k] }),
    BrowserWindow,
    MessageChannelMain,
    dialog: { showOpenDialog: (...args: unknown[]) => (state().dialog.showOpenDialog as (...a: unknown[]) => unknown)(...args) },
    ipcMain: { handle: (channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => state().handlers.set(channel, handler) },
    net: { fetch: vi.fn() },
    protocol: { registerSchemesAsPrivileged: (schemes: unknown[]) => state().schemes.push(...schemes), handle: vi.fn() },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof fake.state.permissionRequest) => (state().permissionRequest = h),
        setPermissionCheckHandler: (h: typeof fake.state.permissionCheck) => (state().permissionCheck = h),
      },
    },
    utilityProcess: {
      fork: (modulePath: string, args: string[]) => {
        const child = new FakeUtilityProcess(modulePath, args);
        state().children.push(child);
        return child;
      },
    },
  };
});

const OUR_PAGE = { senderFrame: { url: 'app://dangka/index.html' } };
const flush = () => new Promise((resolve) => setImmediate(resolve));

/** A fresh main process: the stand-in electron module, the shell imported anew, the app ready. */
async function startShell() {
  fake.state = newState();
  vi.resetModules();
  await import('../../electron/main');
  await flush();
  return fake.state;
}

/** Plays the engine process: answers every call with what `answer` returns, and records what it was sent. */
function playHost(child: FakeUtilityProcess, answer: (call: Extract<ToHost, { type: 'call' }>) => unknown = (c) => ({ method: c.method })) {
  const seen: ToHost[] = [];
  child.hostPort.on('message', ({ data }: { data: ToHost }) => {
    seen.push(data);
    if (data.type === 'call') child.hostPort.postMessage({ type: 'result', id: data.id, result: { ok: true, value: answer(data) } } satisfies FromHost);
  });
  child.hostPort.start();
  return {
    seen,
    send: (event: EngineEvent) => child.hostPort.postMessage({ type: 'event', event } satisfies FromHost),
  };
}

const invoke = (state: ReturnType<typeof newState>, event: unknown, ...args: unknown[]) => state.handlers.get(IPC_CHANNEL)!(event, ...args) as Promise<unknown>;

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Electron main process', () => {
  it('opens one isolated, sandboxed window without Node, on its own origin, with the preload', async () => {
    const state = await startShell();
    expect(state.windows).toHaveLength(1);
    const prefs = state.windows[0]!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String(prefs.preload)).toMatch(/preload[/\\]index\.cjs$/);
    expect(state.windows[0]!.loadURL).toHaveBeenCalledWith('app://dangka/index.html');
    expect(state.app.requestSingleInstanceLock).toHaveBeenCalled();
  });

  it('denies every permission the page asks for (camera, microphone, location, notifications)', async () => {
    const state = await startShell();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      state.permissionRequest!(state.webContents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(state.permissionCheck!(state.webContents, permission, 'app://dangka')).toBe(false);
    }
  });

  it('refuses navigation away from its own pages, new windows and webviews', async () => {
    const state = await startShell();
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      state.webContents.emit('will-navigate', event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://example.com/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://dangka.evil/')).toBe(true);
    expect(navigate('app://dangka/index.html')).toBe(false);
    expect(state.webContents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(state.webContents.windowOpenHandler!({ url: 'app://dangka/index.html' })).toEqual({ action: 'deny' });

    const contents = new EventEmitter();
    state.app.emit('web-contents-created', {}, contents);
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('starts the engine in its own process with the settings file and the --library given to the app', async () => {
    const argv = process.argv;
    process.argv = [...argv, '--library', '/media/文书/U盘/档案库'];
    try {
      const state = await startShell();
      expect(state.children).toHaveLength(1);
      const child = state.children[0]!;
      expect(child.modulePath).toMatch(/host\.js$/);
      expect(child.args).toEqual(['--settings', join('/home/文书/.config/dangka', 'settings.json'), '--library', '/media/文书/U盘/档案库']);
      expect(child.hostPort).toBeInstanceOf(FakePort);
    } finally {
      process.argv = argv;
    }
  });

  it('forwards API calls from its own page to the engine process and returns the answers', async () => {
    const state = await startShell();
    const host = playHost(state.children[0]!, (call) => ({ answered: call.method, input: call.input, session: call.session }));
    const answers = await Promise.all([
      invoke(state, OUR_PAGE, 'library.info', {}, 'session-1'),
      invoke(state, OUR_PAGE, 'catalog.children', { parentId: null }, 42),
    ]);
    expect(answers).toEqual([
      { ok: true, value: { answered: 'library.info', input: {}, session: 'session-1' } },
      // A session that is not a string never reaches the engine.
      { ok: true, value: { answered: 'catalog.children', input: { parentId: null }, session: undefined } },
    ]);
    expect(host.seen.map((m) => m.type)).toEqual(['call', 'call']);
  });

  it('refuses calls from any other page before they reach the engine', async () => {
    const state = await startShell();
    const host = playHost(state.children[0]!);
    for (const sender of [{ senderFrame: { url: 'https://example.com/' } }, { senderFrame: null }]) {
      expect(await invoke(state, sender, 'library.info', {})).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: '未授权的调用' } });
    }
    await flush();
    expect(host.seen).toEqual([]);
    const chooser = state.handlers.get(IPC_CHOOSE_FOLDER_CHANNEL)!;
    expect(await chooser({ senderFrame: { url: 'https://example.com/' } })).toBeNull();
    expect(state.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it('forwards every engine event to the window', async () => {
    const state = await startShell();
    const host = playHost(state.children[0]!);
    const event: EngineEvent = { type: 'change', tables: ['households'], unitIds: [3, 1] };
    host.send(event);
    host.send({ type: 'library', path: '/data/档案库', error: null });
    await flush();
    expect(state.webContents.send.mock.calls).toEqual([
      [IPC_EVENT_CHANNEL, event],
      [IPC_EVENT_CHANNEL, { type: 'library', path: '/data/档案库', error: null }],
    ]);
  });

  it('opens the system folder picker for 选择其他档案库', async () => {
    const state = await startShell();
    expect(await state.handlers.get(IPC_CHOOSE_FOLDER_CHANNEL)!(OUR_PAGE)).toBe('/media/文书/U盘/档案库');
    expect(state.dialog.showOpenDialog).toHaveBeenCalledWith(state.windows[0], expect.objectContaining({ properties: ['openDirectory'] }));
    state.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await state.handlers.get(IPC_CHOOSE_FOLDER_CHANNEL)!(OUR_PAGE)).toBeNull();
  });

  it('when the engine process stops, the waiting call and the window are told, and a new engine process answers', async () => {
    const state = await startShell();
    const first = state.children[0]!;
    playHost(first).send({ type: 'library', path: '/data/档案库', error: null });
    // A call the engine never answers: the process dies under it.
    first.hostPort.removeAllListeners('message');
    const waiting = invoke(state, OUR_PAGE, 'check.run', { unitId: 1 }, 's');
    await flush();
    first.emit('exit', 9);

    const answer = (await waiting) as { ok: boolean; error: { message: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toContain('后台进程意外退出');
    expect(state.webContents.send).toHaveBeenLastCalledWith(IPC_EVENT_CHANNEL, {
      type: 'library',
      path: '/data/档案库',
      error: expect.objectContaining({ message: expect.stringContaining('正在重新打开档案库') }),
    });

    expect(state.children).toHaveLength(2);
    // The new engine process opens the library the stopped one had open (perhaps one chosen since the start).
    expect(state.children[1]!.args).toEqual(['--settings', join('/home/文书/.config/dangka', 'settings.json'), '--library', '/data/档案库']);
    const second = playHost(state.children[1]!);
    expect(await invoke(state, OUR_PAGE, 'library.reopen', {})).toEqual({ ok: true, value: { method: 'library.reopen' } });
    expect(second.seen).toHaveLength(1);
    expect(state.app.quit).not.toHaveBeenCalled();
  });

  it('an engine process that keeps stopping is started again by the next call (重试), not in a loop', async () => {
    const state = await startShell();
    for (let i = 0; i < 4; i++) state.children.at(-1)!.emit('exit', 134);
    // Three restarts within the minute, then it waits.
    expect(state.children).toHaveLength(4);
    const waiting = invoke(state, OUR_PAGE, 'library.reopen', {});
    expect(state.children).toHaveLength(5);
    playHost(state.children[4]!);
    expect(await waiting).toEqual({ ok: true, value: { method: 'library.reopen' } });
  });

  it('on closing the window the engine process backs up and closes the library first; then the app quits', async () => {
    const state = await startShell();
    const child = state.children[0]!;
    const host = playHost(child);
    state.app.emit('window-all-closed');
    await flush();
    expect(host.seen).toEqual([{ type: 'shutdown' }]);
    expect(state.app.quit).not.toHaveBeenCalled();
    child.emit('exit', 0);
    expect(state.app.quit).toHaveBeenCalled();
    // No new engine process after a deliberate exit.
    expect(state.children).toHaveLength(1);
  });

  it('loads no engine code: the engine runs only in the engine process', async () => {
    const loaded: string[] = [];
    const engineFiles = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? engineFiles(path) : /\.ts$/.test(name) ? [path] : [];
      });
    fake.state = newState();
    vi.resetModules();
    const files = engineFiles(join(root, 'engine'));
    for (const file of files) {
      vi.doMock(file, () => {
        loaded.push(file.slice(root.length + 1));
        return {};
      });
    }
    try {
      await import('../../electron/main');
      expect(loaded).toEqual([]);

      // The same watch sees the engine process load the engine (so the check above can fail).
      await import('../../electron/host').catch(() => undefined);
      expect(loaded).toContain(join('engine', 'host', 'host.ts'));
    } finally {
      for (const file of files) vi.doUnmock(file);
    }
  });
});

describe('Electron preload', () => {
  async function loadPreload() {
    const exposed = new Map<string, Record<string, (...args: unknown[]) => unknown>>();
    const renderer = Object.assign(new EventEmitter(), { invoke: vi.fn(async (...args: unknown[]) => ({ ok: true, value: args })) });
    vi.resetModules();
    vi.doMock('electron', () => ({
      contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...args: unknown[]) => unknown>) => exposed.set(key, api) },
      ipcRenderer: renderer,
    }));
    await import('../../electron/preload');
    return { api: exposed.get('dangka')!, exposed, renderer };
  }

  it('exposes exactly invoke, onEvent and chooseFolder — never ipcRenderer', async () => {
    const { api, exposed } = await loadPreload();
    expect([...exposed.keys()]).toEqual(['dangka']);
    expect(Object.keys(api).sort()).toEqual(['chooseFolder', 'invoke', 'onEvent']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invoke sends the method as a string and drops a session that is not one', async () => {
    const { api, renderer } = await loadPreload();
    await api.invoke!('library.info', {}, 'token');
    await api.invoke!({ toString: () => 'auth.status' }, {}, { evil: true });
    expect(renderer.invoke.mock.calls).toEqual([
      [IPC_CHANNEL, 'library.info', {}, 'token'],
      [IPC_CHANNEL, 'auth.status', {}, undefined],
    ]);
  });

  it('onEvent hands the engine events to the listener until it stops listening', async () => {
    const { api, renderer } = await loadPreload();
    const got: unknown[] = [];
    const stop = api.onEvent!((e: unknown) => got.push(e)) as () => void;
    renderer.emit(IPC_EVENT_CHANNEL, { sender: 'main' }, { type: 'change', tables: ['units'], unitIds: [1] });
    stop();
    renderer.emit(IPC_EVENT_CHANNEL, { sender: 'main' }, { type: 'change', tables: ['units'], unitIds: [2] });
    expect(got).toEqual([{ type: 'change', tables: ['units'], unitIds: [1] }]);
    expect(renderer.listenerCount(IPC_EVENT_CHANNEL)).toBe(0);
    expect(() => api.onEvent!('not a function')).toThrow();
  });

  it('chooseFolder asks the main process on its own channel', async () => {
    const { api, renderer } = await loadPreload();
    await api.chooseFolder!();
    expect(renderer.invoke).toHaveBeenCalledWith(IPC_CHOOSE_FOLDER_CHANNEL);
  });
});

describe('Electron engine process', () => {
  it('opens the library given by the main process, signs clerks in like dangka serve, and remembers the library', async () => {
    const { openLibrary } = await import('../../engine/library/library');
    const { tempDir } = await import('./helpers');
    const library = join(tempDir(), 'library');
    openLibrary(library, { create: true }).close();
    const settings = join(tempDir(), 'settings.json');

    const parent = new EventEmitter();
    const argv = process.argv;
    Object.assign(process, { parentPort: parent });
    process.argv = [argv[0]!, 'host.js', '--settings', settings, '--library', library];
    vi.resetModules();
    try {
      await import('../../electron/host');
    } finally {
      process.argv = argv;
      delete (process as { parentPort?: unknown }).parentPort;
    }
    const channel = { main: new FakePort(), host: new FakePort() };
    channel.main.other = channel.host;
    channel.host.other = channel.main;
    const answers = new Map<number, unknown>();
    const events: EngineEvent[] = [];
    channel.main.on('message', ({ data }: { data: FromHost }) => (data.type === 'result' ? answers.set(data.id, data.result) : events.push(data.event)));
    parent.emit('message', { data: { type: 'connect' }, ports: [channel.host] });
    const call = async (id: number, method: string) => {
      channel.main.postMessage({ type: 'call', id, method, input: {}, session: undefined } satisfies ToHost);
      await vi.waitFor(() => expect(answers.has(id)).toBe(true));
      return answers.get(id);
    };

    expect(await call(1, 'library.info')).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect(await call(2, 'auth.status')).toMatchObject({ ok: true, value: { needsSetup: true } });
    expect(events).toContainEqual({ type: 'library', path: library, error: null });
    const { readFileSync } = await import('node:fs');
    expect(JSON.parse(readFileSync(settings, 'utf8'))).toEqual({ lastLibrary: library });
    // The library opened last time is opened when no --library is given.
    const { readLastLibrary } = await import('../../electron/hostService');
    expect(readLastLibrary(settings)).toBe(library);
  });

  it('on shutdown closes the library, then ends the process', async () => {
    const { serveHostPort } = await import('../../electron/hostService');
    const port = new FakePort();
    const main = new FakePort();
    port.other = main;
    main.other = port;
    const order: string[] = [];
    const host = {
      subscribe: () => () => undefined,
      callUntyped: vi.fn(),
      shutdown: vi.fn(async () => {
        order.push('backed up and closed');
        return null;
      }),
    };
    serveHostPort(host as never, port, () => order.push('exit'));
    main.postMessage({ type: 'shutdown' } satisfies ToHost);
    await vi.waitFor(() => expect(order).toEqual(['backed up and closed', 'exit']));
  });
});
