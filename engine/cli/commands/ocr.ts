import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { DangkaError } from '../../../shared/errors';
import { createOcrPool, type OcrLanguage } from '../../ocr/pool';
import { prepareForOcr } from '../../ocr/prepare';
import { action, endProgress, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, printJson, progressLine } from '../common';

const LANGUAGES: OcrLanguage[] = ['chi_sim', 'chi_sim+eng', 'chi_tra'];

export function registerOcr(program: Command): void {
  program
    .command('ocr <images...>')
    .description('离线识别图片中的文字并打印（不改动任何档案库），用于检查自己扫描件的识别效果')
    .option('--lang <lang>', `识别语言：${LANGUAGES.join(' / ')}`, 'chi_sim')
    .option('--json', '以 JSON 输出')
    .action(
      action(async (images: string[], opts: { lang: string; json?: boolean }) => {
        if (!LANGUAGES.includes(opts.lang as OcrLanguage)) {
          process.stderr.write(`错误：--lang 应为 ${LANGUAGES.join('、')} 之一\n`);
          return EXIT_USAGE;
        }
        const pool = createOcrPool({ lang: opts.lang as OcrLanguage });
        const signal = new AbortController().signal;
        const started = Date.now();
        const results: { file: string; text?: string; confidence?: number; error?: string }[] = [];
        try {
          for (const [i, file] of images.entries()) {
            const elapsed = (Date.now() - started) / 1000;
            if (!opts.json) progressLine('文字识别', i, images.length, i > 0 ? Math.round((elapsed / i) * (images.length - i)) : null);
            try {
              let bytes: Buffer;
              try {
                bytes = readFileSync(file);
              } catch {
                throw new DangkaError('FILE_UNREADABLE', `无法读取文件：${file}`);
              }
              const r = await pool.recognize(await prepareForOcr(bytes, basename(file)), signal);
              results.push({ file, text: r.text, confidence: Math.round(r.confidence) });
            } catch (err) {
              if (!(err instanceof DangkaError)) throw err;
              results.push({ file, error: err.message });
            }
          }
        } finally {
          await pool.terminate();
        }
        endProgress();
        if (opts.json) printJson(results);
        else {
          for (const r of results) {
            process.stdout.write(r.error ? `== ${r.file}：未能识别（${r.error}）\n` : `== ${r.file}（平均置信度 ${r.confidence}）\n${r.text}\n`);
          }
        }
        return results.some((r) => r.error) ? EXIT_PROBLEMS : EXIT_OK;
      }),
    );
}
