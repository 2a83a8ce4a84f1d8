// One reading of a page by Tesseract, from its TSV output: words with their boxes and confidence, grouped into
// lines, blocks and paragraphs — and what is decided on it: which script the page is in (chooseScript) and the
// page's text. The text is put together here from the lines rather than taken from Tesseract's own text output, so
// that the lines of two readings (simplified and traditional) can be chosen one by one.
import type { OcrWord } from '../../shared/domain';
import { sameInBothScripts } from './script';
import { normalizeOcrText } from './text';

export interface OcrPageResult {
  /** Normalised: NFKC, no spaces next to Han characters. */
  text: string;
  /** Mean word confidence, 0–100. */
  confidence: number;
  /** Word boxes [x0, y0, x1, y1] in the pixels of the image that was read. */
  words: OcrWord[];
}

export interface Rectangle {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface TextLine {
  block: number;
  paragraph: number;
  words: OcrWord[];
  bbox: [number, number, number, number];
}

export interface Reading {
  lines: TextLine[];
}

/**
 * A line of a mixed page is taken from chi_sim's reading when chi_sim read it this much more confidently (mean word
 * confidence, 0–100) than chi_tra.
 */
const TRADITIONAL_MARGIN = 5;
/**
 * The probe: chi_tra must read the sample lines this much more confidently than chi_sim did for the whole page to be
 * read again with chi_tra; the page is then traditional when chi_tra read all its Chinese words more confidently by
 * TRADITIONAL_MARGIN. Measured on the bench pages: the probe gains 5–10 on traditional pages, −7 to +5 on simplified
 * ones (chi_tra reads the short cells of a simplified roster confidently, mapping them to traditional characters) —
 * so the probe only spares the second reading of plainly simplified pages, and the whole page decides.
 */
const PROBE_MARGIN = 3;
/** Lines read again by chi_tra to decide the script: enough characters to be sure, a few percent of a page's time. */
const PROBE_LINES = 3;
/** Fewer characters than this in the probe: too little to tell (a blank page, a photo): read as simplified. */
const PROBE_MIN_CHARACTERS = 6;

/** Tesseract's TSV: level, page, block, paragraph, line, word, left, top, width, height, conf, text; level 5 is a word. */
export function readingOf(tsv: string): Reading {
  const lines: TextLine[] = [];
  let key = '';
  for (const row of tsv.split('\n')) {
    const cells = row.split('\t');
    if (cells[0] !== '5' || cells.length < 12) continue;
    const text = cells.slice(11).join('\t').trim();
    if (!text) continue;
    const [block, paragraph, line] = cells.slice(2, 5).map(Number) as [number, number, number];
    const [left, top, width, height, conf] = cells.slice(6, 11).map(Number) as [number, number, number, number, number];
    const word: OcrWord = { text, confidence: Math.round(conf), bbox: [left, top, left + width, top + height] };
    const k = `${block}.${paragraph}.${line}`;
    if (k !== key || lines.length === 0) {
      key = k;
      lines.push({ block, paragraph, words: [], bbox: [...word.bbox] });
    }
    const current = lines.at(-1)!;
    current.words.push(word);
    current.bbox = [Math.min(current.bbox[0], left), Math.min(current.bbox[1], top), Math.max(current.bbox[2], left + width), Math.max(current.bbox[3], top + height)];
  }
  return { lines };
}

const meanConfidence = (words: OcrWord[]) => (words.length === 0 ? 0 : words.reduce((sum, w) => sum + w.confidence, 0) / words.length);
const HAN = /\p{Script=Han}/u;
/** Words with Chinese characters: digits and Latin read the same in both models and say nothing of the script. */
const hanWords = (lines: TextLine[]) => lines.flatMap((l) => l.words.filter((w) => HAN.test(w.text)));
const hanCharacters = (line: TextLine) => line.words.reduce((n, w) => n + [...w.text].filter((c) => HAN.test(c)).length, 0);

/** The page's text, confidence and word boxes, the boxes multiplied by `scale` (back to the pixels of the page given). */
export function resultOf(reading: Reading, scale = 1): OcrPageResult {
  let text = '';
  let previous: TextLine | null = null;
  for (const line of reading.lines) {
    if (previous) text += previous.block !== line.block || previous.paragraph !== line.paragraph ? '\n\n' : '\n';
    text += line.words.map((w) => w.text).join(' ');
    previous = line;
  }
  const words = reading.lines.flatMap((l) => l.words);
  const scaled = scale === 1 ? words : words.map((w) => ({ ...w, bbox: w.bbox.map((v) => Math.round(v * scale)) as OcrWord['bbox'] }));
  return { text: normalizeOcrText(text), confidence: Math.round(meanConfidence(words)), words: scaled };
}

/**
 * Simplified or traditional, decided on the page itself: the PROBE_LINES consecutive lines of the chi_sim reading with
 * the most Chinese characters are read again by chi_tra; when chi_tra reads them more confidently by PROBE_MARGIN,
 * the whole page is read by chi_tra, and kept when it reads the page's Chinese words more confidently by
 * TRADITIONAL_MARGIN. chi_sim alone cannot tell: on a traditional page it reads simplified look-alikes, at
 * a confidence that a degraded simplified page also has. A page mixing both keeps, line by line, the reading with
 * the higher confidence (chi_tra turns simplified characters into traditional ones, less confidently).
 */
export async function chooseScript(
  simplified: Reading,
  probeTraditional: (rectangle: Rectangle) => Promise<Reading>,
  readTraditional: () => Promise<Reading>,
): Promise<Reading> {
  const sample = probeSample(simplified.lines);
  if (!sample) return simplified;
  const probe = await probeTraditional(sample.rectangle);
  if (meanConfidence(hanWords(probe.lines)) < meanConfidence(hanWords(sample.lines)) + PROBE_MARGIN) return simplified;
  const traditional = await readTraditional();
  if (meanConfidence(hanWords(traditional.lines)) < meanConfidence(hanWords(simplified.lines)) + TRADITIONAL_MARGIN) return simplified;
  return mixedLines(simplified, traditional);
}

function probeSample(lines: TextLine[]): { lines: TextLine[]; rectangle: Rectangle } | null {
  let best: TextLine[] = [];
  let bestCount = 0;
  for (let i = 0; i < lines.length; i++) {
    const window = lines.slice(i, i + PROBE_LINES).filter((l) => l.block === lines[i]!.block);
    const n = window.reduce((sum, l) => sum + hanCharacters(l), 0);
    if (n > bestCount) {
      best = window;
      bestCount = n;
    }
  }
  if (bestCount < PROBE_MIN_CHARACTERS) return null;
  const pad = 4;
  const left = Math.max(0, Math.min(...best.map((l) => l.bbox[0])) - pad);
  const top = Math.max(0, Math.min(...best.map((l) => l.bbox[1])) - pad);
  const right = Math.max(...best.map((l) => l.bbox[2])) + pad;
  const bottom = Math.max(...best.map((l) => l.bbox[3])) + pad;
  return { lines: best, rectangle: { left, top, width: right - left, height: bottom - top } };
}

/** The traditional reading, with each line that chi_sim read more confidently (a simplified line) taken from it. */
function mixedLines(simplified: Reading, traditional: Reading): Reading {
  const lines = traditional.lines.map((line) => {
    const twin = simplified.lines.find((s) => overlap(s.bbox, line.bbox) > 0.6);
    return twin && meanConfidence(hanWords([twin])) > meanConfidence(hanWords([line])) + TRADITIONAL_MARGIN ? { ...twin, block: line.block, paragraph: line.paragraph } : line;
  });
  return { lines };
}

/** Intersection over union of two boxes. */
function overlap(a: TextLine['bbox'], b: TextLine['bbox']): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const area = (r: TextLine['bbox']) => (r[2] - r[0]) * (r[3] - r[1]);
  return (w * h) / (area(a) + area(b) - w * h);
}

