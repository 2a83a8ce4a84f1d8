// Offline OCR: a pool of tesseract.js workers (one per core, at most 2) on the shipped language data (worker.ts says
// how they are kept off the network). Workers start when the first page arrives. A worker cannot be interrupted
// mid-page: one that overruns its page or whose page is cancelled is terminated, and a new one is started for the
// next page.
import { availableParallelism } from 'node:os';
import { PSM, type Page, type Worker } from 'tesseract.js';
import type { OcrWord } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { normalizeOcrText } from './text';
import { startWorker, type OcrLanguage } from './worker';

export { OCR_LANGUAGES, type OcrLanguage } from './worker';

/**
 * A 300-dpi A4 page takes 2–6 s per worker here, a 600-dpi one ~20 s; a worker still busy after 3 minutes is stuck
 * (Joplin allows 10, but a clerk's queue should not stall that long) and is replaced.
 */
const PAGE_TIMEOUT_MS = 3 * 60_000;
/** The CPU is the limit: one worker per core. 2 also keeps memory modest (~150 MB per worker with chi_sim). */
const MAX_WORKERS = 2;

export interface OcrPageResult {
  /** Normalised: NFKC, no spaces next to Han characters. */
  text: string;
  /** Mean word confidence, 0–100. */
  confidence: number;
  /** Word boxes [x0, y0, x1, y1] in the pixels of the image that was read. */
  words: OcrWord[];
}

export interface OcrPool {
  readonly concurrency: number;
  /**
   * Reads one page image: PGM (CleanedPage.ocrImage, the quickest), PNG or JPEG. `dpi`: the image's resolution,
   * which a PGM cannot carry — without it Tesseract guesses the text size, and on the bench pages guessed badly
   * enough to lose whole table rows (CER 6% → 28%).
   */
  recognize(image: Buffer, signal: AbortSignal, dpi?: number | null): Promise<OcrPageResult>;
  /** Starts the workers now, so that loading the language data overlaps the first page's clean-up. */
  warmUp(): void;
  terminate(): Promise<void>;
}

interface Task {
  image: Buffer;
  dpi: number | null;
  signal: AbortSignal;
  resolve(value: OcrPageResult): void;
  reject(err: unknown): void;
}

const cancelled = () => new DangkaError('JOB_CANCELLED', '已取消');
const closing = () => new DangkaError('INTERNAL', '文字识别已关闭');

export function createOcrPool(options: { lang?: OcrLanguage; size?: number } = {}): OcrPool {
  const lang = options.lang ?? 'chi_sim';
  const size = Math.max(1, Math.min(options.size ?? availableParallelism(), MAX_WORKERS));
  const idle: Worker[] = [];
  const queue: Task[] = [];
  /** Stops a page in progress (timeout, cancellation, the pool closing): its worker is then replaced. */
  const running = new Map<Worker, (err: DangkaError) => void>();
  let live = 0;
  let closed = false;

  const runOn = async (worker: Worker, task: Task) => {
    let stop: (err: DangkaError) => void = () => undefined;
    const stopped = new Promise<never>((_, reject) => (stop = reject));
    running.set(worker, stop);
    const timer = setTimeout(() => stop(new DangkaError('INTERNAL', `该页文字识别超时（超过${PAGE_TIMEOUT_MS / 60_000}分钟），已跳过`)), PAGE_TIMEOUT_MS);
    const onAbort = () => stop(cancelled());
    task.signal.addEventListener('abort', onAbort, { once: true });
    let replace = false;
    try {
      // Word boxes come from the TSV output: tesseract.js 7 gives none by default, and its `blocks` output (a tree
      // down to each symbol's alternatives) cost ~40 ms more a page here.
      // 0 = unknown (Tesseract's default). Set per page: a worker reads pages of every resolution.
      await Promise.race([worker.setParameters({ user_defined_dpi: String(task.dpi ?? 0) }), stopped]);
      const { data } = await Promise.race([worker.recognize(task.image, {}, { text: true, tsv: true }), stopped]);
      task.resolve(pageResult(data));
    } catch (err) {
      if (err instanceof DangkaError) {
        replace = true;
        task.reject(err);
      } else {
        // Tesseract refused the image (leptonica could not decode it); the worker itself is fine.
        task.reject(new DangkaError('FILE_UNREADABLE', `文字识别无法读取该图像（${String(err)}）`));
      }
    } finally {
      clearTimeout(timer);
      task.signal.removeEventListener('abort', onAbort);
      running.delete(worker);
      if (replace || closed) {
        live--;
        void worker.terminate().catch(() => undefined);
      } else idle.push(worker);
      pump();
    }
  };

  /** Workers being started: each is meant for a task waiting now (or for warmUp). */
  let starting = 0;

  const pump = () => {
    while (queue.length > 0 && !closed) {
      const worker = idle.pop();
      if (!worker) break;
      void runOn(worker, queue.shift()!);
    }
    // Start workers for the tasks still waiting, all at once (loading chi_sim takes ~0.4 s each).
    while (!closed && live < size && starting < queue.length) spawn();
  };

  const spawn = () => {
    live++;
    starting++;
    startWorker(lang)
      // Automatic layout, as the tesseract command does. Tesseract's library default is a single block of text,
      // which on the bench pages skipped whole table rows (CER 0.55 vs 0.06 on the same image).
      .then(async (w) => {
        try {
          // No search for white-on-black text (dossiers have none): ~8% less time a page, the same text.
          await w.setParameters({ tessedit_pageseg_mode: PSM.AUTO, tessedit_do_invert: '0' });
          return w;
        } catch (err) {
          void w.terminate().catch(() => undefined);
          throw new DangkaError('INTERNAL', `文字识别引擎设置失败（${String(err)}）`);
        }
      })
      .then(
        (w) => {
          starting--;
          if (closed) {
            live--;
            void w.terminate().catch(() => undefined);
            return;
          }
          idle.push(w);
          pump();
        },
        (err: unknown) => {
          starting--;
          live--;
          // The page that asked for this worker fails with the reason (missing data, timeout); later pages retry.
          queue.shift()?.reject(err);
          pump();
        },
      );
  };

  return {
    concurrency: size,
    warmUp() {
      while (!closed && live < size) spawn();
    },
    recognize(image, signal, dpi = null) {
      if (closed) return Promise.reject(closing());
      if (signal.aborted) return Promise.reject(cancelled());
      return new Promise<OcrPageResult>((resolve, reject) => {
        const task: Task = { image, dpi, signal, resolve, reject };
        // Cancelled while still waiting for a worker: leave the queue at once.
        signal.addEventListener(
          'abort',
          () => {
            const i = queue.indexOf(task);
            if (i >= 0) {
              queue.splice(i, 1);
              reject(cancelled());
            }
          },
          { once: true },
        );
        queue.push(task);
        pump();
      });
    },
    async terminate() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(closing());
      for (const stop of running.values()) stop(closing());
      await Promise.all(idle.splice(0).map((w) => w.terminate().catch(() => undefined)));
    },
  };
}

function pageResult(data: Page): OcrPageResult {
  return { text: normalizeOcrText(data.text), confidence: Math.round(data.confidence), words: wordsOf(data.tsv ?? '') };
}

/** Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, conf, text; level 5 is a word. */
function wordsOf(tsv: string): OcrWord[] {
  const words: OcrWord[] = [];
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const text = cells.slice(11).join('\t').trim();
    if (!text) continue;
    const [left, top, width, height, conf] = cells.slice(6, 11).map(Number) as [number, number, number, number, number];
    words.push({ text, confidence: Math.round(conf), bbox: [left, top, left + width, top + height] });
  }
  return words;
}
