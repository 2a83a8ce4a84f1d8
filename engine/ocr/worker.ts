// Starting one tesseract.js worker on the shipped language data, so that it can only ever read from disk.
// TOOLCHAIN.md: without a local langPath tesseract.js fetches the data from a CDN, and a failed load is thrown inside
// the worker and kills the process. So: the files are checked first; langPath is a plain folder path (a file:// URL
// is treated as a web address); gzip is off (the shipped files are plain .traineddata — with gzip on it looks for
// .traineddata.gz); cacheMethod 'none' (the default cache writes a copy into the working folder); an errorHandler
// (without one a failed load kills the process, with one createWorker() may never settle — hence the timeout).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { DangkaError } from '../../shared/errors';
import { resourcesDir } from '../resources';

/** 'auto': each page read with the model of its script, simplified or traditional (pool.ts). */
export const OCR_LANGUAGES = ['auto', 'chi_sim', 'chi_sim+eng', 'chi_tra'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];
/** The language data one tesseract worker loads. */
export type TesseractLanguage = Exclude<OcrLanguage, 'auto'>;

/** Loading chi_sim takes ~0.4 s here; half a minute means something is wrong. */
const START_TIMEOUT_MS = 30_000;

export function languageDataDir(): string {
  return join(resourcesDir(), 'tessdata');
}

function checkLanguageData(lang: TesseractLanguage, dir: string): void {
  for (const code of lang.split('+')) {
    const file = join(dir, `${code}.traineddata`);
    let size = 0;
    try {
      size = statSync(file).size;
    } catch {
      // missing: reported below
    }
    // The smallest shipped file is ~2 MB; a few KB is a failed copy that would fail deep inside the worker.
    if (size < 100_000) throw new DangkaError('INTERNAL', `缺少文字识别数据 ${code}.traineddata（应在 ${dir}）：安装不完整，请重新安装档卡`);
  }
}

/** A ready worker on `lang`, or a DangkaError saying why not. */
export function startWorker(lang: TesseractLanguage): Promise<Worker> {
  const langPath = languageDataDir();
  checkLanguageData(lang, langPath);
  return new Promise<Worker>((resolve, reject) => {
    let starting = true;
    const fail = (reason: string) => {
      if (!starting) return;
      starting = false;
      clearTimeout(timer);
      reject(new DangkaError('INTERNAL', reason));
    };
    const timer = setTimeout(() => fail('文字识别引擎启动超时：请关闭其他程序后重试'), START_TIMEOUT_MS);
    createWorker(lang, OEM.LSTM_ONLY, {
      langPath,
      gzip: false,
      cacheMethod: 'none',
      // During start-up an error fails the start (createWorker itself may never settle); afterwards each failed job
      // also rejects its own promise, which handles it.
      errorHandler: (err: unknown) => fail(`文字识别引擎启动失败（${String(err)}）：请重新安装档卡`),
    }).then(
      (worker) => {
        if (starting) {
          starting = false;
          clearTimeout(timer);
          resolve(worker);
        } else void worker.terminate().catch(() => undefined);
      },
      (err: unknown) => fail(`文字识别引擎启动失败（${String(err)}）：请重新安装档卡`),
    );
  });
}
