// Documents (件) and their pages: filing to a unit and template item, and the clerk's page operations
// (reorder, rotate, split, merge). Every operation is one transaction; no page is ever dropped.
import type Database from 'better-sqlite3';
import type { DocumentDetail, DocumentSummary, OcrWord, PageInfo } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import type { WriteDb } from '../library/handles';
import { checklistEntries, templateForTier } from '../catalog/template';
import { getUnit, unitPath } from '../catalog/units';
import { prefillDescription } from '../describe/store';

interface DocumentRow {
  id: number;
  unit_id: number | null;
  item: string | null;
  title: string;
  source: DocumentSummary['source'];
  created_at: string;
}

/** A page row as stored (engine/library/migrations/0020_documents.ts). */
export interface PageRow {
  id: number;
  seq: number;
  master_sha256: string;
  master_page: number;
  access_sha256: string | null;
  thumb_sha256: string | null;
  width: number | null;
  height: number | null;
  dpi: number | null;
  rotation: number;
  skew: number | null;
  warnings: string;
  ocr_status: PageInfo['ocrStatus'];
  ocr_text: string | null;
  ocr_confidence: number | null;
  ocr_error: string | null;
  corrected_text: string | null;
}

function getDocumentRow(db: Database.Database, id: number): DocumentRow {
  const row = stmt(db, 'SELECT id, unit_id, item, title, source, created_at FROM document WHERE id = ?').get(id) as
    | DocumentRow
    | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该文件（编号 ${id}）`);
  return row;
}

function summarize(db: Database.Database, row: DocumentRow): DocumentSummary {
  const stats = stmt(
    db,
    `SELECT count(*) AS pages, sum(ocr_status = 'pending') AS pending, sum(ocr_status = 'failed') AS failed
       FROM page WHERE document_id = ?`,
  ).get(row.id) as { pages: number; pending: number | null; failed: number | null };
  const firstThumb = stmt(db, 'SELECT thumb_sha256 FROM page WHERE document_id = ? ORDER BY seq LIMIT 1').get(row.id) as
    | { thumb_sha256: string | null }
    | undefined;
  return {
    id: row.id,
    unitId: row.unit_id,
    item: row.item,
    title: row.title,
    source: row.source,
    createdAt: row.created_at,
    pageCount: stats.pages,
    ocrPending: stats.pending ?? 0,
    ocrFailed: stats.failed ?? 0,
    thumbSha256: firstThumb?.thumb_sha256 ?? null,
  };
}

function pageInfo(row: PageRow): PageInfo {
  return {
    id: row.id,
    seq: row.seq,
    masterSha256: row.master_sha256,
    masterPage: row.master_page,
    accessSha256: row.access_sha256,
    thumbSha256: row.thumb_sha256,
    width: row.width,
    height: row.height,
    dpi: row.dpi,
    rotation: row.rotation as PageInfo['rotation'],
    skew: row.skew,
    warnings: JSON.parse(row.warnings) as string[],
    ocrStatus: row.ocr_status,
    ocrConfidence: row.ocr_confidence,
    ocrError: row.ocr_error,
    text: row.corrected_text ?? row.ocr_text,
    corrected: row.corrected_text !== null,
  };
}

export function listPages(db: Database.Database, documentId: number): PageInfo[] {
  return (stmt(db, 'SELECT * FROM page WHERE document_id = ? ORDER BY seq').all(documentId) as PageRow[]).map(pageInfo);
}

export function documentDetail(lib: Library, id: number): DocumentDetail {
  const row = getDocumentRow(lib.db, id);
  return {
    ...summarize(lib.db, row),
    unitPath: row.unit_id === null ? [] : unitPath(lib.db, row.unit_id),
    pages: listPages(lib.db, id),
  };
}

/** Documents of a unit (optionally one template item), or of the inbox when unitId is null. */
export function listDocuments(db: Database.Database, unitId: number | null, item?: string): DocumentSummary[] {
  const rows = stmt(
    db,
    `SELECT id, unit_id, item, title, source, created_at FROM document
      WHERE ifnull(unit_id, 0) = ifnull(?, 0) AND (? IS NULL OR item = ?) AND id NOT IN (SELECT document_id FROM document_bin)
      ORDER BY item, created_at, id`,
  ).all(unitId, item ?? null, item ?? null) as DocumentRow[];
  return rows.map((r) => summarize(db, r));
}

/** What a document of this unit can be filed under: its template's items ('<category>/<item>') and checklist entries. */
export function itemsForUnit(lib: Library, unitId: number): string[] {
  const unit = getUnit(lib.db, unitId);
  return [
    ...templateForTier(lib.template, unit.tier).flatMap((c) => c.items.map((i) => `${c.name}/${i}`)),
    // 八有/十有 entries that no template item fulfils are filed under their own name (e.g. 十有/形式板).
    ...checklistEntries(lib.template, unit.tier).map((e) => e.path),
  ];
}

/** Where a document can go: a unit (that exists) and one of its template's items, or the inbox (both null). */
export function checkFilingTarget(lib: Library, unitId: number | null, item: string | null): void {
  if (unitId === null && item !== null) throw new DangkaError('INVALID_INPUT', '请先选择单位，再选择档案项目');
  if (unitId !== null && item !== null && !itemsForUnit(lib, unitId).includes(item)) {
    throw new DangkaError('INVALID_INPUT', `“${item}”不是该单位档案模板中的项目`);
  }
  if (unitId !== null) getUnit(lib.db, unitId);
}

export function fileDocument(lib: Library, id: number, target: { unitId: number | null; item: string | null; title?: string }): void {
  getDocumentRow(lib.db, id);
  checkFilingTarget(lib, target.unitId, target.item);
  stmt(
    lib.db,
    `UPDATE document SET unit_id = ?, item = ?, title = coalesce(?, title), pdf_sha256 = NULL,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(target.unitId, target.item, target.title ?? null, id);
}

