// Reading order that follows the ruled layout of a form: the text of a table cell or of a framed box stays
// together, cells are read row by row and left to right, and text outside them in the order of its blocks from
// the top. Tesseract's own order on such pages reads a table's columns one after another, the header after the
// body, or the lines of two boxes side by side as one line — the characters right, the fields scrambled.
import type { OcrWord } from '../../shared/domain';
import type { Grey } from '../imaging/raster';
import type { Reading, TextLine } from './reading';

/** A ruled line is at least this long: a cell's side (a 12-pt character is ~50 px at 300 dpi). */
const MIN_RULE_FRACTION = 0.04;
const MIN_RULE_PX = 60;
/** Cells and blocks whose tops are this close are one row, read left to right (a rule drawn a little slanted). */
const ROW_TOLERANCE_PX = 12;

interface Rules {
  /** Horizontal rules: y, x0, x1. */
  across: [number, number, number][];
  /** Vertical rules: x, y0, y1. */
  down: [number, number, number][];
}

/**
 * Long straight runs of dark pixels in the cleaned page: a table's or a box's rules. `scale`: the rules are wanted in
 * the pixels of the page enlarged by this much (a 150-dpi page is laid out as it would be read at 300 dpi), and the
 * page given is not enlarged — the lengths are measured in its own pixels.
 */
export function ruledLines(page: Grey, scale = 1): Rules {
  const { data, width, height } = page;
  const minH = Math.max(MIN_RULE_PX, Math.round(width * scale * MIN_RULE_FRACTION)) / scale;
  const minV = Math.max(MIN_RULE_PX, Math.round(height * scale * MIN_RULE_FRACTION * 0.5)) / scale;
  const across: [number, number, number][] = [];
  const down: [number, number, number][] = [];
  // Both directions in one pass along the rows (a pass down each column in turn was ~4× slower: every step a cache
  // miss): `runs` holds each column's dark run so far.
  const runs = new Int32Array(width);
  for (let y = 0; y <= height; y++) {
    let run = 0;
    for (let x = 0, i = y * width; x <= width; x++, i++) {
      const dark = y < height && x < width && data[i]! < 128;
      if (dark) run++;
      else {
        if (run >= minH) across.push([y, x - run, x - 1]);
        run = 0;
      }
      if (x === width) continue;
      if (dark) runs[x]!++;
      else {
        if (runs[x]! >= minV) down.push([x, y - runs[x]!, y - 1]);
        runs[x] = 0;
      }
    }
  }
  // merged() joins neighbours in order of position across the rule.
  down.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const inPixels = (rules: [number, number, number][]) => (scale === 1 ? rules : rules.map((r) => r.map((v) => v * scale) as [number, number, number]));
  return { across: merged(inPixels(across)), down: merged(inPixels(down)) };
}

/** Adjacent pixel rows (columns) of one thick rule become one rule. */
function merged(rules: [number, number, number][]): [number, number, number][] {
  const out: [number, number, number][] = [];
  for (const r of rules) {
    const same = out.find((o) => r[0] - o[0] <= 6 && r[1] < o[2] && r[2] > o[1]);
    if (same) {
      same[0] = r[0];
      same[1] = Math.min(same[1], r[1]);
      same[2] = Math.max(same[2], r[2]);
    } else out.push([...r]);
  }
  return out;
}

/** The cell round a point: the nearest rules above, below, left and right of it that reach past it. */
function cellAt(rules: Rules, x: number, y: number): { top: number; left: number; bottom: number } | null {
  let top = -1;
  let bottom = Infinity;
  for (const [ry, x0, x1] of rules.across) {
    if (x0 > x || x1 < x) continue;
    if (ry < y && ry > top) top = ry;
    if (ry > y && ry < bottom) bottom = ry;
  }
  let left = -1;
  let right = Infinity;
  for (const [rx, y0, y1] of rules.down) {
    if (y0 > y || y1 < y) continue;
    if (rx < x && rx > left) left = rx;
    if (rx > x && rx < right) right = rx;
  }
  if (top < 0 || left < 0 || bottom === Infinity || right === Infinity) return null;
  return { top, left, bottom };
}

