// The engine behind the one API: validates input with the contract's zod schemas, runs the handler, and turns
// every outcome into a Result. All three front doors (IPC, HTTP, CLI) and the tests call `engine.call`.
import { z } from 'zod';
import { userInfo } from 'node:os';
import { apiInputs, isApiMethod, REQUIRED_ROLE, roleAllows, type ApiInput, type ApiMethod, type ApiOutput } from '../../shared/api';
import { actorName, runAs, type Actor } from '../audit/trail';
import { Sessions } from '../auth/sessions';
import { getUser } from '../auth/users';
import { DangkaError, GENERIC_MESSAGE, type ApiError, type Result } from '../../shared/errors';
import type { EngineEvent, EngineEventListener } from '../../shared/events';
import { HotFolderService } from '../ingest/hotFolderService';
import type { HotFolderOptions } from '../ingest/hotFolder';
import { clearStaleUploads } from '../ingest/uploads';
import { JobRunner } from '../jobs/jobs';
import { diskError } from '../library/diskErrors';
import { OcrService } from '../ocr/service';
import type { Library } from '../library/library';
import { handlers, type EngineContext } from './handlers';

export interface Engine {
  readonly lib: Library;
  readonly jobs: JobRunner;
  call<M extends ApiMethod>(method: M, input: ApiInput<M>, session?: string): Promise<Result<ApiOutput<M>>>;
  /** For transports that receive untyped data (IPC, HTTP): checks the method name too. */
  callUntyped(method: unknown, input: unknown, session?: unknown): Promise<Result<unknown>>;
  /**
   * For the long-running front doors (the app, `dangka serve`): reads pages left waiting for OCR by an earlier
   * session, and watches this workstation's scanner folder.
   */
  startBackgroundWork(): void;
  /** One look at the scanner folder now (tests and `dangka watch --once`); returns the files taken. */
  pollHotFolder(now?: number): Promise<string[]>;
  /** Why this caller may not make the call, or null: a front door asks before it reads the request's body. */
  refusal(method: unknown, session?: unknown): ApiError | null;
  /** Stops watching the scanner folder; resolves once a file being imported is done (call before close). */
  stopHotFolder(): Promise<void>;
  /** Listens to the engine's events (changes, job progress); returns the function that stops listening. */
  subscribe(listener: EngineEventListener): () => void;
  /** Sends an event to every listener (the change feed and the job runner call this). */
  emit(event: EngineEvent): void;
  close(): void;
}

export interface EngineOptions {
  hotFolder?: HotFolderOptions;
  /**
   * 'sessions' for the front doors a clerk signs in to (the app, `dangka serve`): every call but auth.* needs a
   * session, and the role allows it or not (REQUIRED_ROLE). 'system' (default) for the command line and tests: the
   * person at the console, who can read the library's files anyway, acts as an administrator named after the OS
   * account in the audit trail.
   */
  auth?: 'sessions' | 'system';
  idleLockMinutes?: number;
}

/** Calls the renderer repeats on a timer (the OCR count in the header, a job's progress). */
const BACKGROUND_POLLS: ReadonlySet<ApiMethod> = new Set(['ocr.status', 'job.get', 'auth.status']);

function systemActor(action: string): Actor {
  let who = 'unknown';
  try {
    who = userInfo().username;
  } catch {
    // No passwd entry (a container): keep the placeholder.
  }
  return { userId: null, name: `命令行（${who}）`, displayName: `命令行（${who}）`, role: 'admin', action };
}

