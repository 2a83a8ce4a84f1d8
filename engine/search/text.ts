// Text as the search index sees it. Pure functions: one normalisation serves page text, titles, queries and the
// snippet's highlight, so a highlight falls exactly where the index matched.
//
// FTS5's trigram tokenizer returns nothing for 1–2 character Chinese queries (贫困, 低保, most names), so the index
// holds tokens made here instead: every character and every overlapping pair of each run of letters and digits,
// and 4-digit grams of numbers (indexTokens). A 1- or 2-character query is one token, answered by the index alone;
// a longer one is the AND of its pairs (低保户 → 低保 AND 保户), whose rows are candidates that the text confirms
// (countTerm): the index records only which rows hold a token, not where (detail=none), which is what keeps it
// smaller than the text. Digits and Latin letters are treated like Han, so a fragment of an ID number or '2019'
// inside '2019年' is found too.

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
 * Title and place names are indexed with every token marked (§低保), on the document's row and on each of its page
 * rows: a document query then reads their short doclists only, and a page query can ask "in the text, or in the
 * title or place names" without columns (detail=none has none). § is no letter or digit, so no text token has it;
 * FTS5's ascii tokenizer keeps it inside the token (it splits on ASCII only).
 */
export const DOCUMENT_MARK = '§';

/**
 * Numbers also get overlapping 4-digit grams (身份证号 410724199001011234 → 4107 1072 0724 …): ten digits make only
 * 100 bigrams, each on nearly every page, so a fragment of an ID number as bigrams alone would read doclists the
 * size of the library; 4-digit grams are selective. A 4-digit gram is the only 4-character token a text makes, so it
 * cannot be mistaken for a bigram or a scope token.
 */
export const DIGIT_GRAM = 4;
const DIGIT_RUN = /[0-9]{4,}/g;

/**
 * The index tokens of a text, space-separated: for every maximal run of letters and digits, each character (for
 * 1-character queries) and each overlapping pair (2-character queries exactly, longer ones as candidates), and the
 * 4-digit grams of its numbers. Each token once: the index (detail=none) records only which rows hold a token.
 *   低保户2019年 → 低 低保 保 保户 户 户2 2 20 0 01 1 19 9 9年 年 2019
 */
export function indexTokens(raw: string, mark = ''): string {
  const text = normalizedString(raw);
  const seen = new Set<string>();
  let previous = ''; // the last gram character of the current run, '' between runs
  for (const c of text) {
    if (isGramChar(c)) {
      if (previous) seen.add(previous + c);
      seen.add(c);
      previous = c;
    } else previous = '';
  }
  for (const run of text.match(DIGIT_RUN) ?? []) for (const gram of digitGrams(run)) seen.add(gram);
  const tokens = [...seen];
  return mark ? tokens.map((t) => mark + t).join(' ') : tokens.join(' ');
}

function digitGrams(run: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + DIGIT_GRAM <= run.length; i++) out.push(run.slice(i, i + DIGIT_GRAM));
  return out;
}

/**
 * The tokens a text must hold to contain the term (a normalised query term, see queryTerms): the character itself,
 * the pair itself, or for longer terms its pairs and the 4-digit grams of its numbers (pairs inside a number of 4+
 * digits are left out: they are on nearly every page and the 4-digit grams say more). For 1 and 2 characters the
 * token is the answer; for longer terms a row holding every token is a candidate that countTerm confirms.
 */
export function termTokens(term: string, mark = ''): string[] {
  const chars = Array.from(term);
  if (chars.length <= 2) return [mark + term];
  const inNumber = new Array<boolean>(chars.length).fill(false);
  const tokens = new Set<string>();
  for (const m of term.matchAll(DIGIT_RUN)) {
    // Digits are ASCII: string offsets are character offsets within the run, but not before it (a character
    // outside the BMP ahead of the number takes two), so convert.
    const at = Array.from(term.slice(0, m.index)).length;
    for (let i = at; i < at + m[0].length; i++) inNumber[i] = true;
    for (const gram of digitGrams(m[0])) tokens.add(mark + gram);
  }
  for (let i = 0; i + 1 < chars.length; i++) if (!(inNumber[i] && inNumber[i + 1])) tokens.add(mark + chars[i]! + chars[i + 1]!);
  return [...tokens];
}

/** Whether a term can be decided by its tokens alone (no look at the text): 1 or 2 characters, or 4 digits. */
export function tokensAreExact(term: string): boolean {
  return Array.from(term).length <= 2 || /^[0-9]{4}$/.test(term);
}

const NEEDS_NFKC = /[^\u0000-\u007f\u4e00-\u9fff]/gu;
const WHITESPACE_RUN = /\s+/gu;

/**
 * The normalised text as one string (normalize(raw).chars joined), for confirming and counting terms. The same
 * steps as normalize() done with string replaces, without the per-character arrays and offsets: a search confirms
 * hundreds of candidate pages, and this is ~10× faster. Only code points outside ASCII and the CJK block go
 * through NFKC (cached), as in normalize().
 */
export function normalizedString(raw: string): string {
  let s = raw.replace(NEEDS_NFKC, (c) => {
    const cp = c.codePointAt(0)!;
    let n = nfkcCache.get(cp);
    if (n === undefined) nfkcCache.set(cp, (n = c.normalize('NFKC').replace(/[A-Z]/g, (l) => l.toLowerCase())));
    return n;
  });
  s = s.replace(/[A-Z]+/g, (l) => l.toLowerCase());
  return s.replace(WHITESPACE_RUN, (run: string, at: number, all: string) => {
    const before = at > 0 ? lastCodePoint(all, at) : undefined;
    const after = all.codePointAt(at + run.length);
    const touchesHan = (before !== undefined && isHan(String.fromCodePoint(before))) || (after !== undefined && isHan(String.fromCodePoint(after)));
    return touchesHan ? '' : ' ';
  });
}

/** The code point that ends just before `end` (a surrogate pair read whole). */
function lastCodePoint(s: string, end: number): number {
  const low = s.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) return s.codePointAt(end - 2)!;
  return low;
}

/** Occurrences of a term in a normalised string (non-overlapping, enough for ranking). */
export function countTerm(normalized: string, term: string): number {
  let n = 0;
  for (let at = normalized.indexOf(term); at >= 0; at = normalized.indexOf(term, at + term.length)) n++;
  return n;
}

/** The FTS5 query of terms, each as the AND of its tokens: tokens hold only letters and digits (and the mark), and
 * are quoted, so nothing a clerk types is FTS5 syntax. */
export function tokenQuery(tokens: readonly string[]): string {
  return tokens.map((t) => `"${t}"`).join(' AND ');
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
