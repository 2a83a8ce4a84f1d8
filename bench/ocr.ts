// OCR quality and speed on the project's own sample pages: Chinese form text rendered with a CJK font and
// degraded like a scan (skew, blur, JPEG), with the rendered text as ground truth. Side by side in one run:
// native `tesseract` (chi_sim, same data, no clean-up, OMP_THREAD_LIMIT=1, two processes) and Dangka's pool of
// two tesseract.js workers after its clean-up. Figures: character error rate of each and pages per minute.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { createOcrPool } from '../engine/ocr/pool';
import { prepareForOcr } from '../engine/ocr/prepare';
import { resourcesDir } from '../engine/resources';
import { timeMs, type BenchGroup } from './harness';

const run = promisify(execFile);
const PAGES = 8;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高';
const GIVEN = '建国秀英伟芳明华红军丽强平刚玉兰春梅志勇';
const PHRASES = ['经村民代表大会民主评议', '同意纳入建档立卡贫困户', '主要致贫原因为因病', '家庭人均纯收入低于国家扶贫标准', '公示期间无异议', '帮扶措施为产业扶贫和就业扶贫', '享受农村低保待遇', '危房改造已验收'];

function pageText(seed: number): string[] {
  const pick = (s: string, i: number) => s[(seed * 7 + i * 13) % s.length]!;
  const lines = ['贫困户申请书'];
  for (let i = 0; i < 12; i++) {
    const name = pick(SURNAMES, i) + pick(GIVEN, i + 1) + pick(GIVEN, i + 5);
    lines.push(`${name}，${2015 + ((seed + i) % 5)}年${1 + ((seed + i) % 12)}月${1 + ((seed * i) % 28)}日，${PHRASES[(seed + i) % PHRASES.length]}。`);
  }
  return lines;
}

async function scan(lines: string[], seed: number): Promise<Buffer> {
  const width = 1654; // A4 at 200 dpi: a common office scanner setting
  const height = 2339;
  const text = lines
    .map((l, i) => `<text x="140" y="${220 + i * 120}" font-size="${i === 0 ? 64 : 44}" font-family="Noto Serif CJK SC">${l}</text>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="white"/>${text}</svg>`;
  const angle = ((seed % 5) - 2) * 0.8; // -1.6° … +1.6°
  return sharp(Buffer.from(svg))
    .rotate(angle, { background: 'white' })
    .blur(0.6)
    .jpeg({ quality: 55 })
    .toBuffer();
}

/** Character error rate with all whitespace removed: edit distance / ground-truth length. */
export function characterErrorRate(truth: string, got: string): number {
  const a = [...truth.replace(/\s+/g, '')];
  const b = [...got.replace(/\s+/g, '').normalize('NFKC')];
  const aa = a.map((c) => c.normalize('NFKC'));
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= aa.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (aa[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]! / Math.max(1, aa.length);
}

async function inParallel<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

export const ocrGroup: BenchGroup = {
  name: 'ocr',
  description: `OCR of ${PAGES} degraded sample pages: Dangka (clean-up + tesseract.js ×2) vs native tesseract ×2`,
  async run(ctx) {
    const dir = ctx.tempDir('ocr');
    const truths = Array.from({ length: PAGES }, (_, i) => pageText(i + 1));
    const files = await Promise.all(truths.map(async (lines, i) => {
      const path = join(dir, `page${i + 1}.jpg`);
      writeFileSync(path, await scan(lines, i + 1));
      return path;
    }));
    const tessdata = join(resourcesDir(), 'tessdata');
    const nativeCer: number[] = [];
    const dangkaCer: number[] = [];
    const nativeMs: number[] = [];
    const dangkaMs: number[] = [];
    for (let r = 0; r < ctx.runs; r++) {
      const native: string[] = [];
      nativeMs.push(await timeMs(() => inParallel(files, 2, async (file, i) => {
        const { stdout } = await run('tesseract', [file, 'stdout', '-l', 'chi_sim', '--tessdata-dir', tessdata], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } });
        native[i] = stdout;
      })));
      const pool = createOcrPool({ size: 2 });
      const ours: string[] = [];
      const signal = new AbortController().signal;
      const { readFileSync } = await import('node:fs');
      dangkaMs.push(await timeMs(() => inParallel(files, 2, async (file, i) => {
        ours[i] = (await pool.recognize(await prepareForOcr(readFileSync(file), file), signal)).text;
      })));
      await pool.terminate();
      if (r === 0) {
        truths.forEach((t, i) => {
          nativeCer.push(characterErrorRate(t.join(''), native[i]!));
          dangkaCer.push(characterErrorRate(t.join(''), ours[i]!));
        });
      }
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const cerNative = mean(nativeCer);
    const cerDangka = mean(dangkaCer);
    ctx.log(`character error rate: native tesseract ${(cerNative * 100).toFixed(1)}%, Dangka ${(cerDangka * 100).toFixed(1)}% (ratio ${(cerDangka / cerNative).toFixed(2)}, target ≤ 0.80)`);
    ctx.figure({
      name: `OCR ${PAGES} pages, 2 workers (time for the batch)`,
      unit: 's',
      samples: dangkaMs.map((ms) => ms / 1000),
      baseline: { name: 'native tesseract, 2 processes, OMP_THREAD_LIMIT=1', samples: nativeMs.map((ms) => ms / 1000) },
      note: `CER Dangka ${(cerDangka * 100).toFixed(1)}% vs native ${(cerNative * 100).toFixed(1)}%; pages/min Dangka ${(PAGES / (Math.min(...dangkaMs) / 60000)).toFixed(1)} vs native ${(PAGES / (Math.min(...nativeMs) / 60000)).toFixed(1)}`,
    });
  },
};
