// Memory bounded by design (issue 17): the import of a long PDF (100 pages; DANGKA_BENCH_PAGES=100,1000 for more)
// and the roster import of 200,000 persons,
// each in a child process of its own under `/usr/bin/time -v` (Debian's `time`), reporting its peak resident set
// and wall time against a 1 GB target. Without /usr/bin/time the child's own VmHWM is used (it then leaves out
// pdftoppm, which renders one page at a time in a process of its own). Scale follows --households: the defaults
// (40,000) give ~200,000 persons. The PDF repeats 20 distinct scanned A4 pages; OCR is left out
// (its workers are a fixed pool whatever the page count; bench/ocr.ts measures them).
import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import { generateCounty } from '../engine/demo/generate';
import { rosterXlsx } from '../tests/fixtures/rosterFile';
import { renderScan } from '../tests/fixtures/scans';
import type { BenchContext, BenchGroup } from './harness';
import { rosterRows } from './roster';

const run = promisify(execFile);
const TIME = '/usr/bin/time';
const LIMIT_MB = 1024;
const DISTINCT_PAGES = 20;
/** ~2.75 persons a household in the demo county: 72,700 households are ~200,000 persons. */
const HOUSEHOLDS_FOR_200K = 72_700;

/**
 * Page counts of the PDFs ingested: 100 by default (scaled with --households), so that the bench stays short; the
 * 1,000-page run takes about half an hour on a busy machine (27 min measured) and is asked for with DANGKA_BENCH_PAGES=100,1000.
 */
function pageCounts(scale: number): number[] {
  const asked = process.env.DANGKA_BENCH_PAGES;
  if (!asked) return [Math.max(2, Math.round(100 * scale))];
  const counts = asked.split(',').map(Number);
  if (!counts.every((n) => Number.isInteger(n) && n >= 1)) throw new Error(`DANGKA_BENCH_PAGES: page counts such as 100,1000, not “${asked}”`);
  return counts;
}

interface ChildReport {
  seconds: number;
  firstPageSeconds: number | null;
  outcome: string;
  peakRssKb: number | null;
}

async function measure(ctx: BenchContext, task: 'ingest' | 'roster', file: string): Promise<ChildReport & { peakMb: number; how: string }> {
  const child = [process.execPath, '--import', 'tsx', join(import.meta.dirname, 'memoryChild.ts'), task, file, ctx.tempDir(`${task}-library`)];
  const timed = existsSync(TIME);
  const { stdout, stderr } = await run(timed ? TIME : child[0]!, timed ? ['-v', ...child] : child.slice(1), { maxBuffer: 16 * 1024 * 1024 });
  const report = JSON.parse(stdout.trim().split('\n').at(-1)!) as ChildReport;
  const maxRss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
  const kb = maxRss ? Number(maxRss) : report.peakRssKb;
  if (kb === null) throw new Error(`memory bench: no peak RSS for ${task}`);
  if (report.outcome.startsWith('failed')) throw new Error(`memory bench ${task}: ${report.outcome}`);
  return { ...report, peakMb: kb / 1024, how: maxRss ? '/usr/bin/time -v' : 'VmHWM' };
}

async function longPdf(pages: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const images = [];
  for (let seed = 1; seed <= Math.min(pages, DISTINCT_PAGES); seed++) images.push(await pdf.embedJpg((await renderScan({ kind: 'application', seed, jpegQuality: 80 })).image));
  for (let k = 0; k < pages; k++) {
    const image = images[k % images.length]!;
    const page = pdf.addPage([(image.width * 72) / 300, (image.height * 72) / 300]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await pdf.save());
}

export const memoryGroup: BenchGroup = {
  name: 'memory',
  description: 'peak RSS (/usr/bin/time -v) of importing a 100-page PDF (DANGKA_BENCH_PAGES=100,1000 for more) and a 200,000-person roster, each in a child process; target < 1 GB',
  async run(ctx) {
    const scale = ctx.households / 40_000;
    const dir = ctx.tempDir('memory');
    for (const pages of pageCounts(scale)) {
      const pdfFile = join(dir, `long-${pages}.pdf`);
      writeFileSync(pdfFile, await longPdf(pages));
      ctx.log(`${pages}-page PDF written`);
      const ingest = await measure(ctx, 'ingest', pdfFile);
      ctx.figure({
        name: `ingest ${pages}-page PDF: peak RSS ${ingest.peakMb.toFixed(0)} MB`,
        unit: 's',
        samples: [ingest.seconds],
        note: `${ingest.outcome}; ${(ingest.seconds / pages).toFixed(1)} s a page; first page counted after ${ingest.firstPageSeconds?.toFixed(1) ?? '—'} s; peak ${ingest.peakMb.toFixed(0)} MB (${ingest.how}) ${ingest.peakMb < LIMIT_MB ? '< 1 GB MET' : '≥ 1 GB MISSED'}`,
      });
    }
    const rows = rosterRows(generateCounty({ households: Math.max(10, Math.round(HOUSEHOLDS_FOR_200K * scale)) }));
    const rosterFile = join(dir, '花名册.xlsx');
    writeFileSync(rosterFile, await rosterXlsx(rows));
    ctx.log(`roster of ${rows.length} persons written`);

    const roster = await measure(ctx, 'roster', rosterFile);
    ctx.figure({
      name: `roster ${rows.length} persons: peak RSS ${roster.peakMb.toFixed(0)} MB`,
      unit: 's',
      samples: [roster.seconds],
      note: `${roster.outcome}; peak ${roster.peakMb.toFixed(0)} MB (${roster.how}) ${roster.peakMb < LIMIT_MB ? '< 1 GB MET' : '≥ 1 GB MISSED'}`,
    });
  },
};
