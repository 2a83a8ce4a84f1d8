// Fixity (四性检测 · 完整性, DA/T 70): every file the database names is read back and hashed; a file missing or with
// other content than recorded is named with where the clerk meets it. Reads at disk speed (one file after another,
// 4 MB chunks), with progress in bytes (count + ETA) and cancellable between files. `dangka fsck`, API
// library.fixityStart; a backup refuses to run while files are missing (engine/backup/backup.ts).
import type Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { FixityReport, StoredFileProblem } from '../../shared/fixity';
import { unitPath } from '../catalog/units';
import type { JobContext } from '../jobs/jobs';
import { hashFile } from '../pack/bagit';
import type { Library } from './library';
import { stmt } from './sql';

/** Where a stored file is used, in the clerk's words. */
function usedBy(db: Database.Database, sha256: string): string {
  const page = stmt(
    db,
    `SELECT d.title, d.unit_id AS unitId, p.seq FROM page p JOIN document d ON d.id = p.document_id
      WHERE p.master_sha256 = @sha OR p.access_sha256 = @sha OR p.thumb_sha256 = @sha LIMIT 1`,
  ).get({ sha: sha256 }) as { title: string; unitId: number; seq: number } | undefined;
  const where = (unitId: number) => unitPath(db, unitId).map((u) => u.name).join('/');
  if (page) return `文件“${page.title}”（${where(page.unitId)}）第${page.seq}页`;
  const pdf = stmt(db, 'SELECT title, unit_id AS unitId FROM document WHERE pdf_sha256 = ? LIMIT 1').get(sha256) as { title: string; unitId: number } | undefined;
  if (pdf) return `文件“${pdf.title}”（${where(pdf.unitId)}）的可检索PDF`;
  const person = stmt(db, 'SELECT name FROM contact_person WHERE photo_sha256 = ? LIMIT 1').get(sha256) as { name: string } | undefined;
  if (person) return `联系人“${person.name}”的照片`;
  return '未使用的文件';
}

/** Only what the database names and the disk lacks: a cheap look before a backup. */
export function missingStoredFiles(lib: Library): StoredFileProblem[] {
  const rows = stmt(lib.db, 'SELECT sha256, size FROM blob ORDER BY sha256').all() as { sha256: string; size: number }[];
  return rows.filter((r) => !existsSync(lib.files.pathOf(r.sha256))).map((r) => ({ ...r, usedBy: usedBy(lib.db, r.sha256) }));
}

export async function checkFixity(lib: Library, ctx: JobContext): Promise<FixityReport> {
  const rows = stmt(lib.db, 'SELECT sha256, size FROM blob ORDER BY sha256').all() as { sha256: string; size: number }[];
  const total = rows.reduce((sum, r) => sum + r.size, 0);
  const report: FixityReport = { files: rows.length, bytes: total, missing: [], changed: [], ok: true };
  let done = 0;
  ctx.progress('核对文件', 0, total, 'bytes');
  for (const [i, r] of rows.entries()) {
    ctx.throwIfCancelled('已取消核对');
    let digest: string | null;
    let read = 0;
    try {
      digest = hashFile(lib.files.pathOf(r.sha256), 'sha256', (n) => ctx.progress('核对文件', done + (read += n), total, 'bytes'));
    } catch {
      digest = null; // gone, or unreadable: either way the file is not there to open
    }
    if (digest === null) report.missing.push({ ...r, usedBy: usedBy(lib.db, r.sha256) });
    else if (digest !== r.sha256) report.changed.push({ ...r, usedBy: usedBy(lib.db, r.sha256) });
    done += r.size;
    ctx.progress('核对文件', done, total, 'bytes');
    if (i % 20 === 19) await ctx.yield();
  }
  report.ok = report.missing.length === 0 && report.changed.length === 0;
  return report;
}
