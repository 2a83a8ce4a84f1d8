// Offline OCR with tesseract.js: a small pool of workers (one per core, at most 2 here) that load the language
// data from resources/tessdata only. TOOLCHAIN.md: without a local langPath tesseract.js fetches the data from a
// CDN, and a failed load kills the process from inside the worker — so the files are checked first, loading gets
// an errorHandler and a timeout, and gzip/cache are off (the shipped files are plain .traineddata, and the default
// cache writes a copy into the working folder).
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import type { OcrWord } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { resourcesDir } from '../resources';
import { normalizeOcrText } from './text';

export type OcrLanguage = 'chi_sim' | 'chi_sim+eng' | 'chi_tra';

/** Loading chi_sim takes ~0.4 s here; a minute means something is wrong. */
const START_TIMEOUT_MS = 60_000;
/** An A4 page at 300 dpi takes a few seconds; a worker stuck this long is replaced (Joplin uses 10 minutes). */
const PAGE_TIMEOUT_MS = 3 * 60_000;

export interface OcrPageResult {
  /** Normalised: NFKC, no spaces between Han characters. */
  text: string;
  /** Mean word confidence, 0–100. */
  confidence: number;
  words: OcrWord[];
}

/** What the ingest/OCR queue needs: recognise one cleaned page image. */
export interface OcrService {
  readonly concurrency: number;
  recognize(image: Buffer, signal: AbortSignal): Promise<OcrPageResult>;
}

export interface OcrPool extends OcrService {
  terminate(): Promise<void>;
}

function checkLanguageData(lang: OcrLanguage, dir: string): void {
  for (const code of lang.split('+')) {
    if (!existsSync(join(dir, `${code}.traineddata`))) {
      throw new DangkaError('INTERNAL', `缺少文字识别数据 ${code}.traineddata（应在 ${dir}）：安装不完整，请重新安装档卡`);
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new DangkaError('INTERNAL', message)), ms);
    promise.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

export function createOcrPool(options: { lang?: OcrLanguage; size?: number } = {}): OcrPool {
  const lang = options.lang ?? 'chi_sim';
  const langPath = join(resourcesDir(), 'tessdata');
  const size = Math.max(1, Math.min(options.size ?? availableParallelism(), 2));
  const idle: Worker[] = [];
  const waiting: { resolve(w: Worker): void; reject(e: unknown): void }[] = [];
  let started = 0;
  let closed = false;

  const startWorker = async (): Promise<Worker> => {
    checkLanguageData(lang, langPath);
    let loadError: unknown = null;
    const worker = await withTimeout(
      createWorker(lang, OEM.LSTM_ONLY, {
        langPath,
        gzip: false,
        cacheMethod: 'none',
        errorHandler: (err: unknown) => {
          loadError = err;
        },
      }),
      START_TIMEOUT_MS,
      '文字识别引擎启动超时',
    );
    if (loadError) throw new DangkaError('INTERNAL', `文字识别引擎启动失败：${String(loadError)}`);
    return worker;
  };

  const acquire = async (): Promise<Worker> => {
    if (closed) throw new DangkaError('INTERNAL', '文字识别已关闭');
    const free = idle.pop();
    if (free) return free;
    if (started < size) {
      started++;
      try {
        return await startWorker();
      } catch (err) {
        started--;
        throw err;
      }
    }
    return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  };

  const release = (worker: Worker) => {
    const next = waiting.shift();
    if (next) next.resolve(worker);
    else idle.push(worker);
  };

  /** A worker was dropped: start its replacement for whoever is waiting. */
  const replace = () => {
    started--;
    const next = waiting.shift();
    if (!next) return;
    started++;
    startWorker().then(next.resolve, (err: unknown) => {
      started--;
      next.reject(err);
    });
  };

  return {
    concurrency: size,
    async recognize(image: Buffer, signal: AbortSignal): Promise<OcrPageResult> {
      const worker = await acquire();
      let healthy = true;
      try {
        const abort = new Promise<never>((_, reject) =>
          signal.addEventListener('abort', () => reject(new DangkaError('JOB_CANCELLED', '已取消')), { once: true }),
        );
        const { data } = await Promise.race([
          withTimeout(worker.recognize(image, {}, { blocks: true, text: true }), PAGE_TIMEOUT_MS, '该页文字识别超时（超过3分钟）'),
          abort,
        ]);
        const words: OcrWord[] = (data.blocks ?? []).flatMap((b) =>
          b.paragraphs.flatMap((p) =>
            p.lines.flatMap((l) =>
              l.words.map((w) => ({ text: w.text, confidence: w.confidence, bbox: [w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1] as OcrWord['bbox'] })),
            ),
          ),
        );
        return { text: normalizeOcrText(data.text), confidence: data.confidence, words };
      } catch (err) {
        // A timed-out or cancelled worker may still be busy: replace it rather than reuse it.
        healthy = false;
        throw err;
      } finally {
        if (healthy) release(worker);
        else {
          void worker.terminate().catch(() => undefined);
          replace();
        }
      }
    },
    async terminate() {
      closed = true;
      for (const w of waiting.splice(0)) w.reject(new DangkaError('INTERNAL', '文字识别已关闭'));
      await Promise.all(idle.splice(0).map((w) => w.terminate()));
    },
  };
}
