// Where the invisible OCR text of a scanned page goes: one run per OCR word, on its line's baseline, as wide as
// the word's box. Pure geometry; searchable.ts draws the runs with text rendering mode 3 and horizontal scaling,
// as OCRmyPDF does.
import type { OcrWord } from '../../shared/domain';

/** A piece of text placed on the PDF page, in points with y up: left edge, baseline, font size, width to fill. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  size: number;
  width: number;
}

// Noto SC's em box runs from 120/1000 below the baseline to 880/1000 above it (OS/2 typo descender/ascender),
// which is where Han characters' ink sits. Sizing the font to the line's box and putting the baseline 12% of it
// above the line's bottom makes each character's em box cover the scanned character: a selection highlights
// the ink. One size and baseline per line, not per word: the box of 一 is a sliver, and sized from its own box it
// would become a tiny word floating mid-line.
const DESCENT = 0.12;

// Characters after/before which the OCR text has no space: the set normalizeOcrText (engine/ocr/text.ts) joins
// across, so pdftotext's text of a page matches the text search indexes.
const CJK = /^[\p{Script=Han}，。、；：？！“”‘’（）《》]$/u;

/**
 * Lays out the words (in Tesseract's reading order, boxes in image pixels) on a page `pageHeight` points tall,
 * `scale` points per pixel.
 *
 * Measured with poppler 22 pdftotext: with each word only as wide as its box, the ink gaps between Han characters
 * made it put a space between nearly every character. So where no space belongs (Han next to Han) the first word
 * is widened to the next one's start, whatever the gap. Other gaps stay, and pdftotext writes a space for them.
 *
 * Why whatever the gap: at gaps of 1 em and more pdftotext (default mode) splits a line into blocks, and where
 * such gaps line up down a page (a form's second column) it prints the blocks column by column — measured: lines
 * with 1–3 em gaps came out one word per line, shuffled; 0.8 em stayed in line. No character can bridge a gap
 * instead: poppler drops every whitespace glyph (U+0020 and U+3000 tried) before it builds lines. So a form line
 * "户主姓名：张喆    家庭人口" extracts whole, as "户主姓名：张喆家庭人口" — the same as the OCR text search
 * indexes — at the price of a selection highlight that stretches over the gap. Wide gaps between Latin words or
 * numbers can still split a line (`pdftotext -layout` keeps the scan's lines).
 */
export function layoutTextRuns(words: readonly OcrWord[], scale: number, pageHeight: number): TextRun[] {
  const runs: TextRun[] = [];
  for (const line of lines(words)) {
    const top = Math.min(...line.map((w) => w.bbox[1]));
    const bottom = Math.max(...line.map((w) => w.bbox[3]));
    const size = (bottom - top) * scale;
    const y = pageHeight - bottom * scale + DESCENT * size;
    line.forEach((word, i) => {
      const [x0, , x1] = word.bbox;
      const next = line[i + 1];
      const joins = next !== undefined && CJK.test(lastChar(word.text)) && CJK.test(firstChar(next.text));
      const right = joins ? Math.max(x1, next.bbox[0]) : x1;
      runs.push({ text: word.text, x: x0 * scale, y, size, width: (right - x0) * scale });
    });
  }
  return runs;
}

// Whole code points: Extension B characters (𠀀 U+20000) are two UTF-16 units, and half of one matches nothing.
function firstChar(text: string): string {
  return String.fromCodePoint(text.codePointAt(0)!);
}

function lastChar(text: string): string {
  return Array.from(text).at(-1)!;
}

/**
 * Consecutive words that move rightwards and overlap the line so far vertically by at least half the smaller
 * height. Words without text or with an empty box are dropped: there is nothing to place.
 */
function lines(words: readonly OcrWord[]): OcrWord[][] {
  const result: OcrWord[][] = [];
  let line: OcrWord[] = [];
  let top = 0;
  let bottom = 0;
  for (const raw of words) {
    const word = { ...raw, text: raw.text.trim() };
    const [x0, y0, x1, y1] = word.bbox;
    if (!word.text || !(x1 > x0) || !(y1 > y0)) continue;
    const last = line.at(-1);
    const overlap = Math.min(bottom, y1) - Math.max(top, y0);
    if (last && x0 >= last.bbox[0] && overlap >= 0.5 * Math.min(bottom - top, y1 - y0)) {
      line.push(word);
      top = Math.min(top, y0);
      bottom = Math.max(bottom, y1);
    } else {
      if (line.length) result.push(line);
      line = [word];
      [top, bottom] = [y0, y1];
    }
  }
  if (line.length) result.push(line);
  return result;
}
