// Text lines on the straightened analysis copy: bands of rows with ink, between blank rows. Used to pick a short
// stretch of one line for the orientation probe. A form's rules are taken out first: a table's vertical rules put
// ink in every row, and its whole body was one band, not a line (rosters, cards and visit logs were left unturned,
// "未能判断页面方向", on 7 of the 18 bench pages).
import type { Box } from './geometry';
import type { Grey } from './raster';

export interface LineBand {
  top: number;
  height: number;
  ink: number;
}

/** A straight run of ink at least this share of the page's longer side is a rule (~2 characters at 12 pt). */
const RULE_RUN = 0.03;
/**
 * Share of the rows below which the page's background ink is measured: a page of text has at least this much of
 * blank rows (margins, the gaps between lines), so the level there is speckle and dust, not text.
 */
const BLANK_ROWS = 0.2;
/** Rows in the smallest band that can be a line of text on the analysis copy (~100 dpi: 7-pt type is ~10 rows). */
const MIN_LINE_HEIGHT = 4;

/**
 * `mask` with the page's rules added: ink (≤ threshold) in a straight run across or down longer than RULE_RUN of
 * the page's longer side — a table's or a box's rules, a line to write on.
 */
export function withRulesMasked(img: Grey, threshold: number, mask: Uint8Array): Uint8Array {
  const { data, width, height } = img;
  const out = Uint8Array.from(mask);
  const min = Math.max(20, Math.round(Math.max(width, height) * RULE_RUN));
  const down = new Int32Array(width);
  for (let y = 0; y <= height; y++) {
    let across = 0;
    for (let x = 0, i = y * width; x <= width; x++, i++) {
      const ink = y < height && x < width && data[i]! <= threshold;
      if (ink) across++;
      else {
        if (across >= min) out.fill(1, i - across, i);
        across = 0;
      }
      if (x === width) continue;
      if (ink) down[x]!++;
      else {
        if (down[x]! >= min) for (let k = 1; k <= down[x]!; k++) out[i - k * width] = 1;
        down[x] = 0;
      }
    }
  }
  return out;
}

/** Bands of rows holding ink (≤ threshold, outside `mask`), tallest rule-free lines first by ink. */
export function textLines(img: Grey, threshold: number, mask: Uint8Array): LineBand[] {
  const { data, width, height } = img;
  const profile = new Uint32Array(height);
  const longestRun = new Uint32Array(height);
  for (let y = 0; y < height; y++) {
    let count = 0;
    let run = 0;
    let longest = 0;
    for (let x = 0, i = y * width; x < width; x++, i++) {
      if (data[i]! <= threshold && !mask[i]) {
        count++;
        run++;
        if (run > longest) longest = run;
      } else run = 0;
    }
    profile[y] = count;
    longestRun[y] = longest;
  }
  // A row of a text line has more than a speck or two of ink, and more than twice the ink of the page's blank rows
  // (on a speckled page every row has some).
  const background = [...profile].sort((a, b) => a - b)[Math.floor(height * BLANK_ROWS)] ?? 0;
  const minInk = Math.max(3, Math.round(width * 0.004), 2 * background + 2);
  const bands: (LineBand & { run: number })[] = [];
  for (let y = 0; y < height; ) {
    if (profile[y]! < minInk) {
      y++;
      continue;
    }
    const top = y;
    let ink = 0;
    let run = 0;
    while (y < height && profile[y]! >= minInk) {
      ink += profile[y]!;
      run = Math.max(run, longestRun[y]!);
      y++;
    }
    bands.push({ top, height: y - top, ink, run });
  }
  // The typical line height among bands that can be lines at all: a speckled or noisy page has many slivers of a row
  // or two, and with them counted the typical height was theirs and every line was "too tall".
  const candidates = bands.filter((b) => b.height >= MIN_LINE_HEIGHT);
  if (candidates.length === 0) return [];
  const heights = candidates.map((b) => b.height).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)]!;
  // Text lines: about the typical height, and no ruling (a horizontal run of ink several characters long).
  return candidates
    .filter((b) => b.height >= typical * 0.6 && b.height <= typical * 1.8 && b.run < b.height * 3)
    .sort((a, b) => b.ink - a.ink)
    .map(({ top, height: h, ink }) => ({ top, height: h, ink }));
}

/** The stretch of a line with the most ink, `chars` character widths long (characters are about square). */
export function lineSegment(img: Grey, threshold: number, mask: Uint8Array, band: LineBand, chars: number): Box {
  const { data, width } = img;
  const columns = new Uint32Array(width);
  for (let y = band.top; y < band.top + band.height; y++) {
    for (let x = 0, i = y * width; x < width; x++, i++) if (data[i]! <= threshold && !mask[i]) columns[x]!++;
  }
  const span = Math.min(width, Math.round(band.height * chars));
  let sum = 0;
  for (let x = 0; x < span; x++) sum += columns[x]!;
  let best = sum;
  let bestLeft = 0;
  for (let x = span; x < width; x++) {
    sum += columns[x]! - columns[x - span]!;
    if (sum > best) {
      best = sum;
      bestLeft = x - span + 1;
    }
  }
  const pad = Math.round(band.height * 0.3);
  const left = Math.max(0, bestLeft - pad);
  const top = Math.max(0, band.top - pad);
  return { left, top, width: Math.min(width - left, span + 2 * pad), height: Math.min(img.height - top, band.height + 2 * pad) };
}
