// Text as the search index sees it. Pure functions: one normalisation serves page text, titles, queries and the
// snippet's highlight, so a highlight falls exactly where the index matched.
//
// FTS5's trigram tokenizer returns nothing for 1–2 character Chinese queries (贫困, 低保, most names), so the index
// holds a transformed copy instead (as Paperless-ngx did for Chinese): every maximal run of letters and digits
// becomes its overlapping two-character grams plus its last character alone,
//   低保户2019年 → 低保 保户 户2 20 01 19 9年 年
// A query of 2+ characters becomes the phrase of its grams ("低保户" → "低保 保户"), which matches exactly that
// substring and nothing else (低…保 apart share no gram). A 1-character query is a prefix query ("低"*): every
// occurrence of a character starts a gram or is the last character of its run. Digits and Latin letters are
// treated like Han, so a fragment of an ID number or '2019' inside '2019年' is found too.

/** A text after normalisation, one code point per entry, with where each came from in the raw text. */
export interface NormalizedText {
  chars: string[];
  /** UTF-16 offset in the raw text of the code point each char came from (an expansion shares its origin). */
  origin: number[];
}

const nfkcCache = new Map<number, string>();
const gramCache = new Map<string, boolean>();
const GRAM_CHAR = /^[\p{L}\p{N}]$/u;
const HAN_CHAR = /^\p{Script=Han}$/u;
const hanCache = new Map<string, boolean>();
const spaceCache = new Map<string, boolean>();

/**
 * NFKC per code point (full-width Latin, digits and punctuation → ASCII; compatibility ideographs → unified), ASCII
 * letters lower-cased, and the whitespace next to a Han character dropped: Tesseract's chi_sim puts a space between
 * characters ("低 保") and around numbers ("2019 年"), and a line break can fall inside a word. Per code point, not
 * over the whole string, so that every output character maps back to one raw character (Chinese text has no
 * combining sequences for whole-string NFKC to compose).
 */
export function normalize(raw: string): NormalizedText {
  const chars: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < raw.length; ) {
    const cp = raw.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (cp < 0x80) {
      chars.push(cp >= 0x41 && cp <= 0x5a ? String.fromCharCode(cp + 32) : raw[i]!);
      origin.push(i);
    } else if (cp >= 0x4e00 && cp <= 0x9fff) {
      // CJK Unified Ideographs: NFKC leaves them alone (the fast path for nearly all of a page).
      chars.push(raw[i]!);
      origin.push(i);
    } else {
      let n = nfkcCache.get(cp);
      if (n === undefined) nfkcCache.set(cp, (n = String.fromCodePoint(cp).normalize('NFKC').replace(/[A-Z]/g, (c) => c.toLowerCase())));
      for (const c of n) {
        chars.push(c);
        origin.push(i);
      }
    }
    i += width;
  }
  // Drop whitespace that touches a Han character on either side.
  const keptChars: string[] = [];
  const keptOrigin: number[] = [];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (isSpace(c)) {
      let j = i;
      while (j + 1 < chars.length && isSpace(chars[j + 1]!)) j++;
      const before = keptChars.at(-1);
      const after = chars[j + 1];
      if (!(before !== undefined && isHan(before)) && !(after !== undefined && isHan(after))) {
        keptChars.push(' ');
        keptOrigin.push(origin[i]!);
      }
      i = j;
      continue;
    }
    keptChars.push(c);
    keptOrigin.push(origin[i]!);
  }
  return { chars: keptChars, origin: keptOrigin };
}

function isSpace(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code >= 0x4e00 && code <= 0x9fff) return false;
  let space = spaceCache.get(c);
  if (space === undefined) spaceCache.set(c, (space = /^\s$/u.test(c)));
  return space;
}

function isHan(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  if (code < 0x2e80) return false;
  let han = hanCache.get(c);
  if (han === undefined) hanCache.set(c, (han = HAN_CHAR.test(c)));
  return han;
}

/** Letters and digits of any script (after normalisation): the characters grams are made of. */
function isGramChar(c: string): boolean {
  const code = c.charCodeAt(0);
  if (code < 0x80) return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a);
  if (code >= 0x4e00 && code <= 0x9fff) return true;
  let gram = gramCache.get(c);
  if (gram === undefined) gramCache.set(c, (gram = GRAM_CHAR.test(c)));
  return gram;
}

