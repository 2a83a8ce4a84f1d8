// The engine host: owns the engine of the open library and can close and open it again (重试 on the recovery screen)
// or open another library (选择其他档案库). Every long-running front door holds one: the app's engine process
// (electron/host.ts) and `dangka serve` (in its own process). The one-shot CLI commands open an engine directly.
// While no library is open, every call answers why, so the renderer shows its recovery screen; the host's own
// methods (shared/methods/host.ts) still work then.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { apiInputs } from '../../shared/api';
import { DangkaError, type ApiError, type Result } from '../../shared/errors';
import type { EngineEvent, EngineEventListener } from '../../shared/events';
import { hostMethods, type OpenedLibrary } from '../../shared/methods/host';
import { AUTO_BACKUPS_KEPT, autoBackup } from '../backup/backup';
import { createEngine, toApiError, zodToApiError, type Engine, type EngineOptions } from '../api/engine';
import { buildDemoLibrary } from '../demo/build';
import { generateCounty } from '../demo/generate';
import { libraryExists, openLibrary } from '../library/library';

/** What a transport (IPC forwarding, HTTP) needs: calls in, events out. An Engine is one too. */
export type EngineDoor = Pick<Engine, 'callUntyped' | 'subscribe' | 'refusal'>;

export interface EngineHostOptions {
  /** The library to open first. */
  dir: string;
  engine?: Omit<EngineOptions, 'sessions'>;
  /** The app's first start on its default library: build the sample county there, so a new clerk has something to open. */
  sampleWhenMissing?: boolean;
  /** After a library opened (the app remembers it for its next start). */
  onOpened?: (dir: string) => void;
  /** Read pages left waiting for OCR and watch the scanner folder (the app, `dangka serve`). */
  backgroundWork?: boolean;
}

export interface EngineHost extends EngineDoor {
  /** The library open now, or the one that could not be opened. */
  readonly dir: string;
  /** The engine of the open library, or null (tests reach the engine's own events through it). */
  readonly engine: Engine | null;
  /** Why no library is open, or null while one is. */
  readonly openError: ApiError | null;
  /** Opens the first library; calls made before wait for it. */
  start(): Promise<void>;
  /** Closes the library and opens it again (the same sign-ins stay). */
  reopen(): Promise<OpenedLibrary>;
  /** Opens another library; the one open stays open when it cannot be (a folder that is not a library). */
  open(path: string): Promise<OpenedLibrary>;
  /** On exit: backs up the session's work when something changed (the backup's folder, or null), then closes. */
  shutdown(): Promise<string | null>;
}

type HostMethod = keyof typeof hostMethods;
const isHostMethod = (method: unknown): method is HostMethod => typeof method === 'string' && Object.hasOwn(hostMethods, method);