/** Puts the pages in the given order; the list must name every page of the document exactly once. */
export function reorderPages(db: WriteDb, documentId: number, pageIds: number[]): void {
  const current = listPages(db, documentId).map((p) => p.id);
  const same = current.length === pageIds.length && new Set(pageIds).size === pageIds.length && pageIds.every((id) => current.includes(id));
  if (!same) throw new DangkaError('INVALID_INPUT', '页序有误：必须包含该文件的每一页且不重复');
  db.transaction(() => renumber(db, documentId, pageIds))();
}

/** Rewrites seq 1..n for the given page order, going through negative numbers to keep UNIQUE(document_id, seq). */
function renumber(db: Database.Database, documentId: number, pageIds: number[]): void {
  const move = stmt(db, 'UPDATE page SET document_id = ?, seq = ? WHERE id = ?');
  pageIds.forEach((id, i) => move.run(documentId, -(i + 1), id));
  pageIds.forEach((id, i) => move.run(documentId, i + 1, id));
  outdatePdf(db, documentId);
}

/** The document's pages or text changed: its searchable PDF is made again when next asked for. */
function outdatePdf(db: Database.Database, documentId: number): void {
  stmt(db, "UPDATE document SET pdf_sha256 = NULL, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(documentId);
}

/** Splits a document before page `atSeq`: pages atSeq..n become a new document in the same place. */
export function splitDocument(db: WriteDb, documentId: number, atSeq: number): number {
  const doc = getDocumentRow(db, documentId);
  const pages = listPages(db, documentId);
  if (atSeq < 2 || atSeq > pages.length) throw new DangkaError('INVALID_INPUT', `无法在第${atSeq}页处拆分（共${pages.length}页）`);
  return db.transaction(() => {
    const newId = insertDocument(db, { unitId: doc.unit_id, item: doc.item, title: `${doc.title}（${atSeq}–${pages.length}页）`, source: doc.source, sourceName: null });
    renumber(db, newId, pages.slice(atSeq - 1).map((p) => p.id));
    // Each part is a document of its own: its title and 落款 are suggested from its own pages.
    prefillDescription(db, documentId);
    prefillDescription(db, newId);
    return newId;
  })();
}

/** Appends the pages of `otherId` to `documentId` and removes the emptied document. */
export function mergeDocuments(db: WriteDb, documentId: number, otherId: number): void {
  if (documentId === otherId) throw new DangkaError('INVALID_INPUT', '不能把文件与自身合并');
  getDocumentRow(db, documentId);
  getDocumentRow(db, otherId);
  db.transaction(() => {
    const ids = [...listPages(db, documentId), ...listPages(db, otherId)].map((p) => p.id);
    renumber(db, documentId, ids);
    deleteDocument(db, otherId);
  })();
}

/** The clerk's text for a page: kept, searchable, and never overwritten by a re-run of OCR. Empty = back to OCR. */
export function correctPageText(db: WriteDb, pageId: number, text: string): void {
  const documentId = documentIdOfPage(db, pageId);
  db.transaction(() => {
    stmt(db, 'UPDATE page SET corrected_text = ? WHERE id = ?').run(text.trim() === '' ? null : text, pageId);
    outdatePdf(db, documentId);
    // What the corrected text says replaces the suggestions read off the OCR (never what the clerk described).
    prefillDescription(db, documentId);
  })();
}

export function documentIdOfPage(db: Database.Database, pageId: number): number {
  const row = stmt(db, 'SELECT document_id FROM page WHERE id = ?').get(pageId) as { document_id: number } | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该页（编号 ${pageId}）`);
  return row.document_id;
}

/** The OCR word boxes of a page, for the viewer's low-confidence highlighting. */
export function pageWords(db: Database.Database, pageId: number): OcrWord[] {
  const row = stmt(db, 'SELECT ocr_words FROM page WHERE id = ?').get(pageId) as { ocr_words: string | null } | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该页（编号 ${pageId}）`);
  return row.ocr_words ? (JSON.parse(row.ocr_words) as OcrWord[]) : [];
}

