// A searchable PDF of scanned pages, as OCRmyPDF makes them: each page is the cleaned access copy at its physical
// size, with the OCR words underneath as invisible text (rendering mode 3), so any reader can search, select and
// copy the text where it is printed. The Chinese font is embedded as a subset (STYLE.md). Equal pages and
// metadata (with a creationDate) give equal bytes, so the content-addressed store keeps one copy of a re-run.
import {
  beginText,
  endText,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFOperator,
  PDFOperatorNames,
  popGraphicsState,
  pushGraphicsState,
  setCharacterSqueeze,
  setFontAndSize,
  setTextMatrix,
  setTextRenderingMode,
  showText,
  TextRenderingMode,
  type PDFFont,
  type PDFImage,
  type PDFPage,
} from 'pdf-lib';
import type { OcrWord } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { embedFonts, missingGlyphs, ownBytes } from './fonts';
import { layoutTextRuns, type TextRun } from './textLayer';

export interface SearchablePage {
  /** The cleaned access copy, JPEG (embedded as it is) or PNG. */
  image: Buffer;
  widthPx: number;
  heightPx: number;
  /** Of the image; null or missing when unknown (then 300, the OCR resolution of DA/T 31). */
  dpi?: number | null;
  /** OCR words with boxes in the image's pixels. */
  words: OcrWord[];
}

export interface PdfMeta {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string[];
  creationDate?: Date;
}

const DEFAULT_DPI = 300;
const PRODUCER = '档卡 Dangka';

export async function writeSearchablePdf(pages: readonly SearchablePage[], meta: PdfMeta): Promise<Uint8Array> {
  if (pages.length === 0) throw new DangkaError('INVALID_INPUT', '没有页面，无法生成 PDF');
  // pdf-lib would stamp the current time as ModDate; the dates come from the caller instead.
  const doc = await PDFDocument.create({ updateMetadata: false });
  setMetadata(doc, meta);
  const allText = pages.flatMap((p) => p.words.map((w) => w.text)).join('\n');
  // Pages without OCR text need no font (parsing it costs ~50 ms). The subset's name tag comes from the text, not
  // chance: reproducible bytes.
  const font = allText.trim() ? (await embedFonts(doc, ['sans'], allText)).sans : null;
  // Characters the font lacks would extract as nothing; ActualText carries them (poppler, pdf.js and Acrobat read it).
  const missing = new Set(missingGlyphs(allText));
  const shaped = new Map<string, Shaped>();

  for (const [index, source] of pages.entries()) {
    const image = await embedImage(doc, source, index);
    const dpi = source.dpi && Number.isFinite(source.dpi) && source.dpi > 0 ? source.dpi : DEFAULT_DPI;
    const scale = 72 / dpi;
    const width = source.widthPx * scale;
    const height = source.heightPx * scale;
    const page = doc.addPage([width, height]);
    page.drawImage(image, { x: 0, y: 0, width, height });
    if (font) drawInvisibleText(page, font, layoutTextRuns(source.words, scale, height), missing, shaped);
  }
  return doc.save();
}

function setMetadata(doc: PDFDocument, meta: PdfMeta): void {
  // Stored files are named by their hash: readers should show the title instead of the file name.
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  if (meta.author) doc.setAuthor(meta.author);
  if (meta.subject) doc.setSubject(meta.subject);
  if (meta.keywords?.length) doc.setKeywords(meta.keywords);
  doc.setLanguage('zh-CN');
  doc.setCreator(PRODUCER);
  doc.setProducer(PRODUCER);
  const date = meta.creationDate ?? new Date();
  doc.setCreationDate(date);
  doc.setModificationDate(date);
}

async function embedImage(doc: PDFDocument, page: SearchablePage, index: number): Promise<PDFImage> {
  const bytes = page.image;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  if (!isJpeg && !isPng) throw new DangkaError('FILE_UNREADABLE', `第 ${index + 1} 页的图像既不是 JPEG 也不是 PNG，无法放入 PDF`);
  const image = isJpeg ? await doc.embedJpg(ownBytes(bytes)) : await doc.embedPng(ownBytes(bytes));
  // Word boxes are in the image's pixels: a size that disagrees would put the text layer in the wrong place.
  if (image.width !== page.widthPx || image.height !== page.heightPx) {
    throw new DangkaError(
      'INVALID_INPUT',
      `第 ${index + 1} 页的图像是 ${image.width}×${image.height} 像素，与给出的 ${page.widthPx}×${page.heightPx} 不符`,
    );
  }
  return image;
}

/** A run's glyphs and width at size 1. Shaping (fontkit's layout) is most of the time spent; text repeats a lot. */
interface Shaped {
  glyphs: PDFHexString;
  unitWidth: number;
}

function drawInvisibleText(
  page: PDFPage,
  font: PDFFont,
  runs: readonly TextRun[],
  missing: ReadonlySet<string>,
  shaped: Map<string, Shaped>,
): void {
  if (runs.length === 0) return;
  const fontKey = page.node.newFontDictionary(font.name, font.ref);
  // q … Q: the rendering mode is graphics state and would otherwise hide anything drawn on the page later.
  const ops: PDFOperator[] = [pushGraphicsState(), beginText(), setTextRenderingMode(TextRenderingMode.Invisible)];
  let size = -1;
  for (const run of runs) {
    if (run.size !== size) ops.push(setFontAndSize(fontKey, round(run.size)));
    size = run.size;
    let shape = shaped.get(run.text);
    if (!shape) shaped.set(run.text, (shape = { glyphs: font.encodeText(run.text), unitWidth: font.widthOfTextAtSize(run.text, 1) }));
    const natural = shape.unitWidth * round(run.size);
    ops.push(setCharacterSqueeze(natural > 0 ? round((100 * run.width) / natural) : 100));
    ops.push(setTextMatrix(1, 0, 0, 1, round(run.x), round(run.y)));
    const shown = showText(shape.glyphs);
    if (Array.from(run.text).some((c) => missing.has(c))) ops.push(...withActualText(run.text, shown));
    else ops.push(shown);
  }
  ops.push(endText(), popGraphicsState());
  page.pushOperators(...ops);
}

/** Marks the run with its real text: the glyphs shown for characters the font lacks map to no Unicode. */
function withActualText(text: string, shown: PDFOperator): PDFOperator[] {
  const properties = `<</ActualText ${PDFHexString.fromText(text).toString()}>>`;
  return [
    PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of('Span'), properties]),
    shown,
    PDFOperator.of(PDFOperatorNames.EndMarkedContent),
  ];
}

/** Two decimals (1/7200 inch) keep the content streams small. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}

