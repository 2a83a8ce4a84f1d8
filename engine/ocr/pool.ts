// Offline OCR: a pool of tesseract.js workers (one per core, at most 2) on the shipped language data (worker.ts says
// how they are kept off the network). Workers start when the first page arrives. A worker cannot be interrupted
// mid-page: one that overruns its page or whose page is cancelled is terminated, and a new one is started for the
// next page.
import { availableParallelism } from 'node:os';
import { fromGrey, toGrey } from '../imaging/geometry';
import { decodePgm, encodePgm, type Grey } from '../imaging/raster';
import { PSM, type Page, type Worker } from 'tesseract.js';
import { DangkaError } from '../../shared/errors';
import { inLayoutOrder, ruledLines } from './layout';
import type { PaddleRecognizer } from './paddle';
import { createPaddleThread } from './paddleThread';
import { chooseScript, readingOf, resultOf, withAccurateCharacters, withoutStrayMarks, type Reading, type Rectangle, type TextLine } from './reading';
import { keepsAccurateReading, looksTraditional } from './script';
import sharp from 'sharp';
import { startWorker, type OcrLanguage, type TesseractLanguage } from './worker';

export { OCR_LANGUAGES, type OcrLanguage } from './worker';

/**
 * 'accurate' (高精度): PP-OCRv4 through onnxruntime (paddle.ts) for simplified text, Tesseract's chi_tra for
 * traditional pages (PaddleOCR's traditional model is not on npm); 'fast' (快速): Tesseract alone.
 */
export { OCR_RECOGNIZERS, type OcrRecognizer } from '../../shared/ocrRecognizer';
import type { OcrRecognizer } from '../../shared/ocrRecognizer';

/**
 * A 300-dpi A4 page takes 2–6 s per worker here, a 600-dpi one ~20 s; a worker still busy after 3 minutes is stuck
 * (Joplin allows 10, but a clerk's queue should not stall that long) and is replaced.
 */
const PAGE_TIMEOUT_MS = 3 * 60_000;
/** The CPU is the limit: one worker per core. 2 also keeps memory modest (~150 MB per worker with chi_sim). */
const MAX_WORKERS = 2;

export type { OcrPageResult } from './reading';
import type { OcrPageResult } from './reading';

/**
 * Pages scanned under this resolution are enlarged to READ_DPI before recognition: Tesseract's models are trained
 * on ~300-dpi text, and at 150 dpi the strokes of a 12-pt character are a pixel apart (docs/decisions.md, issue 16).
 */
const UPSCALE_BELOW_DPI = 200;
const READ_DPI = 300;

export interface OcrPool {
  readonly concurrency: number;
  /**
   * Reads one page image: PGM (CleanedPage.ocrImage, the quickest), PNG or JPEG. `dpi`: the image's resolution,
   * which a PGM cannot carry — without it Tesseract guesses the text size, and on the bench pages guessed badly
   * enough to lose whole table rows (CER 6% → 28%).
   */
  recognize(image: Buffer, signal: AbortSignal, dpi?: number | null): Promise<OcrPageResult>;
  /** The PP-OCRv4 models are in memory (高精度 has read a page, or is loading them to). */
  readonly accurateLoaded: boolean;
  /** Starts the workers now, so that loading the language data overlaps the first page's clean-up. */
  warmUp(): void;
  terminate(): Promise<void>;
}

interface Task {
  lang: TesseractLanguage;
  image: Buffer;
  dpi: number | null;
  /** Read only this part of the image (the script probe). */
  rectangle?: Rectangle;
  /** Tesseract's page segmentation: the page's layout found (AUTO), or the image read as one line of text. */
  mode: PSM;
  signal: AbortSignal;
  resolve(value: Reading): void;
  reject(err: unknown): void;
}

const cancelled = () => new DangkaError('JOB_CANCELLED', '已取消');
const closing = () => new DangkaError('INTERNAL', '文字识别已关闭');

/**
 * `lang` 'auto' (the default): each page is read with chi_sim, a few of its lines again with chi_tra, and the whole
 * page with chi_tra when that reads them clearly better (reading.ts). At most `size` pages are read at a time; each
 * language has up to `size` workers of its own (~150 MB each), started when first needed.
 */