// ── The writes of document and page rows ────────────────────────────────────────────────────────────────────────
// This module owns both tables (tests/unit/tableOwners.test.ts): ingest, OCR, rotation, 著录, the 回收站, the PDF
// cache and package import change their rows only through the functions below. Each runs inside its caller's
// transaction (an import's file, a save of the grid, a read page) and opens none of its own, so what the caller
// makes all-or-nothing stays so; the audit and search-queue triggers see the same statements as before.

/** A new document: a scan just imported (its title starts as the file's name, sourceName) or a part split off. */
export interface NewDocument {
  unitId: number | null;
  item: string | null;
  title: string;
  source: DocumentSummary['source'];
  /** The file name the title was taken from, while it still is one (shared/description.ts isFileNameTitle). */
  sourceName: string | null;
}

export function insertDocument(db: WriteDb, doc: NewDocument): number {
  const info = stmt(db, 'INSERT INTO document (unit_id, item, title, source, source_name) VALUES (?, ?, ?, ?, ?)').run(
    doc.unitId,
    doc.item,
    doc.title,
    doc.source,
    doc.sourceName,
  );
  return Number(info.lastInsertRowid);
}

/** A document as a package carries it (engine/pack/importBag.ts): its times, its PDF and its description. */
export interface CarriedDocument {
  unitId: number;
  item: string | null;
  title: string;
  source: DocumentSummary['source'];
  pdfSha256: string | null;
  createdAt: string;
  updatedAt: string;
  author: string;
  refNumber: string;
  date: string;
  pieceNo: number | null;
  retention: string | null;
  secrecy: string;
  remarks: string;
  suggested: readonly string[];
  sourceName: string | null;
}

