// Text lines on the straightened analysis copy: bands of rows with ink, between blank rows. Used to pick a short
// stretch of one line for the orientation probe, and to tell a blank page from a page of text.
import type { Box } from './geometry';
import type { Grey } from './raster';

export interface LineBand {
  top: number;
  height: number;
  ink: number;
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
  // A row of a text line has more than a speck or two of ink.
  const minInk = Math.max(3, Math.round(width * 0.004));
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
  if (bands.length === 0) return [];
  const heights = bands.map((b) => b.height).sort((a, b) => a - b);
  const typical = heights[Math.floor(heights.length / 2)]!;
  // Text lines: about the typical height, and no ruling (a horizontal run of ink several characters long).
  return bands
    .filter((b) => b.height >= 4 && b.height >= typical * 0.6 && b.height <= typical * 1.8 && b.run < b.height * 3)
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
