// One measured task of `npm run bench -- memory`, alone in its own process so that its peak resident memory is its
// own: `ingest PDF LIBRARY` (the scan import of one long PDF, without OCR) or `roster XLSX LIBRARY` (the roster
// import). Prints one JSON line: seconds, the seconds until the first progress report counted in pages (ingest),
// the outcome, and this process's own peak RSS (VmHWM) for when /usr/bin/time is missing.
import { readFileSync } from 'node:fs';
import { createEngine, unwrap } from '../engine/api/engine';
import { ingestFiles, PAGES_PHASE } from '../engine/ingest/ingest';
import { openLibrary } from '../engine/library/library';
import type { IngestResult, RosterImportResult } from '../shared/domain';

/** Pages between progress lines. */
const PROGRESS_EVERY = 25;

function peakRssKb(): number | null {
  const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) : null;
}

/** Resident memory now and at its peak so far, and the JavaScript heap's share (MB). */
function memoryNow(): string {
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  const { rss, heapUsed, external } = process.memoryUsage();
  return `RSS ${mb(rss)} MB (peak ${mb((peakRssKb() ?? 0) * 1024)}; heap ${mb(heapUsed)}, external ${mb(external)})`;
}

async function main(): Promise<void> {
  const [task, file, library] = process.argv.slice(2);
  if (!file || !library || (task !== 'ingest' && task !== 'roster')) throw new Error('usage: memoryChild.ts ingest|roster FILE LIBRARY');
  const engine = createEngine(openLibrary(library, { create: true }));
  const started = performance.now();
  let firstPageSeconds: number | null = null;
  let outcome: string;
  try {
    if (task === 'ingest') {
      const job = engine.jobs.start<IngestResult>('ingest', (ctx) =>
        ingestFiles(engine.lib, null, [{ fileName: 'long.pdf', read: () => readFileSync(file) }], { unitId: null, item: null, source: 'file' }, ctx),
      );
      let logged = -1;
      const state = await engine.jobs.wait(job.id, (s) => {
        if (s.phase !== PAGES_PHASE || s.done < 1) return;
        firstPageSeconds ??= (performance.now() - started) / 1000;
        // Progress on stderr (beside /usr/bin/time's report): pages done, seconds, resident memory now and at peak.
        if (s.done === logged || (s.done % PROGRESS_EVERY !== 0 && s.done !== 1 && s.done !== s.total)) return;
        logged = s.done;
        process.stderr.write(`${PAGES_PHASE} ${s.done}/${s.total} ${((performance.now() - started) / 1000).toFixed(0)} s ${memoryNow()}\n`);
      });
      const result = state.result as IngestResult | null;
      outcome = result?.files[0]?.status === 'imported' ? `${result.files[0].pages} pages imported` : `failed: ${state.error?.message ?? result?.files[0]?.message}`;
    } else {
      const bytes = readFileSync(file);
      const { jobId } = unwrap(await engine.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes.toString('base64'), keepValid: false }));
      let phase = '';
      const state = await engine.jobs.wait(jobId, (s) => {
        if (s.phase === phase) return;
        phase = s.phase;
        process.stderr.write(`${phase} ${((performance.now() - started) / 1000).toFixed(0)} s ${memoryNow()}\n`);
      });
      process.stderr.write(`done ${((performance.now() - started) / 1000).toFixed(0)} s ${memoryNow()}\n`);
      const result = state.result as RosterImportResult | null;
      outcome = result?.applied ? `${result.persons} persons imported` : `failed: ${state.error?.message ?? result?.problems[0]?.message}`;
    }
  } finally {
    engine.close();
  }
  process.stdout.write(`${JSON.stringify({ seconds: (performance.now() - started) / 1000, firstPageSeconds, outcome, peakRssKb: peakRssKb() })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