export function insertCarriedDocument(db: WriteDb, doc: CarriedDocument): number {
  const info = stmt(
    db,
    `INSERT INTO document (unit_id, item, title, source, pdf_sha256, created_at, updated_at, author, ref_number, doc_date, piece_no, retention,
                           secrecy, remarks, suggested, source_name)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    doc.unitId,
    doc.item,
    doc.title,
    doc.source,
    doc.pdfSha256,
    doc.createdAt,
    doc.updatedAt,
    doc.author,
    doc.refNumber,
    doc.date,
    doc.pieceNo,
    doc.retention,
    doc.secrecy,
    doc.remarks,
    JSON.stringify(doc.suggested),
    doc.sourceName,
  );
  return Number(info.lastInsertRowid);
}

/**
 * A cleaned page whose images are stored (their blob rows written). rotation is the quarter turn from the master to
 * the access copy (engine/ingest/rotate.ts starts a clerk's turn from it).
 */
export type NewPage = Pick<PageInfo, 'masterSha256' | 'masterPage' | 'accessSha256' | 'thumbSha256' | 'width' | 'height' | 'dpi' | 'skew'> & {
  rotation: number;
  warnings: readonly string[];
};

/** A page's text as a package carries it; a page without it waits for OCR. */
export interface CarriedPageText {
  ocrStatus: PageInfo['ocrStatus'];
  ocrText: string | null;
  ocrConfidence: number | null;
  /** The word boxes as stored (JSON of OcrWord[]). */
  ocrWords: string | null;
  correctedText: string | null;
}

const UNREAD: CarriedPageText = { ocrStatus: 'pending', ocrText: null, ocrConfidence: null, ocrWords: null, correctedText: null };

/** Adds page `seq` to a document; its text, when it came with it, else pending for OCR. */
export function insertPage(db: WriteDb, documentId: number, seq: number, page: NewPage, text: CarriedPageText = UNREAD): number {
  const info = stmt(
    db,
    `INSERT INTO page (document_id, seq, master_sha256, master_page, access_sha256, thumb_sha256, width, height, dpi, rotation, skew, warnings,
                       ocr_status, ocr_text, ocr_confidence, ocr_words, corrected_text)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    documentId,
    seq,
    page.masterSha256,
    page.masterPage,
    page.accessSha256,
    page.thumbSha256,
    page.width,
    page.height,
    page.dpi,
    page.rotation,
    page.skew,
    JSON.stringify(page.warnings),
    text.ocrStatus,
    text.ocrText,
    text.ocrConfidence,
    text.ocrWords,
    text.correctedText,
  );
  return Number(info.lastInsertRowid);
}

/**
 * Gives `documentId` copies of the pages another document made from the same master (a file filed in a second
 * place): their clean-up, text, word boxes and the clerk's corrections, numbered in the master's order.
 */
export function copyPagesOfMaster(db: WriteDb, documentId: number, fromDocumentId: number, masterSha256: string): void {
  stmt(
    db,
    `INSERT INTO page (document_id, seq, master_sha256, master_page, access_sha256, thumb_sha256, width, height, dpi, rotation, skew,
                       warnings, ocr_status, ocr_text, ocr_confidence, ocr_words, ocr_error, corrected_text)
     SELECT ?, row_number() OVER (ORDER BY master_page), master_sha256, master_page, access_sha256, thumb_sha256, width, height, dpi,
            rotation, skew, warnings, ocr_status, ocr_text, ocr_confidence, ocr_words, ocr_error, corrected_text
       FROM page WHERE document_id = ? AND master_sha256 = ?`,
  ).run(documentId, fromDocumentId, masterSha256);
}

/** The page's document no longer matches its searchable PDF: made again on the next request. */
function outdatePdfOfPage(db: Database.Database, pageId: number): void {
  stmt(db, 'UPDATE document SET pdf_sha256 = NULL WHERE id = (SELECT document_id FROM page WHERE id = ?)').run(pageId);
}

/** What OCR read off a page (the clerk's correction, if any, is left as it is). */
export function storePageReading(db: WriteDb, pageId: number, reading: { text: string; confidence: number; words: readonly OcrWord[] }): void {
  stmt(db, `UPDATE page SET ocr_status = 'done', ocr_text = ?, ocr_confidence = ?, ocr_words = ?, ocr_error = NULL WHERE id = ?`).run(
    reading.text,
    reading.confidence,
    JSON.stringify(reading.words),
    pageId,
  );
  outdatePdfOfPage(db, pageId);
}

/** OCR could not read the page: it is marked failed with the reason, for the clerk to retry (requeueFailedPages). */
export function markPageUnreadable(db: WriteDb, pageId: number, message: string): void {
  stmt(db, "UPDATE page SET ocr_status = 'failed', ocr_error = ? WHERE id = ?").run(message, pageId);
}

/** Every page OCR failed on waits to be read again. */
export function requeueFailedPages(db: WriteDb): void {
  stmt(db, "UPDATE page SET ocr_status = 'pending', ocr_error = NULL WHERE ocr_status = 'failed'").run();
}

/** A page cleaned again from its master with the clerk's quarter turn (engine/ingest/rotate.ts); read again after. */
export interface TurnedPage {
  rotation: number;
  accessSha256: string;
  thumbSha256: string;
  width: number;
  height: number;
  dpi: number | null;
  skew: number | null;
  warnings: readonly string[];
  /** The old word boxes turned with the page (JSON of OcrWord[]), shown until it is read again; null when none. */
  words: string | null;
}

