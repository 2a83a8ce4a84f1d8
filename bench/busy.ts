// Reads while the library is busy (issue 13, "one writer"): the catalog read the clerk's screen makes
// (catalog.children of the county) asked every 25 ms through the engine while a roster import of a second county's
// worth of households and then a full check run in the same engine — latency measured from when the read was due to
// when it was answered, so time spent waiting behind the event loop counts. Baseline: the same read on the idle
// engine. Target (issue 13): p95 at most 50 ms while busy.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, unwrap } from '../engine/api/engine';
import { buildDemoLibrary } from '../engine/demo/build';
import { generateCounty } from '../engine/demo/generate';
import { openLibrary } from '../engine/library/library';
import type { RosterImportResult } from '../shared/domain';
import { rosterXlsx } from '../tests/fixtures/rosterFile';
import { rosterRows } from './roster';
import type { BenchGroup } from './harness';

const READ_EVERY_MS = 25;

export const busyGroup: BenchGroup = {
  name: 'busy',
  description: 'catalog reads answered while a roster import and a full check run in the same engine (p95)',
  async run(ctx) {
    const dir = ctx.tempDir('busy');
    const lib = openLibrary(dir, { create: true });
    await buildDemoLibrary(lib, generateCounty({ households: ctx.households }));
    const county = lib.db.prepare("SELECT id FROM unit WHERE tier = 'county'").get() as { id: number };
    // Another draw of households for the same county: the import adds as many again.
    const file = join(ctx.tempDir('busy-roster'), '花名册.xlsx');
    writeFileSync(file, await rosterXlsx(rosterRows(generateCounty({ households: ctx.households, seed: 7 }))));
    const bytes = readFileSync(file).toString('base64');
    const engine = createEngine(lib);
    const read = () => engine.call('catalog.children', { parentId: county.id });

    /** Reads every READ_EVERY_MS until `work` ends; each sample is due→answered in ms. */
    const readWhile = async (work: Promise<unknown>): Promise<number[]> => {
      const samples: number[] = [];
      let over = false;
      void work.finally(() => (over = true));
      let due = performance.now();
      for (;;) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        // A read due while the event loop was held (a long synchronous step) counts the whole wait.
        unwrap(await read());
        samples.push(performance.now() - due);
        if (over) break;
        due = Math.max(due + READ_EVERY_MS, performance.now());
      }
      await work;
      return samples;
    };

    const idle: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      unwrap(await read());
      idle.push(performance.now() - started);
    }
    for (let run = 0; run < ctx.runs; run++) {
      const importing = (async () => {
        const { jobId } = unwrap(await engine.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes, keepValid: true }));
        const state = await engine.jobs.wait(jobId);
        if (!(state.result as RosterImportResult | null)?.applied) throw new Error(`import failed: ${JSON.stringify(state.error)}`);
      })();
      const duringImport = await readWhile(importing);
      const duringCheck = await readWhile((async () => unwrap(await engine.call('check.run', {})))());
      ctx.figure({ name: `catalog read during roster import (run ${run + 1})`, unit: 'ms', samples: duringImport, p95: true, targetMax: 50, targetOnP95: true, baseline: { name: 'idle', samples: idle } });
      ctx.figure({ name: `catalog read during full check (run ${run + 1})`, unit: 'ms', samples: duringCheck, p95: true, targetMax: 50, targetOnP95: true, baseline: { name: 'idle', samples: idle } });
    }
    engine.close();
  },
};
