// The audit trail (全程留痕, 谁签字谁负责). Triggers (migration 0060) write a row for every change in the same
// transaction; this module tells them who and what through SQL functions, chains the rows by hash, records events
// that change no table (exports, prints, logins), checks the chain, and reads a unit's or a document's history.
//
// Who is carried by AsyncLocalStorage: set once where a call enters the engine, it follows the call into the jobs
// it starts and across their awaits, so a roster import that runs for a minute is still signed by whoever started
// it even while other calls come and go.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { ROLE_LABEL, type AuditEntry, type AuditHistory, type AuditVerifyReport, type Role } from '../../shared/domain';
import { maskIdNumber, maskIdNumbersIn } from '../../shared/idNumber';
import { maskPhone } from '../../shared/phone';
import { stmt } from '../library/sql';

export interface Actor {
  /** null for the command line and the system's own work. */
  userId: number | null;
  /** How the trail names them: 王芳（审核员）, or 命令行（root）. */
  name: string;
  /** The person's name alone, for signatures (审核人, 验收人). */
  displayName: string;
  role: Role;
  /** The API method or job that makes the changes. */
  action: string;
}

export function actorName(displayName: string, role: Role): string {
  return `${displayName}（${ROLE_LABEL[role]}）`;
}

const context = new AsyncLocalStorage<Actor>();
/** Work outside any call (a migration, a test writing rows directly) is signed by the system. */
const SYSTEM: Actor = { userId: null, name: '系统', displayName: '系统', role: 'admin', action: 'system' };

export function runAs<T>(actor: Actor, work: () => T): T {
  return context.run(actor, work);
}

export function currentActor(): Actor {
  return context.getStore() ?? SYSTEM;
}

export function auditHash(prev: string, fields: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify([prev, ...fields])).digest('hex');
}

/** The functions the audit triggers call; registered on every connection before it can write. */
export function registerAuditFunctions(db: Database.Database): void {
  db.function('dangka_actor', { deterministic: false }, () => currentActor().name);
  db.function('dangka_action', { deterministic: false }, () => currentActor().action);
  db.function('dangka_audit_hash', { deterministic: true, varargs: true }, (prev: unknown, ...fields: unknown[]) => auditHash(String(prev), fields));
}