/** A mark, not a character: what Tesseract reads in a rule's stub or a speck (_ “ . · |). */
const MARK = /^[\p{P}\p{S}]$/u;

/**
 * chi_tra's words of one line without the marks it read at either end where PP-OCRv4 read none (`accurate`: its
 * text of the line): a table cell's cut-out holds the stubs of the cell's rules, which chi_tra reads as _ “ . or ·.
 */
export function withoutStrayMarks(words: OcrWord[], accurate: string): OcrWord[] {
  const ends = [...accurate.trim()];
  let out = words;
  for (const atStart of [true, false]) {
    const accurateEnd = atStart ? ends[0] : ends.at(-1);
    if (accurateEnd !== undefined && MARK.test(accurateEnd)) continue;
    while (out.length > 0) {
      const word = atStart ? out[0]! : out.at(-1)!;
      const chars = [...word.text];
      while (chars.length > 0 && MARK.test((atStart ? chars[0] : chars.at(-1))!)) {
        if (atStart) chars.shift();
        else chars.pop();
      }
      const rest = atStart ? out.slice(1) : out.slice(0, -1);
      if (chars.length === 0) {
        out = rest;
        continue;
      }
      const trimmed = { ...word, text: chars.join('') };
      out = atStart ? [trimmed, ...rest] : [...rest, trimmed];
      break;
    }
  }
  return out;
}

