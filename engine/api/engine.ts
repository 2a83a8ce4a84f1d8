// The engine behind the one API: validates input with the contract's zod schemas, runs the handler, and turns
// every outcome into a Result. All three front doors (IPC, HTTP, CLI) and the tests call `engine.call`.
import { z } from 'zod';
import { apiInputs, isApiMethod, type ApiInput, type ApiMethod, type ApiOutput } from '../../shared/api';
import { DangkaError, GENERIC_MESSAGE, type Result } from '../../shared/errors';
import { HotFolderService } from '../ingest/hotFolderService';
import type { HotFolderOptions } from '../ingest/hotFolder';
import { clearStaleUploads } from '../ingest/uploads';
import { JobRunner } from '../jobs/jobs';
import { OcrService } from '../ocr/service';
import type { Library } from '../library/library';
import { handlers, type EngineContext } from './handlers';

export interface Engine {
  readonly lib: Library;
  readonly jobs: JobRunner;
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Result<ApiOutput<M>>>;
  /** For transports that receive untyped data (IPC, HTTP): checks the method name too. */
  callUntyped(method: unknown, input: unknown): Promise<Result<unknown>>;
  /**
   * For the long-running front doors (the app, `dangka serve`): reads pages left waiting for OCR by an earlier
   * session, and watches this workstation's scanner folder.
   */
  startBackgroundWork(): void;
  /** One look at the scanner folder now (tests and `dangka watch --once`); returns the files taken. */
  pollHotFolder(now?: number): Promise<string[]>;
  close(): void;
}

export interface EngineOptions {
  hotFolder?: HotFolderOptions;
}

export function createEngine(lib: Library, options: EngineOptions = {}): Engine {
  const jobs = new JobRunner();
  const ocr = new OcrService(lib, jobs);
  const ctx: EngineContext = { lib, jobs, ocr, hotFolder: new HotFolderService(lib, ocr, options.hotFolder) };
  const callUntyped = async (method: unknown, input: unknown): Promise<Result<unknown>> => {
    if (!isApiMethod(method)) {
      return { ok: false, error: { code: 'INVALID_INPUT', message: `未知的操作：${String(method).slice(0, 60)}` } };
    }
    const parsed = apiInputs[method].safeParse(input ?? {});
    if (!parsed.success) return { ok: false, error: zodToApiError(parsed.error) };
    try {
      const handler = handlers[method] as (c: EngineContext, i: unknown) => unknown;
      return { ok: true, value: await handler(ctx, parsed.data) };
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  };
  return {
    lib,
    jobs: ctx.jobs,
    call: (method, input) => callUntyped(method, input) as never,
    callUntyped,
    startBackgroundWork: () => {
      clearStaleUploads(lib);
      ocr.startRun();
      ctx.hotFolder.start();
    },
    pollHotFolder: (now) => ctx.hotFolder.poll(now),
    close: () => {
      ctx.hotFolder.stop();
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