/** An event that changes no table: an export, a print, a package written or imported, a login. */
export function recordEvent(db: Database.Database, what: string, details: Record<string, unknown>, unitId: number | null = null): void {
  const actor = currentActor();
  const at = new Date().toISOString();
  const prev = (stmt(db, 'SELECT hash FROM audit ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined)?.hash ?? '';
  const after = JSON.stringify({ what, ...details });
  const hash = auditHash(prev, [at, actor.name, actor.action, 'event', 'event', null, unitId, null, after]);
  stmt(db, "INSERT INTO audit (at, actor, action, tbl, op, row_id, unit_id, before, after, hash) VALUES (?, ?, ?, 'event', 'event', NULL, ?, NULL, ?, ?)").run(
    at,
    actor.name,
    actor.action,
    unitId,
    after,
    hash,
  );
}

export interface AuditRow {
  id: number;
  at: string;
  actor: string;
  action: string;
  tbl: string;
  op: string;
  row_id: number | null;
  unit_id: number | null;
  before: string | null;
  after: string | null;
  hash: string;
}

/**
 * Walks the chain: a row edited behind Dangka's back no longer matches its hash; a row deleted leaves a gap in the
 * ids (and breaks the next row's link); a deleted last row shows against sqlite_sequence.
 */
export function verifyAudit(db: Database.Database): AuditVerifyReport {
  const problems: AuditVerifyReport['problems'] = [];
  let prev = '';
  let lastId = 0;
  let records = 0;
  for (const row of stmt(db, 'SELECT * FROM audit ORDER BY id').iterate() as Iterable<AuditRow>) {
    records++;
    if (row.id !== lastId + 1) problems.push({ id: row.id, message: `第 ${lastId + 1}${row.id - lastId > 2 ? `–${row.id - 1}` : ''} 条记录被删除` });
    const expected = auditHash(prev, [row.at, row.actor, row.action, row.tbl, row.op, row.row_id, row.unit_id, row.before, row.after]);
    if (row.hash !== expected) {
      // With a gap before it the broken link is the deletion already reported; otherwise the row itself was changed.
      if (row.id === lastId + 1) problems.push({ id: row.id, message: `第 ${row.id} 条记录（${row.at.slice(0, 19).replace('T', ' ')}，${row.actor}）被改动过` });
    }
    prev = row.hash;
    lastId = row.id;
  }
  const seq = (stmt(db, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'").get() as { seq: number } | undefined)?.seq ?? 0;
  if (seq > lastId) problems.push({ id: lastId + 1, message: `最后的第 ${lastId + 1}${seq > lastId + 1 ? `–${seq}` : ''} 条记录被删除` });
  return { records, ok: problems.length === 0, problems };
}

export const TABLE_LABEL: Record<string, string> = {
  unit: '单位',
  household: '户信息',
  member: '家庭成员',
  contact_person: '联系人',
  household_contact: '帮扶联系人',
  document: '文件',
  page: '页',
  form_record: '表单',
  problem: '问题',
  review_signoff: '审核签字',
  app_user: '用户',
  event: '操作',
};
const OP_LABEL: Record<string, string> = { insert: '新增', update: '修改', delete: '删除', event: '' };

/** Codes that can look like an ID number (an 18-digit 户编号) but name no person: shown whole. */
const PUBLIC_CODES = new Set(['household_no', 'archive_code', 'code']);

/** The history is a list: ID numbers and phones in it are masked like everywhere else. */
function masked(json: string | null): Record<string, unknown> | null {
  if (!json) return null;
  const values = JSON.parse(json) as Record<string, unknown>;
  for (const [key, value] of Object.entries(values)) {
    if (typeof value !== 'string' || PUBLIC_CODES.has(key) || key.endsWith('_sha256')) continue;
    if (key === 'id_number') values[key] = maskIdNumber(value);
    else if (key === 'phone') values[key] = maskPhone(value);
    // An ID number typed or read into free text (a corrected page, a note) is masked as well.
    else values[key] = maskIdNumbersIn(value);
  }
  return values;
}

export function toEntry(row: AuditRow): AuditEntry {
  const before = masked(row.before);
  const after = masked(row.after);
  const changes =
    row.op === 'update' && before && after
      ? Object.keys(after)
          .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
          .map((field) => ({ field, before: before[field] ?? null, after: after[field] ?? null }))
      : [];
  const what = row.op === 'event' ? String(after?.what ?? '操作') : `${OP_LABEL[row.op] ?? row.op}${TABLE_LABEL[row.tbl] ?? row.tbl}`;
  return { id: row.id, at: row.at, actor: row.actor, action: row.action, what, table: row.tbl, rowId: row.row_id, changes, before, after };
}

/** Where a column's id points: a clerk reads 联系人 张三, not 联系人 #12. */
const REF_TABLE: Record<string, 'unit' | 'contact_person' | 'document'> = {
  unit_id: 'unit',
  parent_id: 'unit',
  household_id: 'unit',
  person_id: 'contact_person',
  document_id: 'document',
};
const REF_NAME = {
  unit: "SELECT CASE WHEN archive_code IS NOT NULL AND archive_code <> '' THEN name || '（' || archive_code || '）' ELSE name END AS name FROM unit WHERE id = ?",
  contact_person: 'SELECT name FROM contact_person WHERE id = ?',
  document: 'SELECT title AS name FROM document WHERE id = ?',
} as const;
/** A row deleted since is named by what the trail last saw of it. */
const REF_FORMER_NAME = {
  unit: "SELECT json_extract(before, '$.name') AS name FROM audit WHERE tbl = 'unit' AND op = 'delete' AND row_id = ? ORDER BY id DESC LIMIT 1",
  contact_person: "SELECT json_extract(before, '$.name') AS name FROM audit WHERE tbl = 'contact_person' AND op = 'delete' AND row_id = ? ORDER BY id DESC LIMIT 1",
  document: "SELECT json_extract(before, '$.title') AS name FROM audit WHERE tbl = 'document' AND op = 'delete' AND row_id = ? ORDER BY id DESC LIMIT 1",
} as const;

/** Names for the ids the entries mention, keyed `field:id`. */
export function refNames(db: Database.Database, entries: readonly AuditEntry[]): Record<string, string> {
  const refs: Record<string, string> = {};
  for (const e of entries) {
    for (const values of [e.before, e.after]) {
      for (const [field, value] of Object.entries(values ?? {})) {
        const table = REF_TABLE[field];
        const key = `${field}:${String(value)}`;
        if (!table || typeof value !== 'number' || key in refs) continue;
        const live = stmt(db, REF_NAME[table]).get(value) as { name: string | null } | undefined;
        const former = live ? undefined : (stmt(db, REF_FORMER_NAME[table]).get(value) as { name: string | null } | undefined);
        const name = live?.name ?? (former?.name ? `${former.name}（已删除）` : null);
        if (name) refs[key] = name;
      }
    }
  }
  return refs;
}

/** The history of a unit (its own rows and what was filed under it) or of one document and its pages, newest first. */
export function auditHistory(db: Database.Database, target: { unitId: number } | { documentId: number }, limit = 200, offset = 0): AuditHistory {
  if ('unitId' in target) {
    // A household's history includes its contact persons' changes (a 帮扶责任人's new phone shows on their cards).
    const where = `unit_id = ? OR (tbl = 'contact_person' AND row_id IN (SELECT person_id FROM household_contact WHERE household_id = ?))`;
    const total = (stmt(db, `SELECT count(*) AS n FROM audit WHERE ${where}`).get(target.unitId, target.unitId) as { n: number }).n;
    const rows = stmt(db, `SELECT * FROM audit WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(target.unitId, target.unitId, limit, offset) as AuditRow[];
    const entries = rows.map(toEntry);
    return { total, entries, refs: refNames(db, entries) };
  }
  const where = `(tbl = 'document' AND row_id = ?) OR (tbl = 'page' AND (json_extract(after, '$.document_id') = ? OR json_extract(before, '$.document_id') = ?))
    OR (tbl = 'event' AND json_extract(after, '$.documentId') = ?)`;
  const args = [target.documentId, target.documentId, target.documentId, target.documentId];
  const total = (stmt(db, `SELECT count(*) AS n FROM audit WHERE ${where}`).get(...args) as { n: number }).n;
  const rows = stmt(db, `SELECT * FROM audit WHERE ${where} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...args, limit, offset) as AuditRow[];
  const entries = rows.map(toEntry);
  return { total, entries, refs: refNames(db, entries) };
}
