// The description (著录) of documents as stored: a dossier's documents in 件号 order with their description, the
// grid's save (every row checked, then one transaction), and the pre-fill from the scan's text when it is read.
// Pre-filled values are suggestions: they fill only what is empty or still a suggestion, and stay marked until the
// clerk edits or confirms them. A title still equal to the file name the scan came in as counts as not described.
import type Database from 'better-sqlite3';
import {
  descriptionProblems,
  DESCRIPTION_LABEL,
  isFileNameTitle,
  missingDescription,
  SUGGESTED_FIELDS,
  type DescribedDocument,
  type DescriptionField,
  type DocumentDescription,
  type DossierDescription,
  type Retention,
  type Secrecy,
} from '../../shared/description';
import { DangkaError } from '../../shared/errors';
import { getUnit } from '../catalog/units';
import { numberPieces, writeDescription, writeSuggestedDescription } from '../ingest/documents';
import { writeTransaction, type Library } from '../library/library';
import type { WriteDb } from '../library/handles';
import { stmt } from '../library/sql';
import { suggestDescription } from './read';

/** A dossier's documents in 件号 order: the clerk's numbering first, then the rest as they were filed. */
export const PIECE_ORDER = 'd.piece_no IS NULL, d.piece_no, d.item, d.created_at, d.id';

interface DescriptionRow {
  id: number;
  item: string | null;
  title: string;
  author: string;
  ref_number: string;
  doc_date: string;
  retention: Retention | null;
  secrecy: string;
  remarks: string;
  source_name: string | null;
  suggested: string;
  pages: number;
}

const SELECT_DESCRIBED = `SELECT d.id, d.item, d.title, d.author, d.ref_number, d.doc_date, d.retention, d.secrecy, d.remarks, d.source_name,
        d.suggested, (SELECT count(*) FROM page p WHERE p.document_id = d.id) AS pages FROM document d`;

/** The template's default 保管期限 for a document that has none of its own (poverty-alleviation files: 永久). */
export function defaultRetention(lib: Library): Retention {
  return lib.template.description?.retention ?? 'Y';
}

function described(row: DescriptionRow, pieceNo: number, retention: Retention): DescribedDocument {
  const fileNameTitle = isFileNameTitle(row.title, row.source_name);
  const description = {
    title: row.title,
    author: row.author,
    refNumber: row.ref_number,
    date: row.doc_date,
    retention: row.retention ?? retention,
    secrecy: row.secrecy as Secrecy,
    remarks: row.remarks,
  };
  return {
    id: row.id,
    pieceNo,
    item: row.item,
    pageCount: Number(row.pages),
    ...description,
    suggested: JSON.parse(row.suggested) as DescriptionField[],
    fileNameTitle,
    missing: missingDescription(description, fileNameTitle),
  };
}

/** The documents of one unit (its own dossier, not its children's; null = the inbox) in 件号 order, described. */
export function describedDocuments(lib: Library, unitId: number | null): DescribedDocument[] {
  const retention = defaultRetention(lib);
  const rows = stmt(lib.db, `${SELECT_DESCRIBED} WHERE ifnull(d.unit_id, 0) = ifnull(?, 0) ORDER BY ${PIECE_ORDER}`).all(unitId) as DescriptionRow[];
  return rows.map((r, i) => described(r, i + 1, retention));
}

export function dossierDescription(lib: Library, unitId: number): DossierDescription {
  getUnit(lib.db, unitId);
  const documents = describedDocuments(lib, unitId);
  return {
    unitId,
    secrecyWanted: lib.template.description?.secrecy ?? false,
    documents,
    undescribed: documents.filter((d) => d.missing.length > 0).length,
    unconfirmed: documents.filter((d) => d.suggested.length > 0).length,
  };
}

export interface DescriptionEdit extends DocumentDescription {
  id: number;
  /** The clerk accepts the row as it stands, suggestions included. */
  confirmed?: boolean;
}

/**
 * Saves the grid: every row is checked first and a single problem refuses the whole save (fields: '<id>.<field>' →
 * Chinese). `order`, when given, is the dossier's complete new 件号 order. A field the clerk changed, or a row they
 * confirmed, is no longer a suggestion.
 */
