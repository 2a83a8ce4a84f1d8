// Where the searched words are on a page image: the OCR word boxes (page.ocr_words, in the access image's pixels)
// whose text makes up an occurrence of a query term, found with the search's own normalisation (engine/search/text.ts)
// so the page marks what the search matched — 低保 is found across Tesseract's "低 保" split into two words.
import type { OcrWord } from '../../shared/domain';
import { normalize, queryTerms } from './text';

export type Box = OcrWord['bbox'];

/** The boxes of the words that an occurrence of any term of the query touches, in reading order. */
export function searchMarks(words: readonly OcrWord[], query: string): Box[] {
  const terms = queryTerms(query);
  if (terms.length === 0 || words.length === 0) return [];
  // The words joined by spaces (dropped next to Han characters by normalize), each raw character knowing its word.
  const wordOfRaw: number[] = [];
  let raw = '';
  words.forEach((w, i) => {
    if (i > 0) {
      raw += ' ';
      wordOfRaw.push(-1);
    }
    raw += w.text;
    for (let k = 0; k < w.text.length; k++) wordOfRaw.push(i);
  });
  const text = normalize(raw);
  const joined = text.chars.join('');
  // Offsets of chars in the joined string (a char may be more than one UTF-16 unit).
  const charAt: number[] = [];
  text.chars.forEach((c, i) => {
    for (let k = 0; k < c.length; k++) charAt.push(i);
  });
  const marked = new Set<number>();
  for (const term of terms) {
    for (let at = joined.indexOf(term); at >= 0; at = joined.indexOf(term, at + 1)) {
      for (let u = at; u < at + term.length; u++) {
        const word = wordOfRaw[text.origin[charAt[u]!]!];
        if (word !== undefined && word >= 0) marked.add(word);
      }
    }
  }
  return [...marked].sort((a, b) => a - b).map((i) => words[i]!.bbox);
}