export function createOcrPool(options: { lang?: OcrLanguage; size?: number; recognizer?: OcrRecognizer } = {}): OcrPool {
  const lang = options.lang ?? 'auto';
  const recognizer = options.recognizer ?? 'fast';
  /** Started on the first page it reads (its thread loads the models, ~1.5 GB), released with the pool. */
  let paddle: PaddleRecognizer | null = null;
  const size = Math.max(1, Math.min(options.size ?? availableParallelism(), MAX_WORKERS));
  const idle = new Map<TesseractLanguage, Worker[]>();
  const idleOf = (l: TesseractLanguage) => idle.get(l) ?? idle.set(l, []).get(l)!;
  const live = new Map<TesseractLanguage, number>();
  /** Workers being started, per language: each is meant for a task waiting now (or for warmUp). */
  const starting = new Map<TesseractLanguage, number>();
  const count = (m: Map<TesseractLanguage, number>, l: TesseractLanguage) => m.get(l) ?? 0;
  const add = (m: Map<TesseractLanguage, number>, l: TesseractLanguage, n: number) => m.set(l, count(m, l) + n);
  const queue: Task[] = [];
  /** Stops a page in progress (timeout, cancellation, the pool closing): its worker is then replaced. */
  const running = new Map<Worker, (err: DangkaError) => void>();
  let closed = false;
  /** Each worker's page segmentation mode: set only when a task needs another. */
  const modes = new WeakMap<Worker, PSM>();

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
      const mode = modes.get(worker) === task.mode ? {} : { tessedit_pageseg_mode: task.mode };
      await Promise.race([worker.setParameters({ user_defined_dpi: String(task.dpi ?? 0), ...mode }), stopped]);
      modes.set(worker, task.mode);
      const options = task.rectangle ? { rectangle: task.rectangle } : {};
      const { data } = await Promise.race([worker.recognize(task.image, options, { tsv: true }), stopped]);
      task.resolve(readingOf((data as Page).tsv ?? ''));
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
        add(live, task.lang, -1);
        void worker.terminate().catch(() => undefined);
      } else idleOf(task.lang).push(worker);
      pump();
    }
  };

  const pump = () => {
    // At most `size` pages at a time, whatever their language: one per core.
    for (let k = 0; k < queue.length && running.size < size && !closed; ) {
      const worker = idleOf(queue[k]!.lang).pop();
      if (worker) void runOn(worker, queue.splice(k, 1)[0]!);
      else k++;
    }
    // Start workers for the tasks still waiting, all at once (loading chi_sim takes ~0.4 s each).
    for (const l of new Set(queue.map((t) => t.lang))) {
      const waiting = queue.filter((t) => t.lang === l).length;
      while (!closed && count(live, l) < size && count(starting, l) < waiting) spawn(l);
    }
  };

  const spawn = (lang: TesseractLanguage) => {
    add(live, lang, 1);
    add(starting, lang, 1);
    startWorker(lang)
      .then(async (w) => {
        try {
          // No search for white-on-black text (dossiers have none): ~8% less time a page, the same text.
          await w.setParameters({ tessedit_do_invert: '0' });
          return w;
        } catch (err) {
          void w.terminate().catch(() => undefined);
          throw new DangkaError('INTERNAL', `文字识别引擎设置失败（${String(err)}）`);
        }
      })
      .then(
        (w) => {
          add(starting, lang, -1);
          if (closed) {
            add(live, lang, -1);
            void w.terminate().catch(() => undefined);
            return;
          }
          idleOf(lang).push(w);
          pump();
        },
        (err: unknown) => {
          add(starting, lang, -1);
          add(live, lang, -1);
          // The page that asked for this worker fails with the reason (missing data, timeout); later pages retry.
          const k = queue.findIndex((t) => t.lang === lang);
          if (k >= 0) queue.splice(k, 1)[0]!.reject(err);
          pump();
        },
      );
  };

  /**
   * `mode`: a page is read with automatic layout, as the tesseract command does (Tesseract's library default, one
   * block of text, skipped whole table rows of the bench pages: CER 0.55 vs 0.06 on the same image).
   */
  const read = (lang: TesseractLanguage, image: Buffer, signal: AbortSignal, dpi: number | null, options: { rectangle?: Rectangle; mode?: PSM } = {}) => {
    if (closed) return Promise.reject(closing());
    if (signal.aborted) return Promise.reject(cancelled());
    return new Promise<Reading>((resolve, reject) => {
      const task: Task = { lang, image, dpi, signal, resolve, reject, mode: options.mode ?? PSM.AUTO, ...(options.rectangle ? { rectangle: options.rectangle } : {}) };
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
  };

  /** The page in the language of its script: chi_sim first; chi_tra for the whole page only when it reads better. */
  const readAuto = async (image: Buffer, signal: AbortSignal, dpi: number | null): Promise<Reading> => {
    const simplified = await read('chi_sim', image, signal, dpi);
    return chooseScript(simplified, (rectangle) => read('chi_tra', image, signal, dpi, { rectangle }), () => read('chi_tra', image, signal, dpi));
  };

  const readPaddle = async (page: Grey, signal: AbortSignal): Promise<Reading> => {
    if (closed) throw closing();
    if (signal.aborted) throw cancelled();
    paddle ??= createPaddleThread();
    const reading = await paddle.read(page);
    // The page cannot be stopped inside an inference; a cancel takes effect as soon as it is done.
    if (signal.aborted) throw cancelled();
    return reading;
  };

  /**
   * 高精度: PP-OCRv4 reads the page (as scanned: its detector sizes the page itself, and on enlarged 150-dpi pages it
   * read worse, a roster 0% → 5.2%). On a page whose reading has traditional forms (script.ts) — PP-OCRv4 has no
   * traditional model on npm — each line it found is read again by Tesseract's chi_tra, alone, except the lines
   * that keep PP-OCRv4's reading (keepsAccurateReading: plainly simplified lines of a mixed page, digits). Simplified
   * pages never wait for Tesseract.
   */
  const readAccurate = async (page: Grey, signal: AbortSignal, dpi: number | null): Promise<Reading> => {
    const accurate = await readPaddle(page, signal);
    if (lang !== 'auto' || !looksTraditional(accurate.lines.flatMap((l) => l.words.map((w) => w.text)).join(''))) return accurate;
    const lines = await Promise.all(
      accurate.lines.map(async (line): Promise<TextLine> => {
        if (keepsAccurateReading(line.words.map((w) => w.text).join(''))) return line;
        const { image, box, scale } = await lineImage(page, line.bbox, dpi);
        const reading = await read('chi_tra', image, signal, scale === 1 ? dpi : READ_DPI, { mode: PSM.SINGLE_LINE });
        const words = withAccurateCharacters(withoutStrayMarks(reading.lines.flatMap((l) => l.words), line.words.map((w) => w.text).join('')), line.words);
        if (words.length === 0) return line;
        const inPage = (v: number, origin: number) => Math.round(v / scale + origin);
        return {
          ...line,
          words: words.map((w) => ({ ...w, bbox: [inPage(w.bbox[0], box.left), inPage(w.bbox[1], box.top), inPage(w.bbox[2], box.left), inPage(w.bbox[3], box.top)] })),
        };
      }),
    );
    return { lines };
  };

  return {
    concurrency: size,
    warmUp() {
      // 高精度 starts Tesseract (chi_tra) only when a page looks traditional (readAccurate).
      if (recognizer === 'accurate' && lang !== 'chi_tra') return;
      const first: TesseractLanguage = lang === 'auto' ? 'chi_sim' : lang;
      while (!closed && count(live, first) < size) spawn(first);
      if (lang === 'auto' && count(live, 'chi_tra') === 0) spawn('chi_tra');
    },
    async recognize(image, signal, dpi = null) {
      if (recognizer === 'accurate' && lang !== 'chi_tra') {
        // Laid out as Tesseract's pages are: a low-resolution page as if enlarged to READ_DPI (layout.ts's sizes).
        const page = decodePgm(image) ?? (await toGrey(sharp(image)));
        const scale = dpi !== null && dpi < UPSCALE_BELOW_DPI ? READ_DPI / dpi : 1;
        const reading = scaledReading(await readAccurate(page, signal, dpi), scale);
        return resultOf(inLayoutOrder(reading, ruledLines(page, scale)), 1 / scale);
      }
      const { image: readImage, scale } = await enlargedForReading(image, dpi);
      const readDpi = scale === 1 ? dpi : READ_DPI;
      const reading = lang === 'auto' ? await readAuto(readImage, signal, readDpi) : await read(lang, readImage, signal, readDpi);
      const page = decodePgm(readImage);
      return resultOf(inLayoutOrder(reading, page && ruledLines(page)), 1 / scale);
    },
    async terminate() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(closing());
      for (const stop of running.values()) stop(closing());
      const workers = [...idle.values()].flatMap((ws) => ws.splice(0));
      await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
      const loaded = paddle;
      paddle = null;
      await loaded?.release().catch(() => undefined);
    },
    get accurateLoaded() {
      return paddle !== null;
    },
  };
}

