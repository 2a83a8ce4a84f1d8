// Opening the county in the UI: the calls the catalog tree and pages make (engine.call, as over IPC minus the
// transport) on a county of N households, and the type-ahead search over ~50 queries a clerk might type.
// The county is the demo county (same generator as the roster benchmark) with its contacts and photos.
import { createEngine, unwrap, type Engine } from '../engine/api/engine';
import { buildDemoLibrary } from '../engine/demo/build';
import { generateCounty, type DemoCounty } from '../engine/demo/generate';
import { openLibrary } from '../engine/library/library';
import type { ApiInput, ApiMethod } from '../shared/api';
import type { UnitNode } from '../shared/domain';
import { median, timeMs, type BenchContext, type BenchGroup } from './harness';

/** Warm calls of each kind, each on a different unit so no single page is flattered by the cache. */
const WARM_CALLS = 25;

interface Step {
  name: string;
  /** The i-th call of this kind. */
  call(engine: Engine, i: number): Promise<unknown>;
}

async function call<M extends ApiMethod>(engine: Engine, method: M, input: ApiInput<M>) {
  return unwrap(await engine.call(method, input));
}

/** The units the steps open: every township, every village, households spread over the county. */
interface Targets {
  county: UnitNode;
  townships: UnitNode[];
  villages: UnitNode[];
  households: number[];
}

async function findTargets(engine: Engine): Promise<Targets> {
  const [county] = await call(engine, 'catalog.children', { parentId: null });
  const townships = await call(engine, 'catalog.children', { parentId: county!.id });
  const villages = (await Promise.all(townships.map((t) => call(engine, 'catalog.children', { parentId: t.id })))).flat();
  // The biggest villages first: their household lists are the slowest to open.
  villages.sort((a, b) => b.childCount - a.childCount);
  const households: number[] = [];
  for (const v of villages.slice(0, WARM_CALLS)) households.push((await call(engine, 'catalog.children', { parentId: v.id }))[0]!.id);
  return { county: county!, townships, villages, households };
}

function steps(t: Targets): Step[] {
  const at = <T>(list: T[], i: number) => list[i % list.length]!;
  return [
    { name: 'catalog.children: root (county)', call: (e) => call(e, 'catalog.children', { parentId: null }) },
    { name: 'catalog.children: county → townships', call: (e) => call(e, 'catalog.children', { parentId: t.county.id }) },
    { name: 'catalog.children: township → villages', call: (e, i) => call(e, 'catalog.children', { parentId: at(t.townships, i).id }) },
    { name: 'catalog.children: village → households', call: (e, i) => call(e, 'catalog.children', { parentId: at(t.villages, i).id }) },
    { name: 'catalog.household: household page', call: (e, i) => call(e, 'catalog.household', { id: at(t.households, i) }) },
    { name: 'catalog.unit: county page (subtree counts)', call: (e) => call(e, 'catalog.unit', { id: t.county.id }) },
  ];
}

/** ~50 type-ahead queries: surnames, full names, village and township names, ID tails, 户编号 and 档号 prefixes. */
function searchQueries(county: DemoCounty): string[] {
  const villages = county.townships.flatMap((t) => t.villages);
  const households = villages.flatMap((v) => v.households);
  const spread = <T>(list: T[], n: number) => Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!);
  const people = spread(households, 12).map((h) => h.members[h.members.length - 1]!);
  return [
    ...['王', '李', '张', '刘', '陈', '杨', '黄', '赵'],
    ...people.map((m) => m.name),
    ...people.slice(0, 4).map((m) => m.name.slice(0, 2)),
    ...spread(villages, 6).map((v) => v.name.slice(0, 2)),
    '示范村',
    ...['示例三', '示例十二乡', '示例一镇'],
    ...people.map((m) => m.idNumber.slice(-4)),
    ...spread(villages, 3).map((v) => v.regionCode),
    ...spread(households, 3).map((h) => h.householdNo),
    ...spread(villages, 2).map((v) => `JF01·${v.regionCode.slice(0, 9)}`),
  ];
}

async function buildCounty(ctx: BenchContext): Promise<{ dir: string; county: DemoCounty }> {
  ctx.log(`building the ${ctx.households}-household county`);
  const dir = ctx.tempDir('county');
  const county = generateCounty({ households: ctx.households });
  const lib = openLibrary(dir, { create: true });
  try {
    await buildDemoLibrary(lib, county);
  } finally {
    lib.close();
  }
  return { dir, county };
}

export const treeGroup: BenchGroup = {
  name: 'tree',
  description: 'opening the county tree, pages and type-ahead (engine.call)',
  async run(ctx) {
    const { dir, county } = await buildCounty(ctx);

    const scout = createEngine(openLibrary(dir));
    const targets = await findTargets(scout).finally(() => scout.close());

    // First calls after opening the library: what the clerk waits for when the app starts.
    const opens: number[] = [];
    const first = new Map<string, number[]>();
    for (let run = 0; run < ctx.runs; run++) {
      const started = performance.now();
      const engine = createEngine(openLibrary(dir));
      opens.push(performance.now() - started);
      try {
        for (const step of steps(targets)) {
          const ms = await timeMs(() => step.call(engine, run));
          first.set(step.name, [...(first.get(step.name) ?? []), ms]);
        }
      } finally {
        engine.close();
      }
    }
    ctx.figure({ name: 'open library (migrations check, template)', unit: 'ms', samples: opens });

    const engine = createEngine(openLibrary(dir));
    try {
      for (const step of steps(targets)) {
        const samples: number[] = [];
        for (let i = 0; i < WARM_CALLS; i++) samples.push(await timeMs(() => step.call(engine, i)));
        ctx.figure({
          name: step.name,
          unit: 'ms',
          samples,
          p95: true,
          note: `first after open ${median(first.get(step.name)!).toFixed(1)} ms`,
        });
      }

      const queries = searchQueries(county);
      for (const query of queries) await call(engine, 'catalog.search', { query }); // warm-up pass
      const perQuery = queries.map(() => [] as number[]);
      for (let run = 0; run < ctx.runs; run++) {
        for (const [i, query] of queries.entries()) perQuery[i]!.push(await timeMs(() => call(engine, 'catalog.search', { query })));
      }
      const samples = perQuery.map(median);
      const slowest = queries[samples.indexOf(Math.max(...samples))]!;
      ctx.figure({
        name: `catalog.search: ${queries.length} type-ahead queries`,
        unit: 'ms',
        samples,
        p95: true,
        note: `slowest “${slowest}” ${Math.max(...samples).toFixed(1)} ms`,
      });
    } finally {
      engine.close();
    }
  },
};
