// The benchmark harness: a group measures one capability and reports figures; run.ts picks the groups, gives them
// a temporary folder and prints a summary. A figure is the median of several runs, with a target and a ratio
// against a baseline measured in the same run where one makes sense (machines differ; ratios travel better).

export interface BenchOptions {
  /** Scale of the generated county (default 40,000 households, ~110,000 persons). */
  households: number;
  /** Repetitions of each timed step; figures are their median. */
  runs: number;
}

export interface Figure {
  name: string;
  unit: 'ms' | 's';
  /** One value per run, in `unit`. */
  samples: number[];
  median: number;
  p95?: number;
  /** Pass when the median (or the p95, with targetOnP95) is at most `max`. */
  target?: { max: number; met: boolean };
  baseline?: { name: string; median: number; ratio: number };
  note?: string;
}

export interface FigureInput {
  name: string;
  unit: 'ms' | 's';
  samples: number[];
  /** Report the 95th percentile as well (latency over many queries). */
  p95?: boolean;
  targetMax?: number;
  /** The target applies to the 95th percentile instead of the median (a latency the clerk must never wait past). */
  targetOnP95?: boolean;
  baseline?: { name: string; samples: number[] };
  note?: string;
}

export interface BenchContext extends BenchOptions {
  /** A new empty folder under the run's temporary root, removed when the run ends. */
  tempDir(name: string): string;
  /** A progress line on stderr. */
  log(message: string): void;
  figure(input: FigureInput): Figure;
}

export interface BenchGroup {
  name: string;
  description: string;
  run(ctx: BenchContext): Promise<void>;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function makeFigure(input: FigureInput): Figure {
  const m = median(input.samples);
  const figure: Figure = { name: input.name, unit: input.unit, samples: input.samples, median: m };
  if (input.p95) figure.p95 = percentile(input.samples, 95);
  if (input.targetMax !== undefined) figure.target = { max: input.targetMax, met: (input.targetOnP95 ? percentile(input.samples, 95) : m) <= input.targetMax };
  if (input.baseline) {
    const b = median(input.baseline.samples);
    figure.baseline = { name: input.baseline.name, median: b, ratio: m / b };
  }
  if (input.note) figure.note = input.note;
  return figure;
}

/** Milliseconds taken by fn. */
export async function timeMs(fn: () => unknown): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export function formatValue(value: number, unit: Figure['unit']): string {
  const digits = unit === 's' ? (value < 10 ? 2 : 1) : value < 10 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${unit}`;
}

export function formatFigure(f: Figure): string {
  const parts = [`median ${formatValue(f.median, f.unit)}`];
  if (f.p95 !== undefined) parts.push(`p95 ${formatValue(f.p95, f.unit)}`);
  parts.push(`n=${f.samples.length}`);
  if (f.target) parts.push(`target ≤ ${formatValue(f.target.max, f.unit)} ${f.target.met ? 'MET' : 'MISSED'}`);
  if (f.baseline) parts.push(`${f.baseline.ratio.toFixed(2)}× ${f.baseline.name} (${formatValue(f.baseline.median, f.unit)})`);
  if (f.note) parts.push(f.note);
  return `${f.name.padEnd(44)} ${parts.join('  ')}`;
}
