// OCR text as search and the clerk want it: NFKC (full-width digits and letters to half-width) and no spaces next
// to Han characters — Tesseract puts one between most of them (and between a Han character and a number: "2019 年"),
// which breaks phrase search and reading. Spaces between Latin words and between numbers are real and kept.
// Han, CJK punctuation and full-width punctuation (not full-width digits or letters: "12 ３４" keeps its space).
const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff01-\\uff0f\\uff1a-\\uff20\\uff3b-\\uff40\\uff5b-\\uff65';
const NEXT_TO_CJK = new RegExp(`(?<=[${CJK}])[ \\t]+|[ \\t]+(?=[${CJK}])`, 'gu');

export function normalizeOcrText(raw: string): string {
  // Spaces go first, while the punctuation is still full-width and recognisably Chinese.
  return raw
    .replace(NEXT_TO_CJK, '')
    .normalize('NFKC')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
