// Long work (imports, ingest, OCR, printing, packages) runs as a job: the caller gets an id at once, follows its
// progress (a count and an ETA) through the engine's `job` events, and can cancel. The work checks `signal` between
// steps. With a library, every job is a row of the `job` table (migration 0070) — a new phase and the end written at
// once, counts at most every PERSIST_MS — so the 任务 list outlives the process, and a job cut off by a crash shows as failed
// with its reason the next time the library is opened. A file a job makes (a print's PDF) goes to the file store
// and the row keeps its hash: results are fetched by hash, never held in memory.
import type Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JobState, JobStatus } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { actorName, currentActor } from '../audit/trail';
import { storeBlob } from '../library/blobs';
import type { WriteDb } from '../library/handles';
import { libraryError, longWrite, usualBusyTimeout, WAITING_FOR_WRITER, writeTransaction, writeWhenFree, type Library } from '../library/library';
import { stmt } from '../library/sql';

export interface JobContext {
  signal: AbortSignal;
  /** Reports the current phase and how far it is; the ETA is derived from the rate within the phase. */
  progress(phase: string, done: number, total: number, unit?: 'bytes'): void;
  /** Throws JOB_CANCELLED when cancel was asked; call it between steps. The message says what was kept. */
  throwIfCancelled(message?: string): void;
  /** Lets the event loop answer other calls during long synchronous work. */
  yield(): Promise<void>;
  /** Keeps a file the job made in the library's file store as the job's result file; returns its hash. */
  keepResultFile(bytes: Uint8Array, mime: string): string;
  /**
   * Runs a long write as one transaction once no other process writes the library; meanwhile the phase shows
   * 档案库正忙（另一个程序正在写入），等待中… with the seconds waited (library.ts, writeWhenFree).
   */
  writeTransaction<T>(db: Database.Database, work: (db: WriteDb) => T): Promise<T>;
  /**
   * Runs a write too long to hold the event loop as one transaction on its own connection (library.ts, longWrite):
   * `work` yields between chunks and reads are answered meanwhile; waits its turn like writeTransaction.
   */
  longWrite<T>(lib: Library, work: (db: WriteDb) => Promise<T>): Promise<T>;
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
    keepResultFile: () => {
      throw new DangkaError('INTERNAL', '只有任务才能保存结果文件');
    },
    // Work outside a job has nobody to show a wait to: it relies on the connection's busy timeout.
    writeTransaction: async (db, work) => writeTransaction(db, work),
    longWrite: (lib, work) => longWrite(lib, work, () => undefined, signal),
  };
}

/** The reason a job cut off by the end of its process is listed with. */
export const INTERRUPTED_MESSAGE = '程序在任务进行中退出，任务未完成';

/** Progress goes to the screens at most this often; a new phase and the end at once. */
const NOTIFY_MS = 500;
/** Counts are written to the job's row at most this often (a new phase and the end at once). */
const PERSIST_MS = 5000;
/** How many finished jobs the 任务 list shows. */
const LIST_LIMIT = 100;

/** Runners alive in this process, so a reopened library tells this process's live jobs from dead ones. */
const liveRunners = new Set<string>();

interface JobRecord {
  state: JobState;
  controller: AbortController;
  phaseStartedAt: number;
  persistedAt: number;
  notifiedAt: number;
  /** A new phase not yet in the row (the library was busy, or inside a transaction). */
  phaseUnwritten: boolean;
  /** A progress report not yet written (throttled, or made inside a transaction): written by this timer. */
  pending: ReturnType<typeof setTimeout> | null;
}

interface JobRow {
  id: string;
  kind: string;
  unit_id: number | null;
  status: JobStatus;
  phase: string;
  done: number;
  total: number;
  progress_unit: 'bytes' | null;
  eta_seconds: number | null;
  attempts: number;
  error_code: string | null;
  error_message: string | null;
  result: string | null;
  result_sha256: string | null;
  started_at: number;
  finished_at: number | null;
  actor: string;
  host: string;
}

export class JobRunner {
  /** This process's jobs while they run (and, without a library, after). */
  private readonly jobs = new Map<string, JobRecord>();
  /** In-process followers (`wait`): every progress report, unthrottled. */
  private readonly watchers = new Set<(state: JobState) => void>();
  private readonly runnerId = randomUUID();
  private readonly host = `${hostname()}|${process.pid}|${this.runnerId}`;