export function createEngine(lib: Library, options: EngineOptions = {}): Engine {
  const jobs = new JobRunner();
  const ocr = new OcrService(lib, jobs);
  const sessions = new Sessions(options.idleLockMinutes);
  const mode = options.auth ?? 'system';
  const listeners = new Set<EngineEventListener>();
  const base = { lib, jobs, ocr, hotFolder: new HotFolderService(lib, ocr, options.hotFolder), sessions, mode };

  /** Who makes this call, or why they may not. */
  const actorFor = (method: ApiMethod, token: string | undefined): { actor: Actor } | { error: ApiError } => {
    if (mode === 'system') return { actor: systemActor(method) };
    const session = sessions.find(token);
    const anonymous: Actor = { userId: null, name: '未登录', displayName: '未登录', role: 'clerk', action: method };
    if (REQUIRED_ROLE[method] === 'anyone' || (method === 'auth.unlock' && session)) {
      if (!session) return { actor: anonymous };
      const user = getUser(lib.db, session.userId);
      return { actor: { userId: user.id, name: actorName(user.displayName, user.role), displayName: user.displayName, role: user.role, action: method } };
    }
    if (!session) return { error: { code: 'SIGN_IN_REQUIRED', message: GENERIC_MESSAGE.SIGN_IN_REQUIRED } };
    if (session.locked) return { error: { code: 'LOCKED', message: GENERIC_MESSAGE.LOCKED } };
    const user = getUser(lib.db, session.userId);
    if (!user.active) return { error: { code: 'SIGN_IN_REQUIRED', message: '该账户已停用，请联系管理员' } };
    if (!roleAllows(user.role, method)) return { error: { code: 'FORBIDDEN', message: GENERIC_MESSAGE.FORBIDDEN } };
    // Polls the screen makes by itself are not the clerk at work: they must not keep an unattended session open.
    if (!BACKGROUND_POLLS.has(method)) sessions.touch(session.token);
    return { actor: { userId: user.id, name: actorName(user.displayName, user.role), displayName: user.displayName, role: user.role, action: method } };
  };

  const callUntyped = async (method: unknown, input: unknown, session?: unknown): Promise<Result<unknown>> => {
    if (!isApiMethod(method)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `未知的操作：${String(method).slice(0, 60)}` } };
    }
    try {
      // Who first: a caller without a session learns nothing, not even what input a method takes.
      const token = typeof session === 'string' ? session : undefined;
      const who = actorFor(method, token);
      if ('error' in who) return { ok: false, error: who.error };
      const parsed = apiInputs[method].safeParse(input ?? {});
      if (!parsed.success) return { ok: false, error: zodToApiError(parsed.error) };
      const handler = handlers[method] as (c: EngineContext, i: unknown) => unknown;
      // The actor follows the call into the jobs it starts, for the audit trail.
      return { ok: true, value: await runAs(who.actor, () => handler({ ...base, actor: who.actor, session: token }, parsed.data)) };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  };
  return {
    lib,
    jobs,
    call: (method, input, session) => callUntyped(method, input, session) as never,
    callUntyped,
    startBackgroundWork: () => {
      clearStaleUploads(lib);
      ocr.startRun();
      base.hotFolder.start();
    },
    pollHotFolder: (now) => base.hotFolder.poll(now),
    stopHotFolder: () => base.hotFolder.stop(),
    refusal: (method, session) => {
      if (!isApiMethod(method)) return { code: 'INVALID_INPUT', message: `未知的操作：${String(method).slice(0, 60)}` };
      const who = actorFor(method, typeof session === 'string' ? session : undefined);
      return 'error' in who ? who.error : null;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit: (event) => {
      for (const listener of listeners) listener(event);
    },
    close: () => {
      listeners.clear();
      void base.hotFolder.stop();
      ocr.close();
      lib.close();
    },
  };
}

function zodToApiError(error: z.ZodError) {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_';
    fields[key] ??= issue.message;
  }
  const first = error.issues[0];
  return { code: 'INVALID_INPUT' as const, message: first ? first.message : GENERIC_MESSAGE.INVALID_INPUT, fields };
}

export function toApiError(err: unknown) {
  if (err instanceof DangkaError) return { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) };
  const disk = diskError(err);
  if (disk) return { code: disk.code, message: disk.message };
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_BUSY') return { code: 'LIBRARY_BUSY' as const, message: GENERIC_MESSAGE.LIBRARY_BUSY };
  if (code === 'SQLITE_READONLY') return { code: 'LIBRARY_READ_ONLY' as const, message: GENERIC_MESSAGE.LIBRARY_READ_ONLY };
  if (code === 'SQLITE_CORRUPT') return { code: 'LIBRARY_CORRUPT' as const, message: GENERIC_MESSAGE.LIBRARY_CORRUPT };
  // Internal details go to the log, not to the clerk; the message stays actionable.
  console.error('[dangka] internal error:', err);
  return { code: 'INTERNAL' as const, message: GENERIC_MESSAGE.INTERNAL };
}

/** Unwraps a Result for callers that prefer throws (CLI, tests). */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new DangkaError(result.error.code, result.error.message, result.error.fields);
}
