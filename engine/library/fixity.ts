// Fixity as DA/T 70's 四性检测 (真实性、完整性、可用性、安全性): every file the database names is read back and hashed;
// a file missing, changed, of no known format or unsafe is named with where the clerk meets it. Reads at disk speed (one file after another,
// 4 MB chunks), with progress in bytes (count + ETA) and cancellable between files. `dangka fsck`, API
// library.fixityStart; a backup refuses to run while files are missing (engine/backup/backup.ts).
import type Database from 'better-sqlite3';
import { closeSync, existsSync, lstatSync, openSync, readSync, type Stats } from 'node:fs';
import type { FixityReport, FourPropertyCheck, StoredFileProblem } from '../../shared/fixity';
import { verifyAudit } from '../audit/trail';
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

/** A stored file's format from its first bytes: the formats a library keeps (scans, photos, PDFs, xlsx ledgers). */
export const ALLOWED_FORMATS: readonly { name: string; test: (head: Buffer) => boolean }[] = [
  { name: 'JPEG', test: (h) => h[0] === 0xff && h[1] === 0xd8 && h[2] === 0xff },
  { name: 'PNG', test: (h) => h.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { name: 'TIFF', test: (h) => ['II*\0', 'MM\0*'].includes(h.subarray(0, 4).toString('latin1')) },
  { name: 'WEBP', test: (h) => h.subarray(0, 4).toString('latin1') === 'RIFF' && h.subarray(8, 12).toString('latin1') === 'WEBP' },
  { name: 'PDF', test: (h) => h.subarray(0, 5).toString('latin1') === '%PDF-' },
  { name: 'XLSX', test: (h) => h.subarray(0, 4).toString('latin1') === 'PK\x03\x04' },
];
/** Programs and scripts: never a record, whatever name they came in under. */
export const EXECUTABLE = (head: Buffer) => head.subarray(0, 4).toString('latin1') === '\x7fELF' || head.subarray(0, 2).toString('latin1') === 'MZ' || head.subarray(0, 2).toString('latin1') === '#!';
const SHA256 = /^[0-9a-f]{64}$/;

/** The first 16 bytes of a file: enough to tell its format. */
export function readHead(path: string): Buffer {
  const head = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

/** Files the catalog refers to that have no row in the file table (the database itself is inconsistent). */
function unregisteredReferences(db: Database.Database): string[] {
  const rows = stmt(
    db,
    `SELECT sha FROM (SELECT master_sha256 AS sha FROM page UNION SELECT access_sha256 FROM page UNION SELECT thumb_sha256 FROM page
                      UNION SELECT pdf_sha256 FROM document UNION SELECT photo_sha256 FROM contact_person)
      WHERE sha IS NOT NULL AND sha NOT IN (SELECT sha256 FROM blob) ORDER BY sha`,
  ).all() as { sha: string }[];
  return rows.map((r) => `${usedBy(db, r.sha)}：数据库未登记该文件（${r.sha.slice(0, 12)}…）`);
}

/**
 * The 四性检测 of the library (DA/T 70), file by file at disk speed:
 * 真实性 — each file's SHA-256 is the one recorded; the audit trail's hash chain is unbroken.
 * 完整性 — each file the database names is on disk; each file the catalog refers to is registered.
 * 可用性 — each file is in a format a library keeps (read from its first bytes, not its name).
 * 安全性 — no file name that could leave the store, no link, no executable or script, no execute permission.
 * Decoding every image of a county (hundreds of thousands of pages) would take hours; a package's 四性检测 does.
 */
export async function checkFixity(lib: Library, ctx: JobContext): Promise<FixityReport> {
  const rows = stmt(lib.db, 'SELECT sha256, size FROM blob ORDER BY sha256').all() as { sha256: string; size: number }[];
  const total = rows.reduce((sum, r) => sum + r.size, 0);
  const report: FixityReport = { files: rows.length, bytes: total, missing: [], changed: [], checks: [], ok: true };
  const unusable: string[] = [];
  const unsafe: string[] = [];
  let done = 0;
  ctx.progress('核对文件', 0, total, 'bytes');
  for (const [i, r] of rows.entries()) {
    ctx.throwIfCancelled('已取消核对');
    const problem = () => ({ ...r, usedBy: usedBy(lib.db, r.sha256) });
    if (!SHA256.test(r.sha256)) {
      unsafe.push(`数据库中的文件名“${r.sha256.slice(0, 80)}”不是校验值，可能指向存储区之外：未读取`);
      continue;
    }
    const path = lib.files.pathOf(r.sha256);
    let st: Stats | null = null;
    try {
      st = lstatSync(path);
    } catch {
      // gone: reported as missing below
    }
    if (st?.isSymbolicLink()) {
      unsafe.push(`${problem().usedBy}：存储区中是一个链接（指向别处），不是文件：未读取`);
      continue;
    }
    let digest: string | null = null;
    let read = 0;
    try {
      if (st) {
        if (process.platform !== 'win32' && st.mode & 0o111) unsafe.push(`${problem().usedBy}：文件带有可执行权限`);
        const head = readHead(path);
        if (EXECUTABLE(head)) unsafe.push(`${problem().usedBy}：文件是程序或脚本，不是档案文件`);
        else if (!ALLOWED_FORMATS.some((f) => f.test(head))) unusable.push(`${problem().usedBy}：格式无法识别（不是 ${ALLOWED_FORMATS.map((f) => f.name).join('、')}）`);
        digest = hashFile(path, 'sha256', (n) => ctx.progress('核对文件', done + (read += n), total, 'bytes'));
      }
    } catch {
      digest = null; // unreadable: the file is not there to open
    }
    if (digest === null) report.missing.push(problem());
    else if (digest !== r.sha256) report.changed.push(problem());
    done += r.size;
    ctx.progress('核对文件', done, total, 'bytes');
    if (i % 20 === 19) await ctx.yield();
  }
  ctx.progress('核对审计记录', 0, 0);
  const audit = verifyAudit(lib.db);
  const unregistered = unregisteredReferences(lib.db);
  const named = (problems: StoredFileProblem[], what: string) => problems.map((p) => `${p.usedBy}：${what}（${p.sha256.slice(0, 12)}…）`);
  const check = (property: FourPropertyCheck['property'], name: string, checked: number, failures: string[]): FourPropertyCheck => ({
    property,
    name,
    checked,
    passed: failures.length === 0,
    failures,
  });
  report.checks = [
    check('真实性', '文件校验值（SHA-256）与数据库记录一致', rows.length - report.missing.length, named(report.changed, '内容已改变（损坏或在档卡之外被改动）')),
    check('真实性', '审计记录的哈希链完整（未被改动或删除）', audit.records, audit.problems.map((p) => p.message)),
    check('完整性', '数据库登记的文件都在存储区中', rows.length, named(report.missing, '文件缺失')),
    check('完整性', '目录引用的文件都已在数据库登记', rows.length, unregistered),
    check('可用性', '文件格式在允许范围内（按文件内容识别）', rows.length - report.missing.length, unusable),
    check('安全性', '无程序、脚本、链接或越出存储区的文件名', rows.length, unsafe),
  ];
  report.ok = report.checks.every((c) => c.passed);
  return report;
}