export function turnPage(db: WriteDb, pageId: number, page: TurnedPage): void {
  stmt(
    db,
    `UPDATE page SET rotation = ?, access_sha256 = ?, thumb_sha256 = ?, width = ?, height = ?, dpi = ?, skew = ?, warnings = ?,
            ocr_status = 'pending', ocr_words = ?, ocr_error = NULL
      WHERE id = ?`,
  ).run(page.rotation, page.accessSha256, page.thumbSha256, page.width, page.height, page.dpi, page.skew, JSON.stringify(page.warnings), page.words, pageId);
  outdatePdfOfPage(db, pageId);
}

/** A document's description (著录) as the clerk saved it in the grid (engine/describe/store.ts checks it first). */
export interface StoredDescription {
  title: string;
  author: string;
  refNumber: string;
  date: string;
  /** Null: the library's default retention, never chosen for this document. */
  retention: string | null;
  secrecy: string;
  remarks: string;
  sourceName: string | null;
  /** The fields still holding a suggestion read off the scan (DescriptionField[]). */
  suggested: readonly string[];
}

/** Writes the description; a new title outdates the PDF (its title is in the PDF's properties). */
export function writeDescription(db: WriteDb, documentId: number, d: StoredDescription): void {
  stmt(
    db,
    `UPDATE document SET title = ?, author = ?, ref_number = ?, doc_date = ?, retention = ?, secrecy = ?, remarks = ?, source_name = ?,
       suggested = ?, pdf_sha256 = CASE WHEN title = ? THEN pdf_sha256 ELSE NULL END, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
     WHERE id = ?`,
  ).run(d.title, d.author, d.refNumber, d.date, d.retention, d.secrecy, d.remarks, d.sourceName, JSON.stringify(d.suggested), d.title, documentId);
}

/** 件号 1..n in the given order (the documents of one dossier). */
export function numberPieces(db: WriteDb, orderedIds: readonly number[]): void {
  const setPiece = stmt(db, 'UPDATE document SET piece_no = ? WHERE id = ?');
  orderedIds.forEach((id, i) => setPiece.run(i + 1, id));
}

/** The description fields pre-filled from a scan's text, with their columns. */
const SUGGESTED_COLUMN = { title: 'title', author: 'author', refNumber: 'ref_number', date: 'doc_date' } as const;

/**
 * Fills the given description fields with what was read off the scan and records which fields hold a suggestion.
 * The statement names the columns in a fixed order, so each combination is prepared once.
 */
export function writeSuggestedDescription(
  db: WriteDb,
  documentId: number,
  values: Partial<Record<keyof typeof SUGGESTED_COLUMN, string>>,
  suggested: readonly string[],
): void {
  const fields = (Object.keys(SUGGESTED_COLUMN) as (keyof typeof SUGGESTED_COLUMN)[]).filter((f) => values[f] !== undefined);
  if (fields.length === 0) return;
  stmt(db, `UPDATE document SET ${fields.map((f) => `${SUGGESTED_COLUMN[f]} = ?`).join(', ')}, suggested = ?, pdf_sha256 = NULL WHERE id = ?`).run(
    ...fields.map((f) => values[f]!),
    JSON.stringify(suggested),
    documentId,
  );
}

/** Files the document in a unit and item, or in none (the 回收站 withdraws it so, and restores it to where it was). */
export function placeDocument(db: WriteDb, documentId: number, unitId: number | null, item: string | null): void {
  stmt(db, "UPDATE document SET unit_id = ?, item = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(unitId, item, documentId);
}

/** Deletes the document and (ON DELETE CASCADE) its pages; what refers to its stored files is the caller's to settle. */
export function deleteDocument(db: WriteDb, documentId: number): void {
  stmt(db, 'DELETE FROM document WHERE id = ?').run(documentId);
}

/** The searchable PDF made of the document's pages, kept until a page or its text changes (outdatePdf). */
export function recordDocumentPdf(db: WriteDb, documentId: number, sha256: string): void {
  stmt(db, 'UPDATE document SET pdf_sha256 = ? WHERE id = ?').run(sha256, documentId);
}