/** The reading's boxes multiplied by `scale`. */
function scaledReading(reading: Reading, scale: number): Reading {
  if (scale === 1) return reading;
  const box = (b: [number, number, number, number]): [number, number, number, number] => [Math.round(b[0] * scale), Math.round(b[1] * scale), Math.round(b[2] * scale), Math.round(b[3] * scale)];
  return { lines: reading.lines.map((l) => ({ ...l, bbox: box(l.bbox), words: l.words.map((w) => ({ ...w, bbox: box(w.bbox) })) })) };
}

/**
 * A low-resolution page (a PGM from the clean-up, under UPSCALE_BELOW_DPI) enlarged to READ_DPI with Lanczos;
 * `scale` maps the word boxes back to the pixels of the image given. Other images are read as they are.
 */
async function enlargedForReading(image: Buffer, dpi: number | null): Promise<{ image: Buffer; scale: number }> {
  const page = dpi !== null && dpi < UPSCALE_BELOW_DPI ? decodePgm(image) : null;
  if (!page || dpi === null) return { image, scale: 1 };
  const factor = READ_DPI / dpi;
  const enlarged = await toGrey(fromGrey(page).resize(Math.round(page.width * factor), Math.round(page.height * factor), { kernel: 'lanczos3' }));
  return { image: encodePgm(enlarged), scale: enlarged.width / page.width };
}

