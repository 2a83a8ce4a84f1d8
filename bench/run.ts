// `npm run bench [-- <group>…] [--households N] [--runs N] [--list]`: runs the registered benchmark groups (all by
// default) in a temporary folder that is removed afterwards, prints each figure as it is measured and a summary,
// and saves the figures as JSON under .bench/ (git-ignored) to compare runs.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GROUPS } from './groups';
import { formatFigure, makeFigure, type BenchContext, type BenchGroup, type Figure } from './harness';

const USAGE = `usage: npm run bench -- [group…] [--households N] [--runs N] [--list]
groups: ${GROUPS.map((g) => g.name).join(', ')}
memory: DANGKA_BENCH_PAGES=100,1000 sets the PDF page counts (default 100)`;

function parseCount(raw: string | undefined, fallback: number, name: string): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer\n${USAGE}`);
  return n;
}

type GroupFigure = Figure & { group: string };

async function runGroup(group: BenchGroup, ctx: Omit<BenchContext, 'figure'>, figures: GroupFigure[]): Promise<boolean> {
  process.stdout.write(`\n[${group.name}] ${group.description}\n`);
  const started = performance.now();
  try {
    await group.run({
      ...ctx,
      figure: (input) => {
        const figure = makeFigure(input);
        figures.push({ group: group.name, ...figure });
        process.stdout.write(`  ${formatFigure(figure)}\n`);
        return figure;
      },
    });
    process.stdout.write(`  (${group.name} took ${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    return true;
  } catch (err) {
    process.stdout.write(`  FAILED: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return false;
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { households: { type: 'string' }, runs: { type: 'string' }, list: { type: 'boolean' } },
  });
  if (values.list) {
    for (const g of GROUPS) process.stdout.write(`${g.name.padEnd(10)} ${g.description}\n`);
    return 0;
  }
  const unknown = positionals.filter((name) => !GROUPS.some((g) => g.name === name));
  if (unknown.length) {
    process.stderr.write(`unknown group: ${unknown.join(', ')}\n${USAGE}\n`);
    return 2;
  }
  const selected = positionals.length ? GROUPS.filter((g) => positionals.includes(g.name)) : GROUPS;
  const households = parseCount(values.households, 40_000, 'households');
  const runs = parseCount(values.runs, 3, 'runs');

  const root = mkdtempSync(join(tmpdir(), 'dangka-bench-'));
  const cleanup = () => rmSync(root, { recursive: true, force: true });
  process.once('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  process.stdout.write(
    `dangka bench: ${selected.map((g) => g.name).join(', ')}; ${households} households, ${runs} runs; ` +
      `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, Node ${process.version}\n`,
  );
  const figures: GroupFigure[] = [];
  const failed: string[] = [];
  const started = performance.now();
  try {
    for (const group of selected) {
      let n = 0;
      const ok = await runGroup(
        group,
        {
          households,
          runs,
          tempDir: (name) => {
            const dir = join(root, `${group.name}-${++n}-${name}`);
            mkdirSync(dir, { recursive: true });
            return dir;
          },
          log: (message) => process.stderr.write(`  … ${message}\n`),
        },
        figures,
      );
      if (!ok) failed.push(group.name);
    }
  } finally {
    cleanup();
  }

  const missed = figures.filter((f) => f.target && !f.target.met);
  process.stdout.write(
    `\n${figures.length} figures in ${((performance.now() - started) / 1000).toFixed(0)} s; ` +
      `targets missed: ${missed.length ? missed.map((f) => `${f.group}: ${f.name}`).join(', ') : 'none'}; ` +
      `groups failed: ${failed.length ? failed.join(', ') : 'none'}\n`,
  );
  mkdirSync('.bench', { recursive: true });
  const file = join('.bench', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify({ households, runs, node: process.version, cpus: cpus().length, figures, failed }, null, 2)}\n`);
  process.stdout.write(`saved ${file}\n`);
  return failed.length || missed.length ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
