// Which script a page is in, from a reading of it: the share of its Han characters that are traditional forms (a
// character OpenCC's traditional→simplified table changes: 國 → 国, 關 → 关). PP-OCRv4's Chinese model reads a
// traditional page mostly in simplified forms with a third of its characters traditional (bench pages: 15–36%),
// a simplified page with none or a stray one (0–2%): the reading itself says which pages need Tesseract's chi_tra,
// with no second read to ask.
import { Converter as toSimplifiedConverter } from 'opencc-js/t2cn';
import { Converter as toTraditionalConverter } from 'opencc-js/cn2t';
import type { Reading, TextLine } from './reading';

/** Over this share of traditional forms (and at least TRADITIONAL_MIN of them) a page is read as traditional. */
const TRADITIONAL_SHARE = 0.05;
const TRADITIONAL_MIN = 3;
/**
 * A line of a traditional page is simplified (a page mixing both) when PP-OCRv4 read it with at least this many Han
 * characters, at least SIMPLIFIED_MIN of them simplified forms and none traditional: on a traditional line it reads
 * about a third of the characters in traditional forms, so a long line with none is simplified.
 */
const SIMPLIFIED_LINE_HAN = 6;
const SIMPLIFIED_MIN = 2;

let toSimplified: ((text: string) => string) | null = null;
let toTraditional: ((text: string) => string) | null = null;

const HAN = /\p{Script=Han}/u;

/**
 * The Han characters of `text`, how many of them are traditional forms and, when asked, how many simplified ones
 * (the simplified→traditional table is loaded only then: only pages that look traditional need it).
 */
export function scriptForms(text: string, countSimplified = true): { han: number; traditional: number; simplified: number } {
  toSimplified ??= toSimplifiedConverter({ from: 'tw', to: 'cn' });
  if (countSimplified) toTraditional ??= toTraditionalConverter({ from: 'cn', to: 'tw' });
  let han = 0;
  let traditional = 0;
  let simplified = 0;
  for (const character of text) {
    if (!HAN.test(character)) continue;
    han++;
    if (toSimplified(character) !== character) traditional++;
    else if (countSimplified && toTraditional!(character) !== character) simplified++;
  }
  return { han, traditional, simplified };
}

/** The text has enough traditional forms to be (or to contain) traditional script. */
export function looksTraditional(text: string): boolean {
  const { han, traditional } = scriptForms(text, false);
  return traditional >= TRADITIONAL_MIN && traditional >= han * TRADITIONAL_SHARE;
}

/**
 * A traditional page as chi_tra read it, with each of its lines that PP-OCRv4 read as plainly simplified taken from
 * PP-OCRv4 (chi_tra turns a simplified line into traditional look-alikes). `simplified`'s boxes are in the same
 * pixels as `traditional`'s.
 */
export function withSimplifiedLines(traditional: Reading, simplified: Reading): Reading {
  const words = simplified.lines.flatMap((l) => l.words);
  const lines = traditional.lines.map((line): TextLine => {
    const [x0, y0, x1, y1] = line.bbox;
    const inside = words.filter((w) => {
      const cx = (w.bbox[0] + w.bbox[2]) / 2;
      const cy = (w.bbox[1] + w.bbox[3]) / 2;
      return cx >= x0 && cx <= x1 && cy >= y0 && cy <= y1;
    });
    const forms = scriptForms(inside.map((w) => w.text).join(''));
    if (forms.han < SIMPLIFIED_LINE_HAN || forms.traditional > 0 || forms.simplified < SIMPLIFIED_MIN) return line;
    return { ...line, words: [...inside].sort((a, b) => a.bbox[0] - b.bbox[0]) };
  });
  return { lines };
}
