// Which script a page is in, from a reading of it: the share of its Han characters that are traditional forms (a
// character OpenCC's traditional→simplified table changes: 國 → 国, 關 → 关). PP-OCRv4's Chinese model reads a
// traditional page mostly in simplified forms with a third of its characters traditional (bench pages: 15–36%),
// a simplified page with none or a stray one (0–2%): the reading itself says which pages need Tesseract's chi_tra,
// with no second read to ask.
import { Converter } from 'opencc-js/t2cn';

/** Over this share of traditional forms (and at least TRADITIONAL_MIN of them) a page is read as traditional. */
const TRADITIONAL_SHARE = 0.05;
const TRADITIONAL_MIN = 3;

let toSimplified: ((text: string) => string) | null = null;

const HAN = /\p{Script=Han}/u;

/** The Han characters of `text` and how many of them are traditional forms. */
export function traditionalForms(text: string): { han: number; traditional: number } {
  toSimplified ??= Converter({ from: 'tw', to: 'cn' });
  let han = 0;
  let traditional = 0;
  for (const character of text) {
    if (!HAN.test(character)) continue;
    han++;
    if (toSimplified(character) !== character) traditional++;
  }
  return { han, traditional };
}

/** The text has enough traditional forms to be (or to contain) traditional script. */
export function looksTraditional(text: string): boolean {
  const { han, traditional } = traditionalForms(text);
  return traditional >= TRADITIONAL_MIN && traditional >= han * TRADITIONAL_SHARE;
}