export function createEngineHost(options: EngineHostOptions): EngineHost {
  let dir = resolve(options.dir);
  let engine: Engine | null = null;
  let openError: ApiError | null = null;
  let stopEvents: (() => void) | null = null;
  const listeners = new Set<EngineEventListener>();
  const emit = (event: EngineEvent) => {
    for (const listener of listeners) listener(event);
  };
  // Opening and closing happen one at a time, and calls wait until the library in front of them is settled.
  let settled: Promise<unknown> = Promise.resolve();
  const serially = <T>(work: () => Promise<T>): Promise<T> => {
    const next = settled.then(work, work);
    settled = next.catch(() => undefined);
    return next;
  };

  /** firstStart: the app's sample county may be built (never on 重试 or for another library). */
  const openEngine = async (at: string, keep: Engine | null, firstStart = false): Promise<Engine> => {
    const sample = firstStart && options.sampleWhenMissing === true && !libraryExists(at);
    const lib = openLibrary(at, { create: sample });
    try {
      if (sample) await buildDemoLibrary(lib, generateCounty({}));
      const opened = createEngine(lib, { ...options.engine, ...(keep ? { sessions: keep.sessions } : {}) });
      if (options.backgroundWork) opened.startBackgroundWork();
      return opened;
    } catch (err) {
      lib.close();
      throw err;
    }
  };

  const install = (opened: Engine, at: string) => {
    engine = opened;
    dir = at;
    openError = null;
    stopEvents = opened.subscribe(emit);
    try {
      options.onOpened?.(at);
    } catch (err) {
      // Remembering the library for the next start is a convenience: the library is open all the same.
      console.error(`提示：未能记住档案库位置：${err instanceof Error ? err.message : String(err)}`);
    }
    emit({ type: 'library', path: at, error: null });
  };

  const uninstall = () => {
    stopEvents?.();
    stopEvents = null;
    engine?.close();
    engine = null;
  };

  const failed = (at: string, err: unknown) => {
    dir = at;
    const error = toApiError(err);
    // The library's own message advises `dangka init` for the command line; the recovery screen says what to do.
    openError = error.code === 'LIBRARY_MISSING' ? { ...error, message: `找不到档案库：${at}（文件夹不存在，或里面没有档卡的数据库）` } : error;
    emit({ type: 'library', path: at, error: openError });
    return openError;
  };

  const reopenNow = async (): Promise<OpenedLibrary> => {
    const before = engine;
    uninstall();
    try {
      install(await openEngine(dir, before), dir);
    } catch (err) {
      const error = failed(dir, err);
      throw new DangkaError(error.code, error.message, error.fields);
    }
    return { path: dir };
  };
  const reopen = () => serially(reopenNow);

  const open = (path: string) =>
    serially(async () => {
      const at = resolve(path);
      if (at === dir) return reopenNow();
      // The library open now stays open until the new one has opened.
      const opened = await openEngine(at, null).catch((err: unknown) => {
        throw notALibrary(at, err);
      });
      uninstall();
      install(opened, at);
      return { path: at };
    });

  const callHost = async (method: HostMethod, input: unknown): Promise<Result<unknown>> => {
    const parsed = apiInputs[method].safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: zodToApiError(parsed.error) };
    try {
      const value = method === 'library.open' ? await open((parsed.data as { path: string }).path) : await reopen();
      return { ok: true, value };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  };

  return {
    get dir() {
      return dir;
    },
    get engine() {
      return engine;
    },
    get openError() {
      return openError;
    },
    start: () =>
      serially(async () => {
        try {
          install(await openEngine(dir, null, true), dir);
        } catch (err) {
          failed(dir, err);
        }
      }),
    reopen,
    open,
    callUntyped: async (method, input, session) => {
      if (isHostMethod(method)) return callHost(method, input);
      await settled;
      if (!engine) return { ok: false, error: openError ?? { code: 'LIBRARY_MISSING', message: '档案库尚未打开' } };
      return engine.callUntyped(method, input, session);
    },
    // Checked before a request's body is read: with no library open there is nobody to sign in, so every call
    // but the host's own is answered with why.
    refusal: (method, session) => {
      if (isHostMethod(method)) return null;
      if (!engine) return openError ?? { code: 'LIBRARY_MISSING', message: '档案库尚未打开' };
      return engine.refusal(method, session);
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    shutdown: () =>
      serially(async () => {
        if (!engine) return null;
        let backup: string | null = null;
        try {
          backup = await autoBackup(engine.lib, { keep: AUTO_BACKUPS_KEPT });
        } catch (err) {
          console.error(`提示：自动备份失败：${err instanceof Error ? err.message : String(err)}`);
        }
        uninstall();
        listeners.clear();
        return backup;
      }),
  };
}

/** 选择其他档案库 with a folder that holds none: say so in the clerk's words, under the path field. */
function notALibrary(dir: string, err: unknown): unknown {
  if (!(err instanceof DangkaError) || err.code !== 'LIBRARY_MISSING') return err;
  const why = !existsSync(dir)
    ? '找不到这个文件夹'
    : !statSync(dir).isDirectory()
      ? '这不是文件夹'
      : '这个文件夹不是档卡档案库（里面没有档卡的数据库 dangka.sqlite），请选择档案库所在的文件夹';
  return new DangkaError('INVALID_INPUT', `${why}：${dir}`, { path: why });
}
