// Skew by projection profile: project the ink pixels of the analysis copy onto the vertical axis at candidate
// angles; text lines and rules make the profile peakiest when the projection runs along them. The measure is the
// sum of squared bin counts (equivalent to the profile's variance for a fixed number of points), searched in 1°
// steps over ±10°, then 0.25°, then 0.05° — the peak of a page of text lines is ~1° wide at this scale, so the
// coarse steps cannot step over it.

/** Ink pixel coordinates, interleaved x, y. */
export type Points = Int32Array;

export interface SkewEstimate {
  /** Degrees, clockwise (sharp's sense): the page content is turned by this much; straighten with −angle. */
  angle: number;
  /** How concentrated the profile is at that angle, relative to ink spread evenly over the same extent (≥ 1). */
  peakiness: number;
}

export const MAX_SKEW_DEGREES = 10;
/** Ink points scored per angle; a text page has 50,000–150,000 on the analysis copy. */
const MAX_POINTS = 25_000;

/**
 * Scores lines of ink running along `axis`: 'rows' for horizontal text, 'columns' for text turned 90°
 * (the same search on transposed coordinates).
 */
export function estimateSkew(points: Points, axis: 'rows' | 'columns'): SkewEstimate {
  const all = points.length / 2;
  if (all < 50) return { angle: 0, peakiness: 1 };
  // An evenly spread sample is enough: the peaks come from thousands of points per line.
  const stride = Math.ceil(all / MAX_POINTS);
  const n = Math.floor(all / stride);
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = i * stride;
    // For columns, swap the axes and mirror so that a clockwise angle keeps its sign.
    xs[i] = axis === 'rows' ? points[2 * k]! : points[2 * k + 1]!;
    ys[i] = axis === 'rows' ? points[2 * k + 1]! : -points[2 * k]!;
  }
  let minY = Infinity;
  let maxY = -Infinity;
  let maxX = 0;
  for (let i = 0; i < n; i++) {
    minY = Math.min(minY, ys[i]!);
    maxY = Math.max(maxY, ys[i]!);
    maxX = Math.max(maxX, Math.abs(xs[i]!));
  }
  const slack = Math.ceil(maxX * Math.sin((MAX_SKEW_DEGREES * Math.PI) / 180)) + 2;
  const offset = -minY + slack;
  const bins = new Uint32Array(Math.ceil(maxY - minY) + 2 * slack + 2);

  /** Σ count² of the profile at this angle; `relative`: to the ink spread evenly over its extent. */
  const score = (degrees: number, relative = false): number => {
    const a = (degrees * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    bins.fill(0);
    for (let i = 0; i < n; i++) bins[Math.round(ys[i]! * cos - xs[i]! * sin + offset)]!++;
    let sum = 0;
    let first = -1;
    let last = -1;
    for (let b = 0; b < bins.length; b++) {
      const c = bins[b]!;
      if (c === 0) continue;
      sum += c * c;
      if (first < 0) first = b;
      last = b;
    }
    return relative ? (sum / n) * ((last - first + 1) / n) : sum;
  };

  let best = 0;
  let bestScore = -1;
  const search = (from: number, to: number, step: number) => {
    for (let d = from; d <= to + 1e-9; d += step) {
      const s = score(d);
      if (s > bestScore) {
        bestScore = s;
        best = d;
      }
    }
  };
  search(-MAX_SKEW_DEGREES, MAX_SKEW_DEGREES, 1);
  const coarse = best;
  search(coarse - 1, coarse + 1, 0.25);
  const medium = best;
  search(medium - 0.25, medium + 0.25, 0.05);
  return { angle: Math.round(best * 100) / 100, peakiness: score(best, true) };
}
