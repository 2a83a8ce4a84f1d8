// Which script a page is in, from a reading of it: the share of its Han characters that are traditional forms (a
// character OpenCC's traditional→simplified table changes: 國 → 国, 關 → 关). PP-OCRv4's Chinese model reads a
// traditional page mostly in simplified forms with a third of its characters traditional (bench pages: 15–36%),
// a simplified page with none or a stray one (0–2%): the reading itself says which pages need Tesseract's chi_tra,
// with no second read to ask.
import { Converter as toSimplifiedConverter } from 'opencc-js/t2cn';
import { Converter as toTraditionalConverter } from 'opencc-js/cn2t';

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
/** A line with fewer Han characters than this keeps PP-OCRv4's reading. */
const CHI_TRA_MIN_HAN = 2;

// OpenCC's tables, each loaded when first needed.
let loadedToSimplified: ((text: string) => string) | null = null;
let loadedToTraditional: ((text: string) => string) | null = null;
const simplifiedOf = () => (loadedToSimplified ??= toSimplifiedConverter({ from: 'tw', to: 'cn' }));
const traditionalOf = () => (loadedToTraditional ??= toTraditionalConverter({ from: 'cn', to: 'tw' }));

const HAN = /\p{Script=Han}/u;

/**
 * The Han characters of `text`, how many of them are traditional forms and, when asked, how many simplified ones
 * (the simplified→traditional table is loaded only then: only pages that look traditional need it).
 */
export function scriptForms(text: string, countSimplified = true): { han: number; traditional: number; simplified: number } {
  const toSimplified = simplifiedOf();
  const toTraditional = countSimplified ? traditionalOf() : null;
  let han = 0;
  let traditional = 0;
  let simplified = 0;
  for (const character of text) {
    if (!HAN.test(character)) continue;
    han++;
    if (toSimplified(character) !== character) traditional++;
    else if (toTraditional && toTraditional(character) !== character) simplified++;
  }
  return { han, traditional, simplified };
}

/** A Han character written the same in simplified and traditional script (子, 芳; not 贫 or 貧). */
export function sameInBothScripts(character: string): boolean {
  return HAN.test(character) && simplifiedOf()(character) === character && traditionalOf()(character) === character;
}

/** The text has enough traditional forms to be (or to contain) traditional script. */
export function looksTraditional(text: string): boolean {
  const { han, traditional } = scriptForms(text, false);
  return traditional >= TRADITIONAL_MIN && traditional >= han * TRADITIONAL_SHARE;
}

/**
 * A line of a page that looks traditional keeps PP-OCRv4's reading instead of going to chi_tra when it is plainly
 * simplified (a page mixing both: chi_tra turns a simplified line into traditional look-alikes) or has too few Han
 * characters for chi_tra to read it better (digits, a one-character cell: read alone, chi_tra read a table's "2" as
 * 和 and its "3" as 全).
 */
export function keepsAccurateReading(text: string): boolean {
  const forms = scriptForms(text);
  if (forms.han < CHI_TRA_MIN_HAN) return true;
  return forms.han >= SIMPLIFIED_LINE_HAN && forms.traditional === 0 && forms.simplified >= SIMPLIFIED_MIN;
}