/** The runs of gram characters of a normalised text, as arrays of code points. */
function runs(chars: readonly string[]): string[][] {
  const out: string[][] = [];
  let run: string[] = [];
  for (const c of chars) {
    if (isGramChar(c)) run.push(c);
    else if (run.length) {
      out.push(run);
      run = [];
    }
  }
  if (run.length) out.push(run);
  return out;
}

/**
 * Document rows index their title and place names with every gram marked (§低保): a document query then reads
 * their short doclists only, not the long doclists of the same grams in page text. § is no letter or digit, so no
 * page gram has it; FTS5's ascii tokenizer keeps it inside the token (it splits on ASCII only).
 */
export const DOCUMENT_MARK = '§';

/** The indexed form of a text: grams of each run, space-separated (FTS5's ascii tokenizer splits on the spaces). */
export function toGrams(raw: string, mark = ''): string {
  return grams(normalize(raw).chars, mark);
}

function grams(chars: readonly string[], mark: string): string {
  let out = '';
  let previous = ''; // the last gram character of the current run, '' between runs
  for (const c of chars) {
    if (isGramChar(c)) {
      if (previous) out += `${mark}${previous}${c} `;
      previous = c;
    } else if (previous) {
      out += `${mark}${previous} `;
      previous = '';
    }
  }
  return previous ? `${out}${mark}${previous}` : out.trimEnd();
}

/**
 * Numbers get a column of their own as overlapping 4-digit grams (身份证号 410724199001011234 → 4107 1072 0724 …):
 * ten digits make only 100 bigrams, each on nearly every page, so a 6-digit fragment of an ID number as a phrase
 * of bigrams took 40–70 ms at 100,000 pages; 4-digit grams are selective. Runs shorter than 4 digits are left to
 * the bigrams. A separator token between runs keeps a phrase from spanning two numbers.
 */
export const DIGIT_GRAM = 4;
const DIGIT_RUN_SEPARATOR = 'z';
const DIGIT_RUN = /[0-9]{4,}/g;

function digitGrams(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + DIGIT_GRAM <= run.length; i++) out.push(run.slice(i, i + DIGIT_GRAM));
  return out;
}

/** The indexed forms of a page's text: its grams, and the 4-digit grams of its numbers. */
export function toPageForms(raw: string): { grams: string; digits: string } {
  const { chars } = normalize(raw);
  const numbers = chars.join('').match(DIGIT_RUN) ?? [];
  return { grams: grams(chars, ''), digits: numbers.map((run) => digitGrams(run).join(' ')).join(` ${DIGIT_RUN_SEPARATOR} `) };
}

/** A query term's numbers of 4+ digits, each as a phrase of 4-digit grams for the digits column. */
export function digitPhrases(term: string): string[] {
  return (term.match(DIGIT_RUN) ?? []).map((run) => `"${digitGrams(run).join(' ')}"`);
}

/** Longest query term kept, in characters: longer input is something pasted, and a phrase of 32 grams is plenty. */
const MAX_TERM_CHARS = 32;
/** Most terms a query keeps (AND); more is pasted text, not a search. */
const MAX_TERMS = 8;

/**
 * The terms of a query as a clerk types it: normalised like page text, split at anything that is not a letter or
 * digit (quotes, brackets, *, ^, punctuation — none of it reaches FTS5) and at spaces, even between Han characters:
 * a clerk types 王芳 低保 to mean both words, unlike Tesseract's spaces in page text.
 */
export function queryTerms(query: string): string[] {
  const terms: string[] = [];
  // Spaces first: normalize() would join 王芳 低保 into one run.
  for (const word of query.split(/\s+/u)) {
    for (const run of runs(normalize(word).chars)) {
      const term = run.slice(0, MAX_TERM_CHARS).join('');
      if (!terms.includes(term)) terms.push(term);
      if (terms.length === MAX_TERMS) return terms;
    }
  }
  return terms;
}

/**
 * One term as an FTS5 phrase (grams marked for document rows). Its grams hold only letters and digits, so the
 * quoted string can carry no FTS5 syntax whatever the clerk typed.
 */
export function termPhrase(term: string, mark = ''): string {
  const chars = Array.from(term);
  if (chars.length === 1) return `"${mark}${term}"*`;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(mark + chars[i]! + chars[i + 1]!);
  return `"${grams.join(' ')}"`;
}
