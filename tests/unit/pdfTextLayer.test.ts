// Where the invisible OCR text goes (pure geometry; the PDF itself is checked with poppler in pdfSearchable and
// fonts tests): lines from word order, one baseline and size per line, Han words widened to meet their neighbour.
import { describe, expect, it } from 'vitest';
import { layoutTextRuns } from '../../engine/pdf/textLayer';
import type { OcrWord } from '../../shared/domain';

const word = (text: string, x0: number, y0: number, x1: number, y1: number): OcrWord => ({ text, confidence: 90, bbox: [x0, y0, x1, y1] });

describe('layoutTextRuns', () => {
  it('gives a line one size and baseline, from the union of its boxes, whatever the shape of each character', () => {
    // 一 has a sliver of a box; 王 a full one. Scale 0.5 pt/px on a 500-pt page.
    const runs = layoutTextRuns([word('王', 100, 200, 140, 240), word('一', 150, 218, 190, 222)], 0.5, 500);
    expect(runs.map((r) => r.size)).toEqual([20, 20]);
    // Baseline 12% of the line height above its bottom (Noto's em box), in points with y up.
    expect(runs[0]!.y).toBeCloseTo(500 - 240 * 0.5 + 0.12 * 20);
    expect(runs[1]!.y).toBe(runs[0]!.y);
  });

  it('widens a Han word to the next one on its line, so no space is extracted between them', () => {
    const runs = layoutTextRuns([word('张', 0, 0, 30, 30), word('喆', 36, 0, 66, 30), word('家庭', 120, 0, 180, 30)], 1, 100);
    expect(runs.map((r) => [r.text, r.x, r.width])).toEqual([
      ['张', 0, 36],
      ['喆', 36, 84],
      ['家庭', 120, 60],
    ]);
  });

  it('keeps the box width where a space belongs (Latin, numbers) and at the end of a line', () => {
    const runs = layoutTextRuns([word('Dangka', 0, 0, 90, 30), word('2024', 100, 0, 160, 30), word('年', 165, 0, 195, 30)], 1, 100);
    expect(runs.map((r) => r.width)).toEqual([90, 60, 30]);
  });

  it('joins characters outside the Basic Multilingual Plane by code point, not by half a surrogate pair', () => {
    const runs = layoutTextRuns([word('王\u{20000}', 0, 0, 60, 30), word('\u{20000}', 70, 0, 100, 30)], 1, 100);
    expect(runs[0]!.width).toBe(70);
  });

  it('starts a new line when the next word goes back left or sits lower, and drops empty words', () => {
    const runs = layoutTextRuns(
      [word('第一', 0, 0, 60, 30), word('行', 60, 2, 90, 32), word(' ', 95, 0, 100, 30), word('第二', 0, 50, 60, 80), word('左', 200, 50, 230, 80), word('右', 100, 52, 130, 82), word('空', 5, 5, 5, 5)],
      1,
      100,
    );
    expect(runs.map((r) => r.text)).toEqual(['第一', '行', '第二', '左', '右']);
    expect(new Set(runs.slice(0, 2).map((r) => r.y)).size).toBe(1);
    expect(runs[2]!.y).toBe(runs[3]!.y);
    expect(runs[4]!.y).not.toBe(runs[3]!.y);
  });
});
