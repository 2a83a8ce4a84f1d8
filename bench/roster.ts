// Roster import (花名册导入) of a county of N households (~2.75 N persons) in the national per-person layout,
// through engine importRoster run as a job, into a new library each run. Baseline: exceljs alone reading the
// same file (ratio = import / read). Target: under 60 s at 40,000 households.
//
// The file is written by the roster fixture (tests/fixtures/rosterFile.ts, owned by the roster work) from the
// same generated county as `dangka demo`. It is loaded at run time so the other groups still run while that
// fixture does not exist yet; this group then fails with a message saying what is missing.
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RosterImportResult } from '../shared/domain';
import { generateCounty, type DemoCounty } from '../engine/demo/generate';
import { JobRunner } from '../engine/jobs/jobs';
import { openLibrary } from '../engine/library/library';
import { importRoster } from '../engine/roster/import';
import { timeMs, type BenchContext, type BenchGroup } from './harness';

const FIXTURE = new URL('../tests/fixtures/rosterFile.ts', import.meta.url);

/** What the bench needs from the fixture: the county as a roster .xlsx in the national layout. */
interface RosterWriter {
  writeRosterXlsx(county: DemoCounty): Promise<Uint8Array>;
}

async function loadWriter(): Promise<RosterWriter> {
  if (!existsSync(fileURLToPath(FIXTURE))) {
    throw new Error('tests/fixtures/rosterFile.ts (the roster .xlsx writer) does not exist yet');
  }
  const mod = (await import(FIXTURE.href)) as Partial<RosterWriter>;
  if (typeof mod.writeRosterXlsx !== 'function') {
    throw new Error(`tests/fixtures/rosterFile.ts should export writeRosterXlsx(county: DemoCounty); it exports ${Object.keys(mod).join(', ') || 'nothing'}`);
  }
  return mod as RosterWriter;
}

/** What a clerk's import does: the job runner around importRoster, polled until done. */
async function importOnce(ctx: BenchContext, bytes: Uint8Array): Promise<{ ms: number; result: RosterImportResult }> {
  const lib = openLibrary(ctx.tempDir('import'), { create: true });
  const jobs = new JobRunner();
  try {
    const started = performance.now();
    const job = jobs.start('roster.import', (jc) => importRoster(lib, { fileName: '花名册.xlsx', bytes }, { keepValid: false }, jc));
    const state = await jobs.wait(job.id, undefined, 20);
    const ms = performance.now() - started;
    if (state.status !== 'done') throw new Error(`import ${state.status}: ${state.error?.message ?? ''}`);
    return { ms, result: state.result as RosterImportResult };
  } finally {
    lib.close();
  }
}

async function readWithExcelJs(bytes: Uint8Array): Promise<number> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  let cells = 0;
  for (const sheet of workbook.worksheets) sheet.eachRow((row) => (cells += row.cellCount));
  return cells;
}

export const rosterGroup: BenchGroup = {
  name: 'roster',
  description: 'roster import (.xlsx, national per-person layout) vs exceljs reading the same file',
  async run(ctx) {
    const writer = await loadWriter();
    const county = generateCounty({ households: ctx.households });
    const persons = county.townships.reduce((n, t) => n + t.villages.reduce((m, v) => m + v.households.reduce((k, h) => k + h.members.length, 0), 0), 0);
    ctx.log(`writing the roster of ${ctx.households} households, ${persons} persons`);
    const bytes = await writer.writeRosterXlsx(county);

    const reads: number[] = [];
    for (let run = 1; run <= ctx.runs; run++) {
      ctx.log(`exceljs read ${run}/${ctx.runs}`);
      reads.push(await timeMs(() => readWithExcelJs(bytes)));
    }
    const imports: number[] = [];
    for (let run = 1; run <= ctx.runs; run++) {
      ctx.log(`import ${run}/${ctx.runs}`);
      const { ms, result } = await importOnce(ctx, bytes);
      // A refused or partial import is not a timing of the import: say so instead of printing a fast figure.
      if (!result.applied || result.households.created !== ctx.households || result.persons !== persons) {
        const first = result.problems[0];
        throw new Error(
          `import did not take the whole roster: applied ${result.applied}, ${result.households.created} households, ` +
            `${result.persons} persons, ${result.problems.length} problems${first ? ` (row ${first.row}: ${first.message})` : ''}`,
        );
      }
      imports.push(ms);
    }
    ctx.figure({
      name: `importRoster ${ctx.households} households`,
      unit: 's',
      samples: imports.map((ms) => ms / 1000),
      targetMax: 60,
      baseline: { name: 'exceljs xlsx.load', samples: reads.map((ms) => ms / 1000) },
      note: `${persons} persons, ${(bytes.length / 1024 / 1024).toFixed(1)} MB`,
    });
  },
};
