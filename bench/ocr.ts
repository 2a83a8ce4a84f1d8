// OCR quality and speed on the project's own sample scans (tests/fixtures/scans.ts: twelve A4 dossier pages at
// 300 dpi or less, skewed, noisy, JPEG, some with the scanner lid showing, one turned 90° and one upside down), with
// the rendered text as ground truth. Side by side in one run:
//   native  — Debian's `tesseract` on the same chi_sim data, no clean-up, OMP_THREAD_LIMIT=1 (its default threading
//             is 4–7× slower on 2 cores), two processes at a time;
//   Dangka  — cleanPage (deskew, orientation, border, normalise) on this thread, then the OCR pool of two
//             tesseract.js workers, the next page cleaned while earlier ones are read (as an import does).
// Figures: seconds per page of each (the ratio is the inverse of the pages/min ratio; target pages/min ≥ 0.8×
// native) and the mean character error rate of each (target ≤ 0.8× native).
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { cleanPage } from '../engine/imaging/clean';
import { closeLineReader, warmUpLineReader } from '../engine/ocr/lineReader';
import { inFlightLimiter } from '../engine/ocr/limiter';
import { createOcrPool } from '../engine/ocr/pool';
import { languageDataDir } from '../engine/ocr/worker';
import { characterErrorRate, renderScan, SAMPLE_SET, type ScanSpec } from '../tests/fixtures/scans';
import type { BenchGroup } from './harness';

const run = promisify(execFile);
const WORKERS = 2;

interface Reading {
  text: string;
  detail?: string;
}

async function nativeTesseract(files: string[]): Promise<Reading[]> {
  const out: Reading[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < files.length) {
        const i = next++;
        const { stdout } = await run('tesseract', [files[i]!, 'stdout', '-l', 'chi_sim', '--tessdata-dir', languageDataDir()], {
          env: { ...process.env, OMP_THREAD_LIMIT: '1' },
          maxBuffer: 16 * 1024 * 1024,
        });
        out[i] = { text: stdout };
      }
    }),
  );
  return out;
}

async function dangka(files: string[]): Promise<Reading[]> {
  const pool = createOcrPool({ size: WORKERS });
  pool.warmUp();
  warmUpLineReader();
  const signal = new AbortController().signal;
  // As an import: clean the next page while the pool reads, with at most one cleaned page waiting.
  const limiter = inFlightLimiter(WORKERS + 1);
  const reads: Promise<Reading>[] = [];
  try {
    for (const file of files) {
      await limiter.admit();
      const page = await cleanPage(readFileSync(file));
      const detail = `rot ${page.rotationDetected} skew ${page.skewDegrees ?? '-'} border ${page.borderCropped ? 'cut' : '-'} ${page.width}×${page.height}`;
      reads.push(limiter.track(pool.recognize(page.ocrImage, signal, page.dpi)).then((r) => ({ text: r.text, detail: `${detail} conf ${r.confidence}` })));
    }
    return await Promise.all(reads);
  } finally {
    await Promise.all([pool.terminate(), closeLineReader()]);
  }
}

function describe(spec: ScanSpec): string {
  const parts = [spec.kind, `${spec.dpi ?? 300}dpi`, `skew ${spec.skew ?? 0}°`];
  if (spec.rotation) parts.push(`turned ${spec.rotation}°`);
  if (spec.border) parts.push('lid');
  if (spec.jpegQuality) parts.push(`q${spec.jpegQuality}`);
  return parts.join(' ');
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export const ocrGroup: BenchGroup = {
  name: 'ocr',
  description: `OCR of ${SAMPLE_SET.length} degraded A4 sample scans: Dangka (clean-up + tesseract.js ×${WORKERS}) vs native tesseract ×${WORKERS}`,
  async run(ctx) {
    const dir = ctx.tempDir('ocr');
    const truths: string[] = [];
    const files: string[] = [];
    for (const [i, spec] of SAMPLE_SET.entries()) {
      const scan = await renderScan(spec);
      const file = join(dir, `page${i + 1}.${spec.jpegQuality ? 'jpg' : 'png'}`);
      writeFileSync(file, scan.image);
      files.push(file);
      truths.push(scan.truth);
    }
    const pages = files.length;
    const nativeSeconds: number[] = [];
    const dangkaSeconds: number[] = [];
    let native: Reading[] = [];
    let ours: Reading[] = [];
    for (let r = 0; r < ctx.runs; r++) {
      ctx.log(`run ${r + 1}/${ctx.runs}`);
      let started = performance.now();
      native = await nativeTesseract(files);
      nativeSeconds.push((performance.now() - started) / 1000 / pages);
      started = performance.now();
      ours = await dangka(files);
      dangkaSeconds.push((performance.now() - started) / 1000 / pages);
    }
    const nativeCer = truths.map((t, i) => characterErrorRate(t, native[i]!.text));
    const dangkaCer = truths.map((t, i) => characterErrorRate(t, ours[i]!.text));
    for (const [i, spec] of SAMPLE_SET.entries()) {
      ctx.log(`page ${String(i + 1).padStart(2)} ${describe(spec).padEnd(44)} CER native ${pct(nativeCer[i]!).padStart(6)}  Dangka ${pct(dangkaCer[i]!).padStart(6)}  (${ours[i]!.detail})`);
    }
    const cerRatio = mean(dangkaCer) / mean(nativeCer);
    const speed = ctx.figure({
      name: `OCR seconds per page (${WORKERS} workers)`,
      unit: 's',
      samples: dangkaSeconds,
      baseline: { name: `native tesseract ×${WORKERS}, no clean-up`, samples: nativeSeconds },
    });
    const pagesPerMinute = (secondsPerPage: number) => 60 / secondsPerPage;
    const speedRatio = 1 / speed.baseline!.ratio;
    ctx.log(
      `pages/min: Dangka ${pagesPerMinute(speed.median).toFixed(1)}, native ${pagesPerMinute(speed.baseline!.median).toFixed(1)} — ` +
        `ratio ${speedRatio.toFixed(2)} (target ≥ 0.80) ${speedRatio >= 0.8 ? 'MET' : 'MISSED'}`,
    );
    ctx.log(
      `character error rate: Dangka ${pct(mean(dangkaCer))}, native ${pct(mean(nativeCer))} — ratio ${cerRatio.toFixed(2)} (target ≤ 0.80) ${cerRatio <= 0.8 ? 'MET' : 'MISSED'}`,
    );
  },
};
