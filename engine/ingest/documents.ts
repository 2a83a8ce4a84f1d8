// Documents (件) and their pages: filing to a unit and template item, and the clerk's page operations
// (reorder, rotate, split, merge). Every operation is one transaction; no page is ever dropped.
import type Database from 'better-sqlite3';
import type { DocumentDetail, DocumentSummary, OcrWord, PageInfo } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
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
export function reorderPages(db: Database.Database, documentId: number, pageIds: number[]): void {
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
export function splitDocument(db: Database.Database, documentId: number, atSeq: number): number {
  const doc = getDocumentRow(db, documentId);
  const pages = listPages(db, documentId);
  if (atSeq < 2 || atSeq > pages.length) throw new DangkaError('INVALID_INPUT', `无法在第${atSeq}页处拆分（共${pages.length}页）`);
  return db.transaction(() => {
    const info = stmt(db, 'INSERT INTO document (unit_id, item, title, source) VALUES (?, ?, ?, ?)').run(
      doc.unit_id,
      doc.item,
      `${doc.title}（${atSeq}–${pages.length}页）`,
      doc.source,
    );
    const newId = Number(info.lastInsertRowid);
    renumber(db, newId, pages.slice(atSeq - 1).map((p) => p.id));
    // Each part is a document of its own: its title and 落款 are suggested from its own pages.
    prefillDescription(db, documentId);
    prefillDescription(db, newId);
    return newId;
  })();
}

/** Appends the pages of `otherId` to `documentId` and removes the emptied document. */
export function mergeDocuments(db: Database.Database, documentId: number, otherId: number): void {
  if (documentId === otherId) throw new DangkaError('INVALID_INPUT', '不能把文件与自身合并');
  getDocumentRow(db, documentId);
  getDocumentRow(db, otherId);
  db.transaction(() => {
    const ids = [...listPages(db, documentId), ...listPages(db, otherId)].map((p) => p.id);
    renumber(db, documentId, ids);
    stmt(db, 'DELETE FROM document WHERE id = ?').run(otherId);
  })();
}

/** The clerk's text for a page: kept, searchable, and never overwritten by a re-run of OCR. Empty = back to OCR. */
export function correctPageText(db: Database.Database, pageId: number, text: string): void {
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