/** Space kept round a line's box when it is cut out for chi_tra, in line heights: above and below, left and right. */
const LINE_MARGIN_Y = 0.1;
const LINE_MARGIN_X = 0.25;

/**
 * One line of `page` cut out for Tesseract, as a PGM: the box with a margin (a wider one on the line's ends, whose
 * characters PP-OCRv4's box may clip; a taller one took in the neighbouring lines, and chi_tra then read garbage on
 * three of the four traditional bench pages), enlarged to READ_DPI when the page is under UPSCALE_BELOW_DPI.
 * `box` is where the cut-out lies in `page`, `scale` its enlargement.
 */
async function lineImage(page: Grey, bbox: TextLine['bbox'], dpi: number | null): Promise<{ image: Buffer; box: Rectangle; scale: number }> {
  const height = bbox[3] - bbox[1];
  const marginY = Math.round(height * LINE_MARGIN_Y);
  const marginX = Math.round(height * LINE_MARGIN_X);
  const left = Math.max(0, bbox[0] - marginX);
  const top = Math.max(0, bbox[1] - marginY);
  const box = { left, top, width: Math.max(1, Math.min(page.width, bbox[2] + marginX) - left), height: Math.max(1, Math.min(page.height, bbox[3] + marginY) - top) };
  const cut = new Uint8Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    const from = (box.top + y) * page.width + box.left;
    cut.set(page.data.subarray(from, from + box.width), y * box.width);
  }
  const line: Grey = { data: cut, width: box.width, height: box.height };
  if (dpi === null || dpi >= UPSCALE_BELOW_DPI) return { image: encodePgm(line), box, scale: 1 };
  const factor = READ_DPI / dpi;
  const enlarged = await toGrey(fromGrey(line).resize(Math.round(line.width * factor), Math.round(line.height * factor), { kernel: 'lanczos3' }));
  return { image: encodePgm(enlarged), box, scale: enlarged.width / line.width };
}
