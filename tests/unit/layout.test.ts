// The rules of a form found on the cleaned page (engine/ocr/layout.ts): the reading order of a table's cells stands
// on them. A low-resolution page is laid out as if enlarged to 300 dpi without being enlarged.
import { describe, expect, it } from 'vitest';
import type { Grey } from '../../engine/imaging/raster';
import { ruledLines } from '../../engine/ocr/layout';

/** A white page with a 3 × 2 table of black 2-px rules, drawn at `factor` times its size, and some text-like blots. */
function table(factor: number): Grey {
  const width = 800 * factor;
  const height = 600 * factor;
  const data = new Uint8Array(width * height).fill(255);
  const fill = (x0: number, y0: number, x1: number, y1: number) => {
    for (let y = y0 * factor; y < y1 * factor; y++) data.fill(0, y * width + x0 * factor, y * width + x1 * factor);
  };
  for (const y of [100, 200, 300, 400]) fill(100, y, 700, y + 2);
  for (const x of [100, 400, 700]) fill(x, 100, x + 2, 402);
  // Characters in the cells: short strokes, never rules.
  for (let k = 0; k < 6; k++) fill(150 + (k % 2) * 300, 140 + Math.floor(k / 2) * 100, 180 + (k % 2) * 300, 150 + Math.floor(k / 2) * 100);
  return { data, width, height };
}

describe('ruled lines of a form', () => {
  it('finds each rule of a table once, and not the characters', () => {
    const rules = ruledLines(table(2));
    // Each where it is drawn (2 px at half size, 4 px here), running its whole length.
    const within = (found: number[], drawn: number[]) => found.length === drawn.length && found.every((v, i) => v >= drawn[i]! * 2 && v < drawn[i]! * 2 + 4);
    expect(within(rules.across.map((r) => r[0]), [100, 200, 300, 400])).toBe(true);
    expect(within(rules.down.map((r) => r[0]), [100, 400, 700])).toBe(true);
    expect(rules.across.every((r) => r[1] === 200 && r[2] === 1403)).toBe(true);
    expect(rules.down.every((r) => r[1] === 200 && r[2] === 803)).toBe(true);
  });

  it('lays out a half-resolution page in the pixels of the enlarged one, as the enlarged page is laid out', () => {
    const enlarged = ruledLines(table(2));
    const small = ruledLines(table(1), 2);
    expect(small.across.length).toBe(enlarged.across.length);
    expect(small.down.length).toBe(enlarged.down.length);
    for (const [a, b] of [...small.across.map((r, i) => [r, enlarged.across[i]!]), ...small.down.map((r, i) => [r, enlarged.down[i]!])]) {
      for (let k = 0; k < 3; k++) expect(Math.abs(a![k]! - b![k]!)).toBeLessThanOrEqual(2);
    }
  });
});
