// OCR text as search and the clerk want it: NFKC (full-width digits and letters to half-width) and no spaces
// between Han characters — Tesseract puts one between most of them, which breaks phrase search and reading.
const HAN = '\\p{Script=Han}';
const BETWEEN_HAN = new RegExp(`(?<=${HAN}|[，。、；：？！“”‘’（）《》])[ \\t]+(?=${HAN}|[，。、；：？！“”‘’（）《》])`, 'gu');

export function normalizeOcrText(raw: string): string {
  // Spaces go first, while the punctuation is still full-width and recognisably Chinese.
  return raw
    .replace(BETWEEN_HAN, '')
    .normalize('NFKC')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
