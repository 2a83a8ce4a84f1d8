// `dangka ocr IMAGE...`: the text of image and PDF files after the same clean-up as an import, page by page, with
// mean confidence and the clean-up's warnings — for a clerk checking their scanner settings. No library is opened.
// Standard output carries only what was asked for — the text (pages separated by a form feed, as pdftotext does)
// or the JSON — so that it can be piped or redirected; which file and page, the confidence, the warnings and the
// files that could not be read go to standard error.
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DangkaError } from '../../../shared/errors';
import { cleanPage } from '../../imaging/clean';
import { rasterizePages } from '../../imaging/rasterize';
import { inFlightLimiter, type InFlightLimiter } from '../../ocr/limiter';
import { closeLineReader, warmUpLineReader } from '../../ocr/lineReader';
import { LOW_CONFIDENCE } from '../../../shared/domain';
import { createOcrPool, OCR_LANGUAGES, OCR_RECOGNIZERS, type OcrLanguage, type OcrPool, type OcrRecognizer } from '../../ocr/pool';
import { DEFAULT_RECOGNIZER } from '../../ocr/service';
import { action, endProgress, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, printJson, progressLine } from '../common';

interface PageOutput {
  page: number;
  text: string;
  confidence: number;
  warnings: string[];
}

interface FileOutput {
  file: string;
  pages?: PageOutput[];
  error?: string;
}

export function registerOcr(program: Command): void {
  program
    .command('ocr <images...>')
    .description('离线识别图片或PDF中的文字并打印（先做与导入相同的纠偏、裁边、去噪；不改动任何档案库），用于检查扫描效果')
    .option('--lang <lang>', `识别语言：${OCR_LANGUAGES.join(' / ')}（auto：按每页简体或繁体自动选择）`, 'auto')
    .option('--recognizer <recognizer>', `识别方式：accurate（高精度，PP-OCRv4）/ fast（快速，Tesseract）`, DEFAULT_RECOGNIZER)
    .option('--json', '以 JSON 输出')
    .action(
      action(async (images: string[], opts: { lang: string; recognizer: string; json?: boolean }) => {
        if (!(OCR_LANGUAGES as readonly string[]).includes(opts.lang)) {
          process.stderr.write(`错误：--lang 应为 ${OCR_LANGUAGES.join('、')} 之一\n`);
          return EXIT_USAGE;
        }
        if (!(OCR_RECOGNIZERS as readonly string[]).includes(opts.recognizer)) {
          process.stderr.write(`错误：--recognizer 应为 ${OCR_RECOGNIZERS.join('、')} 之一\n`);
          return EXIT_USAGE;
        }
        const pool = createOcrPool({ lang: opts.lang as OcrLanguage, recognizer: opts.recognizer as OcrRecognizer });
        pool.warmUp();
        warmUpLineReader();
        const signal = new AbortController().signal;
        const started = Date.now();
        let done = 0;
        const report = () => {
          const elapsed = (Date.now() - started) / 1000;
          progressLine('文字识别', done, images.length, done > 0 ? Math.round((elapsed / done) * (images.length - done)) : null);
        };
        let results: FileOutput[];
        try {
          report();
          // Files are cleaned one after another on this thread while the pool reads earlier pages; at most a few
          // cleaned pages wait for a worker.
          const limiter = inFlightLimiter(pool.concurrency + 1);
          const oneAtATime = serial();
          const files = images.map(async (file): Promise<FileOutput> => {
            try {
              return { file, pages: await readPages(file, pool, signal, limiter, oneAtATime) };
            } catch (err) {
              if (!(err instanceof DangkaError)) throw err;
              return { file, error: err.message };
            } finally {
              done++;
              report();
            }
          });
          results = await Promise.all(files);
        } finally {
          endProgress();
          await Promise.all([pool.terminate(), closeLineReader()]);
        }
        if (opts.json) printJson(results);
        else writeText(results);
        return results.some((r) => r.error) ? EXIT_PROBLEMS : EXIT_OK;
      }),
    );
}

type Serial = <T>(work: () => Promise<T>) => Promise<T>;

/** Runs the works given to it one after another. */
function serial(): Serial {
  let tail: Promise<unknown> = Promise.resolve();
  return (work) => {
    const result = tail.then(work);
    tail = result.catch(() => undefined);
    return result;
  };
}

/** The clean-up (CPU on this thread) runs file after file; OCR runs in the pool's workers meanwhile. */
async function readPages(file: string, pool: OcrPool, signal: AbortSignal, limiter: InFlightLimiter, oneAtATime: Serial): Promise<PageOutput[]> {
  const name = basename(file);
  const reads = await oneAtATime(async () => {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      throw new DangkaError('FILE_UNREADABLE', `${name}：无法打开文件（不存在或没有读取权限）`);
    }
    const reads: Promise<PageOutput>[] = [];
    for await (const raster of rasterizePages(bytes, name)) {
      await limiter.admit();
      const page = await cleanPage(raster.image, { dpi: raster.dpi, raw: raster.raw }).catch((err: unknown) => {
        throw err instanceof DangkaError ? new DangkaError(err.code, `${name}：${err.message}`) : err;
      });
      const read = limiter.track(pool.recognize(page.ocrImage, signal, page.dpi)).then((r) => ({
        page: raster.index + 1,
        text: r.text,
        confidence: r.confidence,
        warnings: r.confidence < LOW_CONFIDENCE ? [...page.warnings, `识别置信度低（${r.confidence}），请人工核对文字`] : page.warnings,
      }));
      reads.push(read);
    }
    return reads;
  });
  return Promise.all(reads);
}

function writeText(results: FileOutput[]): void {
  let first = true;
  for (const r of results) {
    if (r.error) {
      process.stderr.write(`== ${r.file}：未能识别（${r.error}）\n`);
      continue;
    }
    for (const p of r.pages ?? []) {
      process.stderr.write(`== ${r.file}${r.pages!.length > 1 ? ` 第${p.page}页` : ''}（平均置信度 ${p.confidence}）\n` + p.warnings.map((w) => `  ! ${w}\n`).join(''));
      process.stdout.write(`${first ? '' : '\f'}${p.text}\n`);
      first = false;
    }
  }
}
