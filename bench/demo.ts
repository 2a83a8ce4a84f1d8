// `dangka demo --households N`: the time to generate the sample county and write it into a new library (the
// same two calls the command makes), from an empty folder each run. Target: well under a minute at 40,000.
import { buildDemoLibrary } from '../engine/demo/build';
import { generateCounty } from '../engine/demo/generate';
import { openLibrary } from '../engine/library/library';
import type { BenchGroup } from './harness';

export const demoGroup: BenchGroup = {
  name: 'demo',
  description: '`dangka demo` build time (generate + write a new library)',
  async run(ctx) {
    const generate: number[] = [];
    const total: number[] = [];
    let persons = 0;
    for (let run = 1; run <= ctx.runs; run++) {
      ctx.log(`demo build ${run}/${ctx.runs}`);
      const dir = ctx.tempDir('demo');
      const started = performance.now();
      const county = generateCounty({ households: ctx.households });
      generate.push((performance.now() - started) / 1000);
      const lib = openLibrary(dir, { create: true });
      try {
        persons = (await buildDemoLibrary(lib, county)).persons;
      } finally {
        lib.close();
      }
      total.push((performance.now() - started) / 1000);
    }
    ctx.figure({ name: `generate ${ctx.households} households (pure data)`, unit: 's', samples: generate });
    ctx.figure({ name: `dangka demo --households ${ctx.households}`, unit: 's', samples: total, targetMax: 60, note: `${persons} persons` });
  },
};