  /**
   * @param lib where jobs are kept as rows; null for work that needs no library (verifying a package, restoring).
   * @param notify told of every job's state when it changes (throttled like the rows): the engine's `job` events.
   */
  constructor(
    private readonly lib: Library | null = null,
    private readonly notify: (state: JobState) => void = () => undefined,
  ) {
    liveRunners.add(this.runnerId);
    if (lib) failInterruptedJobs(lib);
  }

  start<R>(kind: string, work: (ctx: JobContext) => Promise<R>, options: { unitId?: number } = {}): JobState<R> {
    const id = randomUUID();
    const controller = new AbortController();
    const now = Date.now();
    const actor = currentActor();
    const record: JobRecord = {
      controller,
      phaseStartedAt: now,
      persistedAt: now,
      notifiedAt: now,
      phaseUnwritten: true,
      pending: null,
      state: {
        id,
        kind,
        status: 'running',
        phase: '准备',
        done: 0,
        total: 0,
        startedAt: now,
        etaSeconds: null,
        result: null,
        error: null,
        finishedAt: null,
        unitId: options.unitId ?? null,
        actor: actor.userId === null ? actor.name : actorName(actor.displayName, actor.role),
        attempts: 1,
        resultSha256: null,
      },
    };
    this.jobs.set(id, record);
    // The row is written at once — or, while another process writes the library, as soon as it can be.
    this.publish(record, true);
    /** Shows the wait for another writer as the phase, then goes back to the phase the job was in. */
    const inTurn = async <T>(write: (onWait: (seconds: number) => void) => Promise<T>): Promise<T> => {
      const { phase, done, total, unit } = record.state;
      let waited = false;
      const result = await write((seconds) => {
        waited = true;
        ctx.progress(`${WAITING_FOR_WRITER}（已等待 ${seconds} 秒）`, 0, 0);
      });
      // Back to the phase the job was in: its next report follows on from there.
      if (waited) ctx.progress(phase, done, total, unit);
      return result;
    };
    const ctx: JobContext = {
      signal: controller.signal,
      progress: (phase, done, total, unit) => {
        const s = record.state;
        if (unit) s.unit = unit;
        else delete s.unit;
        const newPhase = phase !== s.phase;
        if (newPhase) record.phaseStartedAt = Date.now();
        const elapsed = (Date.now() - record.phaseStartedAt) / 1000;
        s.phase = phase;
        s.done = done;
        s.total = total;
        s.etaSeconds = done > 0 && total >= done ? Math.round((elapsed / done) * (total - done)) : null;
        for (const watch of this.watchers) watch(s);
        this.publish(record, newPhase);
      },
      throwIfCancelled: (message = '已取消，未做任何修改') => {
        if (controller.signal.aborted) throw new DangkaError('JOB_CANCELLED', message);
      },
      yield: () => new Promise((resolve) => setImmediate(resolve)),
      keepResultFile: (bytes, mime) => {
        if (!this.lib) throw new DangkaError('INTERNAL', '没有打开档案库，无法保存结果文件');
        const sha256 = storeBlob(this.lib, bytes, mime);
        record.state.resultSha256 = sha256;
        return sha256;
      },
      writeTransaction: (db, work) => inTurn((onWait) => writeWhenFree(db, work, onWait, controller.signal)),
      longWrite: (lib, work) => inTurn((onWait) => longWrite(lib, (db) => work(db), onWait, controller.signal)),
    };
    // Start on the next turn so the caller gets the id before any work happens.
    setImmediate(() => {
      work(ctx).then(
        (result) => {
          // A job that stops early on cancel and returns what it did (an import: the files done so far) ends
          // as cancelled with its result.
          this.finish(record, controller.signal.aborted ? 'cancelled' : 'done', result, null);
        },
        (err: unknown) => {
          const cancelled = err instanceof DangkaError && err.code === 'JOB_CANCELLED';
          // A busy, full, failing, read-only or damaged library says so in Chinese — never "database is locked".
          const known = err instanceof DangkaError ? err : libraryError(err);
          const error = known
            ? { code: known.code, message: known.message }
            : { code: 'INTERNAL', message: `程序内部错误：${err instanceof Error ? err.message : String(err)}` };
          this.finish(record, cancelled ? 'cancelled' : 'failed', null, error);
        },
      );
    });
    return this.get(id) as JobState<R>;
  }

