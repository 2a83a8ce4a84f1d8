// A document's searchable PDF, made on demand from its pages (access copies + OCR words) and kept in the file
// store; document.pdf_sha256 caches it until the pages or their text change. A page the clerk corrected carries the
// corrected text, line by line over the area where OCR found text (its word boxes no longer match the words).
// While pages are still waiting for OCR the PDF is made but not cached, so a later request gets their text.
import type { OcrWord } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { unitPath } from '../catalog/units';
import { recordDocumentPdf } from '../ingest/documents';
import { storeBlob } from '../library/blobs';
import { writeTransaction, type Library } from '../library/library';
import { stmt } from '../library/sql';
import { writeSearchablePdf, type SearchablePage } from './searchable';

interface PageRow {
  access_sha256: string | null;
  width: number | null;
  height: number | null;
  dpi: number | null;
  ocr_status: string;
  ocr_words: string | null;
  corrected_text: string | null;
}

export async function documentPdf(lib: Library, documentId: number): Promise<{ sha256: string; fileName: string }> {
  const doc = stmt(lib.db, 'SELECT title, unit_id, item, pdf_sha256, created_at FROM document WHERE id = ?').get(documentId) as
    | { title: string; unit_id: number | null; item: string | null; pdf_sha256: string | null; created_at: string }
    | undefined;
  if (!doc) throw new DangkaError('NOT_FOUND', `没有找到该文件（编号 ${documentId}）`);
  const fileName = `${doc.title.replace(/[\\/:*?"<>|]/g, '_')}.pdf`;
  if (doc.pdf_sha256 && lib.files.has(doc.pdf_sha256)) return { sha256: doc.pdf_sha256, fileName };

  const rows = stmt(
    lib.db,
    'SELECT access_sha256, width, height, dpi, ocr_status, ocr_words, corrected_text FROM page WHERE document_id = ? ORDER BY seq',
  ).all(documentId) as PageRow[];
  const pages: SearchablePage[] = rows.map((row, i) => {
    if (!row.access_sha256 || !row.width || !row.height) throw new DangkaError('NOT_FOUND', `第${i + 1}页没有图像，无法生成PDF`);
    const words = row.ocr_words ? (JSON.parse(row.ocr_words) as OcrWord[]) : [];
    return {
      image: lib.files.read(row.access_sha256),
      widthPx: row.width,
      heightPx: row.height,
      dpi: row.dpi,
      words: row.corrected_text !== null ? correctedLines(row.corrected_text, words, row.width, row.height) : words,
    };
  });
  const place = doc.unit_id === null ? '收件箱' : unitPath(lib.db, doc.unit_id).map((u) => u.name).join(' / ');
  const bytes = await writeSearchablePdf(pages, {
    title: doc.title,
    subject: doc.item ? `${place} · ${doc.item}` : place,
    creationDate: new Date(doc.created_at),
  });
  const sha256 = storeBlob(lib, bytes, 'application/pdf');
  if (rows.every((r) => r.ocr_status !== 'pending')) writeTransaction(lib.db, (db) => recordDocumentPdf(db, documentId, sha256));
  return { sha256, fileName };
}

/** The clerk's text as one run per line, spread evenly over the box that holds OCR's words (or the page). */
function correctedLines(text: string, words: readonly OcrWord[], width: number, height: number): OcrWord[] {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  if (lines.length === 0) return [];
  const box = words.length
    ? [Math.min(...words.map((w) => w.bbox[0])), Math.min(...words.map((w) => w.bbox[1])), Math.max(...words.map((w) => w.bbox[2])), Math.max(...words.map((w) => w.bbox[3]))]
    : [width * 0.1, height * 0.1, width * 0.9, height * 0.9];
  const [x0, y0, x1, y1] = box as [number, number, number, number];
  const step = (y1 - y0) / lines.length;
  return lines.map((line, i) => {
    const top = Math.round(y0 + i * step);
    const lineHeight = Math.max(8, Math.round(Math.min(step * 0.8, ((x1 - x0) / Array.from(line).length) * 1.2)));
    const right = Math.round(Math.min(x1, x0 + Array.from(line).length * lineHeight));
    return { text: line, confidence: 100, bbox: [Math.round(x0), top, Math.max(Math.round(x0) + 1, right), top + lineHeight] };
  });
}