/** Tesseract's reading of a rule: a bar or bracket standing on a vertical rule or right next to it. */
const RULE_GLYPHS = /^[|丨Il\[\]!！1]+$/u;

/**
 * The reading reordered by the page's ruled cells: each cell's words as lines of their own, cells by rows (a row:
 * cells whose top rule is the same, within a few pixels) left to right; text outside cells by block, top first.
 * A page without rules keeps Tesseract's order, blocks sorted top first.
 */
export function inLayoutOrder(reading: Reading, rules: Rules | null): Reading {
  type Unit = { top: number; left: number; lines: TextLine[] };
  const units: Unit[] = [];
  const cells = new Map<string, { top: number; left: number; bottom: number; words: OcrWord[] }>();
  const freeLines: TextLine[] = [];
  for (const line of reading.lines) {
    const outside: OcrWord[] = [];
    for (const word of line.words) {
      const cx = (word.bbox[0] + word.bbox[2]) / 2;
      const cy = (word.bbox[1] + word.bbox[3]) / 2;
      const cell = rules ? cellAt(rules, cx, cy) : null;
      if (!cell) {
        outside.push(word);
        continue;
      }
      if (RULE_GLYPHS.test(word.text) && rules!.down.some(([rx]) => rx >= word.bbox[0] - 8 && rx <= word.bbox[2] + 8)) continue;
      const key = `${cell.top}.${cell.left}`;
      const entry = cells.get(key) ?? cells.set(key, { ...cell, words: [] }).get(key)!;
      entry.words.push(word);
    }
    if (outside.length > 0) freeLines.push({ ...line, words: outside });
  }
  // Text outside cells: Tesseract's blocks, each where its first line is.
  const blocks = new Map<number, TextLine[]>();
  for (const line of freeLines) (blocks.get(line.block) ?? blocks.set(line.block, []).get(line.block)!).push(line);
  // A block split where its lines jump over something (Tesseract may put the lines above and below a table in one).
  for (const lines of blocks.values()) {
    let unit: Unit | null = null;
    for (const line of lines) {
      const last = unit?.lines.at(-1);
      const height = line.bbox[3] - line.bbox[1];
      if (!unit || !last || line.bbox[1] - last.bbox[3] > 2 * height) {
        unit = { top: line.bbox[1], left: line.bbox[0], lines: [] };
        units.push(unit);
      }
      unit.lines.push(line);
    }
  }
  // Cells: their words into lines (a new line where a word starts below the previous one's middle).
  let block = 10_000;
  for (const cell of cells.values()) {
    const words = [...cell.words].sort((a, b) => a.bbox[1] - b.bbox[1] || a.bbox[0] - b.bbox[0]);
    const lines: TextLine[] = [];
    for (const w of words) {
      const last = lines.at(-1);
      if (last && w.bbox[1] < (last.bbox[1] + last.bbox[3]) / 2) {
        last.words.push(w);
        last.bbox = [Math.min(last.bbox[0], w.bbox[0]), Math.min(last.bbox[1], w.bbox[1]), Math.max(last.bbox[2], w.bbox[2]), Math.max(last.bbox[3], w.bbox[3])];
      } else lines.push({ block, paragraph: 0, words: [w], bbox: [...w.bbox] });
    }
    for (const l of lines) l.words.sort((a, b) => a.bbox[0] - b.bbox[0]);
    block++;
    units.push({ top: cell.top, left: cell.left, lines });
  }
  units.sort((a, b) => a.top - b.top);
  const rows: Unit[][] = [];
  for (const unit of units) {
    const row = rows.at(-1);
    if (row && unit.top - row[0]!.top <= ROW_TOLERANCE_PX) row.push(unit);
    else rows.push([unit]);
  }
  return { lines: rows.flatMap((row) => row.sort((a, b) => a.left - b.left).flatMap((u) => u.lines)) };
}