export function saveDescriptions(lib: Library, input: { unitId: number | null; rows: readonly DescriptionEdit[]; order?: readonly number[] }): void {
  const fields: Record<string, string> = {};
  const stored = new Map<number, DescriptionRow & { unit_id: number | null }>();
  for (const row of input.rows) {
    const current = stmt(lib.db, `${SELECT_DESCRIBED.replace('SELECT ', 'SELECT d.unit_id, ')} WHERE d.id = ?`).get(row.id) as
      | (DescriptionRow & { unit_id: number | null })
      | undefined;
    if (!current) throw new DangkaError('NOT_FOUND', `没有找到该文件（编号 ${row.id}），可能已被移走或删除，请刷新后再保存`);
    if (input.unitId !== null && current.unit_id !== input.unitId) throw new DangkaError('INVALID_INPUT', `“${current.title}”已不在本卷中，请刷新后再保存`);
    stored.set(row.id, current);
    for (const [field, message] of Object.entries(descriptionProblems(row))) fields[`${row.id}.${field}`] = message;
  }
  if (input.order) {
    if (input.unitId === null) throw new DangkaError('INVALID_INPUT', '排列件号需要指定案卷');
    const ids = (stmt(lib.db, 'SELECT id FROM document WHERE unit_id = ?').all(input.unitId) as { id: number }[]).map((r) => r.id);
    const order = new Set(input.order);
    if (order.size !== input.order.length || order.size !== ids.length || !ids.every((id) => order.has(id))) {
      throw new DangkaError('INVALID_INPUT', '件号顺序有误：必须包含本卷每一件且不重复，请刷新后再保存');
    }
  }
  const problems = Object.entries(fields);
  if (problems.length > 0) {
    const [key, message] = problems[0]!;
    const [id, field] = key.split('.') as [string, DescriptionField];
    const piece = input.rows.findIndex((r) => r.id === Number(id)) + 1;
    throw new DangkaError('INVALID_INPUT', `有 ${problems.length} 处填写有误，未保存。第${piece}行${DESCRIPTION_LABEL[field]}：${message}`, fields);
  }
  const defaultRet = defaultRetention(lib);
  writeTransaction(lib.db, (db) => {
    for (const row of input.rows) {
      const old = stored.get(row.id)!;
      const next = normalized(row);
      const before: Record<DescriptionField, string> = {
        title: old.title,
        author: old.author,
        refNumber: old.ref_number,
        date: old.doc_date,
        retention: old.retention ?? defaultRet,
        secrecy: old.secrecy,
        remarks: old.remarks,
      };
      const suggested = row.confirmed ? [] : (JSON.parse(old.suggested) as DescriptionField[]).filter((f) => before[f] === next[f]);
      // A confirmed title is the clerk's, even if it reads like a file name; an edited one is no longer the file's.
      const sourceName = row.confirmed || next.title !== old.title ? null : old.source_name;
      writeDescription(db, row.id, {
        ...next,
        retention: next.retention === defaultRet && old.retention === null ? null : next.retention,
        sourceName,
        suggested,
      });
    }
    if (input.order) numberPieces(db, input.order);
  });
}

function normalized(row: DocumentDescription): DocumentDescription {
  return {
    title: row.title.trim(),
    author: row.author.trim(),
    refNumber: row.refNumber.trim(),
    date: row.date.trim(),
    retention: row.retention,
    secrecy: row.secrecy,
    remarks: row.remarks.trim(),
  };
}

/**
 * Pre-fills a document's description from the text of its pages, once every page is read: each field found fills
 * what is empty or still a suggestion (never what the clerk wrote); the title replaces only a file name.
 */
export function prefillDescription(db: WriteDb, documentId: number): void {
  const row = stmt(db, `${SELECT_DESCRIBED} WHERE d.id = ?`).get(documentId) as DescriptionRow | undefined;
  if (!row) return;
  const pages = stmt(db, "SELECT coalesce(corrected_text, ocr_text, '') AS text, ocr_status FROM page WHERE document_id = ? ORDER BY seq").all(documentId) as {
    text: string;
    ocr_status: string;
  }[];
  if (pages.length === 0 || pages.some((p) => p.ocr_status === 'pending')) return;
  const found = suggestDescription(pages.map((p) => p.text));
  const suggested = new Set(JSON.parse(row.suggested) as DescriptionField[]);
  const current: Record<(typeof SUGGESTED_FIELDS)[number], string> = { title: row.title, author: row.author, refNumber: row.ref_number, date: row.doc_date };
  const fill: Partial<Record<(typeof SUGGESTED_FIELDS)[number], string>> = {};
  for (const field of SUGGESTED_FIELDS) {
    const value = found[field];
    if (!value || value === current[field]) continue;
    const open = field === 'title' ? isFileNameTitle(row.title, row.source_name) || suggested.has('title') : current[field] === '' || suggested.has(field);
    if (!open) continue;
    fill[field] = value;
    suggested.add(field);
  }
  writeSuggestedDescription(db, documentId, fill, [...suggested]);
}

/** One document's description, with its 件号 in its dossier. */
export function describedDocument(lib: Library, id: number): DescribedDocument {
  const row = stmt(lib.db, 'SELECT unit_id FROM document WHERE id = ?').get(id) as { unit_id: number | null } | undefined;
  const found = row && describedDocuments(lib, row.unit_id).find((d) => d.id === id);
  if (!found) throw new DangkaError('NOT_FOUND', `没有找到该文件（编号 ${id}）`);
  return found;
}

/**
 * 著录 figures of a unit and everything under it: documents, and those not yet described (a file name for a title,
 * no 责任者 or no 成文日期) — for 检查's completeness figure and its finding.
 */
export function descriptionFigures(db: Database.Database, unitId: number, scope: 'own' | 'subtree' = 'subtree'): { documents: number; undescribed: number } {
  const rows = stmt(
    db,
    scope === 'own'
      ? 'SELECT title, source_name, author, doc_date FROM document WHERE unit_id = ?'
      : `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
         SELECT title, source_name, author, doc_date FROM document WHERE unit_id IN (SELECT id FROM sub)`,
  ).all(unitId) as { title: string; source_name: string | null; author: string; doc_date: string }[];
  const undescribed = rows.filter((r) => missingDescription({ title: r.title, author: r.author, date: r.doc_date }, isFileNameTitle(r.title, r.source_name)).length > 0);
  return { documents: rows.length, undescribed: undescribed.length };
}
