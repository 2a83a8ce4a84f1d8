// Long work (roster import; later ingest, OCR, export) runs as a job: the caller gets an id at once and polls
// progress with a count and an ETA, and can cancel. The work checks `signal` between steps.
import { randomUUID } from 'node:crypto';
import type { JobState } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { diskError } from '../library/diskErrors';

export interface JobContext {
  signal: AbortSignal;
  /** Reports the current phase and how far it is; the ETA is derived from the rate within the phase. */
  progress(phase: string, done: number, total: number, unit?: 'bytes'): void;
  /** Throws JOB_CANCELLED when cancel was asked; call it between steps. The message says what was kept. */
  throwIfCancelled(message?: string): void;
  /** Lets the event loop answer other calls (progress polls) during long synchronous work. */
  yield(): Promise<void>;
}

/** A context for work done outside a job (a hot-folder file, a CLI run): no progress to report, no cancel. */
export function detachedContext(signal: AbortSignal = new AbortController().signal): JobContext {
  return {
    signal,
    progress: () => undefined,
    throwIfCancelled: (message = '已取消') => {
      if (signal.aborted) throw new DangkaError('JOB_CANCELLED', message);
    },
    yield: () => new Promise((resolve) => setImmediate(resolve)),
  };
}

interface JobRecord {
  state: JobState;
  controller: AbortController;
  phaseStartedAt: number;
}

/** Finished jobs are kept this long for the client to read their result. */
const KEEP_FINISHED_MS = 60 * 60 * 1000;

export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();

  start<R>(kind: string, work: (ctx: JobContext) => Promise<R>): JobState<R> {
    this.prune();
    const id = randomUUID();
    const controller = new AbortController();
    const record: JobRecord = {
      controller,
      phaseStartedAt: Date.now(),
      state: { id, kind, status: 'running', phase: '准备', done: 0, total: 0, startedAt: Date.now(), etaSeconds: null, result: null, error: null },
    };
    this.jobs.set(id, record);
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (phase, done, total, unit) => {
        const s = record.state;
        if (unit) s.unit = unit;
        else delete s.unit;
        if (phase !== s.phase) record.phaseStartedAt = Date.now();
        const elapsed = (Date.now() - record.phaseStartedAt) / 1000;
        s.phase = phase;
        s.done = done;
        s.total = total;
        s.etaSeconds = done > 0 && total >= done ? Math.round((elapsed / done) * (total - done)) : null;
      },
      throwIfCancelled: (message = '已取消，未做任何修改') => {
        if (controller.signal.aborted) throw new DangkaError('JOB_CANCELLED', message);
      },
      yield: () => new Promise((resolve) => setImmediate(resolve)),
    };
    // Start on the next turn so the caller gets the id before any work happens.
    setImmediate(() => {
      work(ctx).then(
        (result) => {
          // A job that stops early on cancel and returns what it did (an import: the files done so far) ends
          // as cancelled with its result.
          record.state.status = controller.signal.aborted ? 'cancelled' : 'done';
          record.state.result = result;
          record.state.etaSeconds = 0;
        },
        (failure: unknown) => {
          const err = diskError(failure) ?? failure;
          const cancelled = err instanceof DangkaError && err.code === 'JOB_CANCELLED';
          record.state.status = cancelled ? 'cancelled' : 'failed';
          record.state.error =
            err instanceof DangkaError
              ? { code: err.code, message: err.message }
              : { code: 'INTERNAL', message: `程序内部错误：${err instanceof Error ? err.message : String(err)}` };
        },
      );
    });
    return this.get(id) as JobState<R>;
  }

  get(id: string): JobState {
    const record = this.jobs.get(id);
    if (!record) throw new DangkaError('NOT_FOUND', '没有这个任务（可能已过期）');
    return structuredClone(record.state);
  }

  cancel(id: string): JobState {
    const record = this.jobs.get(id);
    if (!record) throw new DangkaError('NOT_FOUND', '没有这个任务（可能已过期）');
    if (record.state.status === 'running') record.controller.abort();
    return this.get(id);
  }

  /** Resolves when the job has finished (for the CLI and tests). */
  async wait(id: string, onProgress?: (state: JobState) => void, pollMs = 200): Promise<JobState> {
    for (;;) {
      const state = this.get(id);
      onProgress?.(state);
      if (state.status !== 'running') return state;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, r] of this.jobs) if (r.state.status !== 'running' && r.state.startedAt < cutoff) this.jobs.delete(id);
  }
}