  get(id: string): JobState {
    const record = this.jobs.get(id);
    if (record) return structuredClone(record.state);
    const row = this.lib ? (stmt(this.lib.db, 'SELECT * FROM job WHERE id = ?').get(id) as JobRow | undefined) : undefined;
    if (!row) throw new DangkaError('NOT_FOUND', '没有这个任务');
    return stateOfRow(row);
  }

  /** The 任务 list: the most recent jobs first, running ones included. */
  list(limit = LIST_LIMIT): JobState[] {
    if (!this.lib) return [...this.jobs.values()].map((r) => structuredClone(r.state)).reverse().slice(0, limit);
    const rows = stmt(this.lib.db, 'SELECT * FROM job ORDER BY started_at DESC, rowid DESC LIMIT ?').all(limit) as JobRow[];
    // A running job's latest progress may not be written yet: this process's own state is fresher.
    return rows.map((row) => {
      const live = this.jobs.get(row.id);
      return live ? structuredClone(live.state) : stateOfRow(row);
    });
  }

  cancel(id: string): JobState {
    const record = this.jobs.get(id);
    if (!record) {
      const state = this.get(id);
      if (state.status === 'running') throw new DangkaError('INVALID_INPUT', '该任务由另一个程序在运行，请在那里取消');
      return state;
    }
    if (record.state.status === 'running') record.controller.abort();
    return this.get(id);
  }

  /** Resolves when the job has finished (the CLI and tests); onProgress sees every progress report. */
  wait(id: string, onProgress?: (state: JobState) => void): Promise<JobState> {
    return new Promise((resolve) => {
      const watch = (state: JobState) => {
        if (state.id !== id) return;
        onProgress?.(structuredClone(state));
        if (state.status === 'running') return;
        this.watchers.delete(watch);
        resolve(structuredClone(state));
      };
      this.watchers.add(watch);
      watch(this.get(id));
    });
  }

  /** The process is done with the library: its jobs stop being alive (a reopened library sees them cut off). */
  close(): void {
    liveRunners.delete(this.runnerId);
    for (const record of this.jobs.values()) {
      if (record.pending) clearTimeout(record.pending);
      record.controller.abort();
      // An end not yet written (the library was busy): written now, waiting the busy timeout if need be.
      if (record.state.status !== 'running' && this.lib?.db.open) this.recordEndNow(record);
    }
  }

  /**
   * Tells the screens (at most every NOTIFY_MS) and writes the row: a new phase at once, counts at most every
   * PERSIST_MS — the row is for other processes and for after a crash, the screens of this one get the events.
   */
  private publish(record: JobRecord, newPhase: boolean): void {
    const now = Date.now();
    if (!newPhase && now - record.notifiedAt < NOTIFY_MS) return this.later(record);
    record.notifiedAt = now;
    if (newPhase) record.phaseUnwritten = true;
    if (this.lib && (record.phaseUnwritten || now - record.persistedAt >= PERSIST_MS)) {
      // Inside a transaction the row would commit (or roll back) with the work's own writes: write it later.
      if (!this.lib.db.inTransaction && writeUnlessBusy(this.lib, () => this.writeRow(record))) {
        record.persistedAt = now;
        record.phaseUnwritten = false;
      } else this.later(record);
    }
    this.notify(structuredClone(record.state));
  }

  /** Publishes again in a moment (throttled, inside a transaction, or another process writing). */
  private later(record: JobRecord): void {
    record.pending ??= setTimeout(() => {
      record.pending = null;
      if (record.state.status === 'running') this.publish(record, false);
    }, NOTIFY_MS).unref();
  }

  private finish(record: JobRecord, status: JobStatus, result: unknown, error: { code: string; message: string } | null): void {
    if (record.pending) clearTimeout(record.pending);
    record.pending = null;
    const s = record.state;
    s.status = status;
    s.result = result ?? null;
    s.error = error;
    s.etaSeconds = status === 'done' ? 0 : null;
    s.finishedAt = Date.now();
    this.recordEnd(record);
    // The engine first (its change feed re-checks what the job wrote), then whoever waits for the end.
    this.notify(structuredClone(s));
    for (const watch of this.watchers) watch(s);
  }

  /** The end in the job's row; while another process writes, again a moment later (the job is over either way). */
  private recordEnd(record: JobRecord): void {
    if (!this.lib || !this.lib.db.open) return;
    try {
      // The row holds it now: nothing of a finished job stays in memory.
      if (writeUnlessBusy(this.lib, () => this.writeRow(record))) this.jobs.delete(record.state.id);
      else setTimeout(() => this.recordEnd(record), NOTIFY_MS).unref();
    } catch (err) {
      // The library went away under the job (closed at exit): the next open lists it as cut off.
      console.error('[dangka] job end not recorded:', err);
    }
  }