/** A PP-OCRv4 character as sure as this (of 100)… */
const ACCURATE_SURE = 90;
/** …and this much surer than chi_tra's word is taken over chi_tra's character (withAccurateCharacters). */
const ACCURATE_MARGIN = 10;

/**
 * chi_tra's words of one line of a traditional page with the characters PP-OCRv4 (`accurate`, the same line) read
 * surely where chi_tra read another or none — only characters written the same in both scripts (子, 芳, 序), as
 * PP-OCRv4's simplified forms are what chi_tra is there to replace. chi_tra's boxes stay; a character only PP-OCRv4
 * read joins the word after it. On fresh traditional pages (4 × 8, scratch seeds): CER 2.8–3.6% → 2.3–3.0%; where
 * PP-OCRv4 is surer of a look-alike (入 read 人) it costs a character now and then.
 */
export function withAccurateCharacters(traditional: OcrWord[], accurate: OcrWord[]): OcrWord[] {
  type Character = { text: string; confidence: number; word: number };
  const characters = (words: OcrWord[]): Character[] => words.flatMap((w, word) => [...w.text].map((text) => ({ text, confidence: w.confidence, word })));
  const a = characters(accurate);
  const b = characters(traditional);
  // Edit distance between the two readings, then walked back from the end.
  const cost: Int32Array[] = Array.from({ length: a.length + 1 }, (_, i) => Int32Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      cost[i]![j] = Math.min(cost[i - 1]![j]! + 1, cost[i]![j - 1]! + 1, cost[i - 1]![j - 1]! + (a[i - 1]!.text === b[j - 1]!.text ? 0 : 1));
    }
  }
  const trusted = (c: Character) => c.confidence >= ACCURATE_SURE && sameInBothScripts(c.text);
  const texts: string[][] = traditional.map(() => []);
  let wordAfter = traditional.length - 1;
  let i = a.length;
  let j = b.length;
  while (i > 0 || j > 0) {
    if (i > 0 && j > 0 && cost[i]![j] === cost[i - 1]![j - 1]! + (a[i - 1]!.text === b[j - 1]!.text ? 0 : 1)) {
      const ours = a[i - 1]!;
      const theirs = b[j - 1]!;
      const replaced = ours.text !== theirs.text && trusted(ours) && theirs.confidence < ours.confidence - ACCURATE_MARGIN;
      texts[theirs.word]!.push(replaced ? ours.text : theirs.text);
      wordAfter = theirs.word;
      i--;
      j--;
    } else if (i > 0 && cost[i]![j] === cost[i - 1]![j]! + 1) {
      if (trusted(a[i - 1]!) && wordAfter >= 0) texts[wordAfter]!.push(a[i - 1]!.text);
      i--;
    } else {
      texts[b[j - 1]!.word]!.push(b[j - 1]!.text);
      wordAfter = b[j - 1]!.word;
      j--;
    }
  }
  return traditional.map((w, k) => ({ ...w, text: texts[k]!.reverse().join('') })).filter((w) => w.text !== '');
}
