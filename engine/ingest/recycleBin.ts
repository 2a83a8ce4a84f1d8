// 回收站: a document withdrawn (删除) by a clerk is not deleted. It leaves its unit (unit_id cleared, so completeness,
// binders, packages and the search index no longer count it) and waits here with where it was filed, who withdrew
// it, when and why. An administrator restores it to where it was, or purges it after a confirmation: then its rows
// go, and its stored files too unless another document (or anything else) still refers to them.
import type Database from 'better-sqlite3';
import type { BinEntry } from '../../shared/corrections';
import { DangkaError } from '../../shared/errors';
import { currentActor, recordEvent } from '../audit/trail';
import { unitPath } from '../catalog/units';
import { writeTransaction, type Library } from '../library/library';
import { forgetBlobIfUnused } from '../library/blobs';
import { stmt } from '../library/sql';
import { deleteDocument, placeDocument } from './documents';

interface BinRow {
  document_id: number;
  former_unit_id: number | null;
  former_item: string | null;
  reason: string;
  withdrawn_by: string;
  withdrawn_at: string;
  title: string;
  pages: number;
}

/** Where a document is filed, as the trail and the 回收站 name it: 某镇 / 某村 · 项目, or 收件箱. */
export function describePlace(db: Database.Database, unitId: number | null, item: string | null): string {
  if (unitId === null) return '收件箱';
  const path = unitPath(db, unitId)
    .map((u) => u.name)
    .join(' / ');
  return item ? `${path} · ${item.slice(item.indexOf('/') + 1)}` : path;
}

export function isInBin(db: Database.Database, documentId: number): boolean {
  return stmt(db, 'SELECT 1 FROM document_bin WHERE document_id = ?').get(documentId) !== undefined;
}

/** Moves the document to the 回收站; returns the unit it left (to re-check its completeness), or null. */
export function withdrawDocument(db: Database.Database, documentId: number, reason: string): number | null {
  return writeTransaction(db, (db) => {
      const doc = stmt(db, 'SELECT id, unit_id, item, title FROM document WHERE id = ?').get(documentId) as
        | { id: number; unit_id: number | null; item: string | null; title: string }
        | undefined;
      if (!doc) throw new DangkaError('NOT_FOUND', `没有找到该文件（编号 ${documentId}）`);
      if (isInBin(db, documentId)) throw new DangkaError('INVALID_INPUT', `“${doc.title}”已在回收站中`);
      stmt(db, 'INSERT INTO document_bin (document_id, former_unit_id, former_item, reason, withdrawn_by) VALUES (?, ?, ?, ?, ?)').run(
        documentId,
        doc.unit_id,
        doc.item,
        reason,
        currentActor().name,
      );
      placeDocument(db, documentId, null, null);
      recordEvent(db, '删除文件（移入回收站）', { documentId, title: doc.title, from: describePlace(db, doc.unit_id, doc.item), reason }, doc.unit_id);
      return doc.unit_id;
    });
}

export function listBin(db: Database.Database): BinEntry[] {
  const rows = stmt(
    db,
    `SELECT b.*, d.title, (SELECT count(*) FROM page p WHERE p.document_id = d.id) AS pages
       FROM document_bin b JOIN document d ON d.id = b.document_id ORDER BY b.withdrawn_at DESC, b.document_id DESC`,
  ).all() as BinRow[];
  return rows.map((r) => ({
    documentId: r.document_id,
    title: r.title,
    pages: r.pages,
    formerUnitId: r.former_unit_id,
    formerPlace: describePlace(db, r.former_unit_id, r.former_item),
    reason: r.reason,
    withdrawnBy: r.withdrawn_by,
    withdrawnAt: r.withdrawn_at,
  }));
}

function binRow(db: Database.Database, documentId: number): { former_unit_id: number | null; former_item: string | null; title: string } {
  const row = stmt(db, 'SELECT b.former_unit_id, b.former_item, d.title FROM document_bin b JOIN document d ON d.id = b.document_id WHERE b.document_id = ?').get(documentId) as
    | { former_unit_id: number | null; former_item: string | null; title: string }
    | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', '回收站中没有该文件');
  return row;
}

/** Back to where it was filed (the unit still exists: the bin's reference is cleared when a unit goes). */
export function restoreDocument(db: Database.Database, documentId: number): number | null {
  return writeTransaction(db, (db) => {
      const row = binRow(db, documentId);
      stmt(db, 'DELETE FROM document_bin WHERE document_id = ?').run(documentId);
      const item = row.former_unit_id === null ? null : row.former_item;
      placeDocument(db, documentId, row.former_unit_id, item);
      recordEvent(db, '从回收站恢复文件', { documentId, title: row.title, to: describePlace(db, row.former_unit_id, item) }, row.former_unit_id);
      return row.former_unit_id;
    });
}

/**
 * Deletes a document in the bin for good. Its stored files (scans, page images, its PDF) are removed only when no
 * row refers to them any more: the foreign keys on blob decide, so a scan another document shares stays.
 */
export function purgeDocument(lib: Library, documentId: number): { filesRemoved: number } {
  const { db } = lib;
  const removed = writeTransaction(db, (db) => {
      const row = binRow(db, documentId);
      const shas = (
        stmt(
          db,
          `SELECT master_sha256 AS sha FROM page WHERE document_id = @id UNION SELECT access_sha256 FROM page WHERE document_id = @id
           UNION SELECT thumb_sha256 FROM page WHERE document_id = @id UNION SELECT pdf_sha256 FROM document WHERE id = @id`,
        ).all({ id: documentId }) as { sha: string | null }[]
      )
        .map((r) => r.sha)
        .filter((s): s is string => s !== null);
      deleteDocument(db, documentId);
      const unused: string[] = [];
      for (const sha of shas) if (forgetBlobIfUnused(db, sha)) unused.push(sha);
      recordEvent(db, '从回收站彻底删除文件', { documentId, title: row.title, filesRemoved: unused.length });
      return unused;
    });
  // After the commit: a crash here leaves an unreferenced file, never a row without its file.
  for (const sha of removed) lib.files.remove(sha);
  return { filesRemoved: removed.length };
}