  private recordEndNow(record: JobRecord): void {
    try {
      this.writeRow(record);
    } catch (err) {
      console.error('[dangka] job end not recorded:', err);
    }
  }

  /** The job's whole row as it stands (a first write, progress or the end): one statement for all three. */
  private writeRow(record: JobRecord): void {
    const s = record.state;
    stmt(
      this.lib!.db,
      `INSERT INTO job (id, kind, unit_id, status, phase, done, total, progress_unit, eta_seconds, attempts, error_code, error_message,
                        result, result_sha256, started_at, finished_at, actor, host)
       VALUES (@id, @kind, @unitId, @status, @phase, @done, @total, @unit, @eta, @attempts, @errorCode, @errorMessage,
               @result, @resultSha256, @startedAt, @finishedAt, @actor, @host)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status, phase = excluded.phase, done = excluded.done, total = excluded.total,
         progress_unit = excluded.progress_unit, eta_seconds = excluded.eta_seconds, error_code = excluded.error_code,
         error_message = excluded.error_message, result = excluded.result, result_sha256 = excluded.result_sha256,
         finished_at = excluded.finished_at`,
    ).run({
      id: s.id,
      kind: s.kind,
      unitId: s.unitId,
      status: s.status,
      phase: s.phase,
      done: s.done,
      total: s.total,
      unit: s.unit ?? null,
      eta: s.etaSeconds,
      attempts: s.attempts,
      errorCode: s.error?.code ?? null,
      errorMessage: s.error?.message ?? null,
      result: s.result === null ? null : JSON.stringify(s.result),
      resultSha256: s.resultSha256,
      startedAt: s.startedAt,
      finishedAt: s.finishedAt,
      actor: s.actor,
      host: this.host,
    });
  }
}

/**
 * A job's own bookkeeping never waits behind another process's write (that would stall the screens for the busy
 * timeout): false when the library is busy, and the caller writes again later.
 */
function writeUnlessBusy(lib: Library, write: () => unknown): boolean {
  lib.db.pragma('busy_timeout = 0');
  try {
    write();
    return true;
  } catch (err) {
    if (libraryError(err)?.code === 'LIBRARY_BUSY') return false;
    throw err;
  } finally {
    lib.db.pragma(`busy_timeout = ${usualBusyTimeout(lib.db)}`);
  }
}

/** Running jobs whose process has ended (a crash, a kill, a power cut) are failed with the reason. */
function failInterruptedJobs(lib: Library): void {
  const running = stmt(lib.db, "SELECT id, kind, host FROM job WHERE status = 'running'").all() as { id: string; kind: string; host: string }[];
  const fail = stmt(
    lib.db,
    "UPDATE job SET status = 'failed', error_code = 'INTERRUPTED', error_message = ?, eta_seconds = NULL, finished_at = ? WHERE id = ? AND status = 'running'",
  );
  for (const job of running) {
    if (processAlive(job.host)) continue;
    // OCR is safe to repeat: its pages are still waiting and the next start of the app reads them.
    const reason = job.kind === 'ocr' ? `${INTERRUPTED_MESSAGE}；尚未识别的页面会在下次启动时继续识别` : INTERRUPTED_MESSAGE;
    // Another process writing now: the next open marks it.
    if (!writeUnlessBusy(lib, () => fail.run(reason, Date.now(), job.id))) return;
  }
}

function processAlive(host: string): boolean {
  const [name, pidText, runner] = host.split('|');
  const pid = Number(pidText);
  // A library lives on one computer; a job of another one's process is not running here.
  if (name !== hostname() || !Number.isInteger(pid)) return false;
  if (pid === process.pid) return liveRunners.has(runner ?? '');
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists under another account.
    return (err as { code?: string }).code === 'EPERM';
  }
}

function stateOfRow(row: JobRow): JobState {
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    phase: row.phase,
    done: row.done,
    total: row.total,
    startedAt: row.started_at,
    etaSeconds: row.eta_seconds,
    ...(row.progress_unit ? { unit: row.progress_unit } : {}),
    result: row.result === null ? null : (JSON.parse(row.result) as unknown),
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
    finishedAt: row.finished_at,
    unitId: row.unit_id,
    actor: row.actor,
    attempts: row.attempts,
    resultSha256: row.result_sha256,
  };
}
