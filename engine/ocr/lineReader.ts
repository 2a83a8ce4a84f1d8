// How confidently Tesseract reads one short line of text: the page clean-up's orientation test (an upside-down
// line reads as garbage at low confidence). One worker of its own, reading a line at a time (~30–150 ms), so the
// clean-up needs no OCR pool; it starts on first use (~0.4 s) and stops after a few idle seconds, so a
// long-running app does not keep it and a command-line run ends soon after its last page (or at once with
// closeLineReader()).
import { PSM, type Worker } from 'tesseract.js';
import { DangkaError } from '../../shared/errors';
import { startWorker } from './worker';

const IDLE_MS = 3_000;
/** A dozen characters take well under a second; anything near this is a stuck worker. */
const LINE_TIMEOUT_MS = 20_000;

let worker: Promise<Worker> | null = null;
/** Lines are read one at a time, in order. */
let queue: Promise<unknown> = Promise.resolve();
/** Calls not yet finished: the idle timer runs only when there are none. */
let pending = 0;
let idleTimer: NodeJS.Timeout | null = null;

function getWorker(): Promise<Worker> {
  if (!worker) {
    const starting = startWorker('chi_sim').then(async (w) => {
      await w.setParameters({ tessedit_pageseg_mode: PSM.SINGLE_LINE });
      return w;
    });
    // A failed start is not kept: the next call tries again.
    starting.catch(() => {
      if (worker === starting) worker = null;
    });
    worker = starting;
  }
  return worker;
}

async function stop(): Promise<void> {
  const current = worker;
  worker = null;
  if (current) await current.then((w) => w.terminate()).catch(() => undefined);
}

async function read(image: Buffer): Promise<number> {
  const w = await getWorker();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void stop();
      reject(new DangkaError('INTERNAL', '方向判断超时'));
    }, LINE_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([w.recognize(image, {}, { text: true }), timeout])).data.confidence;
  } finally {
    clearTimeout(timer);
  }
}

function busy(): void {
  pending++;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
}

function done(): void {
  if (--pending > 0) return;
  idleTimer = setTimeout(() => void stop(), IDLE_MS);
  idleTimer.unref();
}

/** Mean confidence (0–100) of reading `image` (PNG or JPEG, one line of Chinese text) as a single line. */
export function lineConfidence(image: Buffer): Promise<number> {
  busy();
  const job = queue.then(() => read(image));
  queue = job.catch(() => undefined).then(done);
  return job;
}

/**
 * Keeps the worker for a run of pages (a long PDF) until the returned release is called: between two pages'
 * probes lie the next page's rendering and clean-up, which on a busy machine took longer than the idle time, so
 * the worker was stopped and started again (seconds each) for every page.
 */
export function holdLineReader(): () => void {
  busy();
  let held = true;
  return () => {
    if (!held) return;
    held = false;
    done();
  };
}

/** Starts the worker now, so that loading it overlaps other work before the first page's probe. */
export function warmUpLineReader(): void {
  void getWorker().then(
    () => {
      if (pending > 0 || idleTimer) return;
      idleTimer = setTimeout(() => void stop(), IDLE_MS);
      idleTimer.unref();
    },
    () => undefined, // reported by the first real call
  );
}

/** Stops the worker now (a command-line run that has cleaned its last page). */
export async function closeLineReader(): Promise<void> {
  await queue;
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  await stop();
}
