import type { Migration } from './index';

/**
 * What the audit trail records of each table: the columns of a row's before/after, and the unit whose history it
 * belongs to. Machine-made data (OCR results, search index, check results, stored-file rows) is not audited; the
 * clerk's work on it is (a corrected text, a rotation, a page moved).
 */
const AUDITED: { table: string; key: string; columns: string[]; unit: (row: 'NEW' | 'OLD') => string; updateOf?: string[] }[] = [
  { table: 'unit', key: 'id', columns: ['parent_id', 'tier', 'name', 'code', 'archive_code'], unit: (r) => `${r}.id`, updateOf: ['parent_id', 'tier', 'name', 'code', 'archive_code'] },
  {
    table: 'household',
    key: 'unit_id',
    columns: ['household_no', 'natural_village', 'attribute', 'main_cause', 'exit_year', 'per_capita_income', 'phone', 'declared_size', 'status'],
    unit: (r) => `${r}.unit_id`,
  },
  {
    table: 'member',
    key: 'id',
    columns: ['household_id', 'seq', 'name', 'id_number', 'relation', 'sex', 'birth_date', 'ethnicity', 'education', 'health', 'labour_skill', 'work_status'],
    unit: (r) => `${r}.household_id`,
  },
  { table: 'contact_person', key: 'id', columns: ['name', 'post', 'work_unit', 'phone', 'photo_sha256'], unit: () => 'NULL', updateOf: ['name', 'post', 'work_unit', 'phone', 'photo_sha256'] },
  { table: 'household_contact', key: 'household_id', columns: ['role', 'person_id'], unit: (r) => `${r}.household_id` },
  { table: 'document', key: 'id', columns: ['unit_id', 'item', 'title', 'source'], unit: (r) => `${r}.unit_id`, updateOf: ['unit_id', 'item', 'title'] },
  {
    table: 'page',
    key: 'id',
    columns: ['document_id', 'seq', 'master_sha256', 'master_page', 'rotation', 'corrected_text'],
    unit: (r) => `(SELECT unit_id FROM document WHERE id = ${r}.document_id)`,
    updateOf: ['document_id', 'seq', 'rotation', 'corrected_text'],
  },
  { table: 'form_record', key: 'id', columns: ['unit_id', 'document_id', 'form_type', 'fields', 'source'], unit: (r) => `${r}.unit_id` },
  {
    table: 'problem',
    key: 'id',
    columns: ['unit_id', 'rule_id', 'severity', 'description', 'measure', 'responsible_unit', 'responsible_person', 'deadline', 'status', 'closed_how', 'closed_by', 'close_note'],
    unit: (r) => `${r}.unit_id`,
  },
  { table: 'review_signoff', key: 'id', columns: ['unit_id', 'stage', 'reviewer', 'result', 'note'], unit: (r) => `${r}.unit_id` },
  // Never the password hash: the trail says that it changed, not what it is.
  { table: 'app_user', key: 'id', columns: ['username', 'display_name', 'role', 'active'], unit: () => 'NULL', updateOf: ['username', 'display_name', 'role', 'active', 'password_hash'] },
];

export function json(columns: string[], row: 'NEW' | 'OLD'): string {
  return `json_object(${columns.map((c) => `'${c}', ${row}.${c}`).join(', ')})`;
}

/** INSERT of one audit row; the hash chains it to the row before (engine/audit/trail.ts computes and checks it). */
export function record(table: string, op: string, rowId: string, unit: string, before: string, after: string): string {
  // Each value computed once in the inner SELECT (a roster import writes ~200,000 of these rows).
  return `INSERT INTO audit (at, actor, action, tbl, op, row_id, unit_id, before, after, hash)
    SELECT t.at, t.actor, t.action, '${table}', '${op}', t.row_id, t.unit_id, t.before, t.after,
           dangka_audit_hash(ifnull((SELECT hash FROM audit ORDER BY id DESC LIMIT 1), ''), t.at, t.actor, t.action, '${table}', '${op}', t.row_id, t.unit_id, t.before, t.after)
      FROM (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at, dangka_actor() AS actor, dangka_action() AS action,
                   ${rowId} AS row_id, ${unit} AS unit_id, ${before} AS before, ${after} AS after) t;`;
}

function triggers(): string {
  return AUDITED.map((t) => {
    const updateWhen = t.columns.map((c) => `NEW.${c} IS NOT OLD.${c}`).concat(t.updateOf?.includes('password_hash') ? ['NEW.password_hash IS NOT OLD.password_hash'] : []).join(' OR ');
    return `
CREATE TRIGGER audit_${t.table}_insert AFTER INSERT ON ${t.table} BEGIN
  ${record(t.table, 'insert', `NEW.${t.key}`, t.unit('NEW'), 'NULL', json(t.columns, 'NEW'))}
END;
CREATE TRIGGER audit_${t.table}_update AFTER UPDATE ON ${t.table} WHEN ${updateWhen} BEGIN
  ${record(t.table, 'update', `NEW.${t.key}`, t.unit('NEW'), json(t.columns, 'OLD'), json(t.columns, 'NEW'))}
END;
CREATE TRIGGER audit_${t.table}_delete AFTER DELETE ON ${t.table} BEGIN
  ${record(t.table, 'delete', `OLD.${t.key}`, t.unit('OLD'), json(t.columns, 'OLD'), 'NULL')}
END;`;
  }).join('\n');
}

export const m0060_trust: Migration = {
  version: 60,
  name: 'trust: local users with roles, and the hash-chained audit trail kept by triggers',
  sql: /* sql */ `
-- 录入员 (clerk), 审核员 (reviewer), 管理员 (admin). Passwords as scrypt hashes (engine/auth/passwords.ts).
CREATE TABLE app_user (
  id            INTEGER PRIMARY KEY,
  username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name  TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'admin')),
  password_hash TEXT NOT NULL,
  active        INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

-- 全程留痕: every change to the archive's tables, written by triggers in the same transaction as the change, whoever
-- made it (API, job, import). actor/action come from the engine's call context (functions registered on the
-- connection: a write from a tool that lacks them fails rather than go unrecorded). Each row's hash covers the
-- row and the previous row's hash; AUTOINCREMENT keeps ids from being reused, so a deleted last row shows as a gap
-- against sqlite_sequence.
CREATE TABLE audit (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  tbl     TEXT NOT NULL,                        -- the table changed, or 'event' (an export, a print, a login)
  op      TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete', 'event')),
  row_id  INTEGER,
  unit_id INTEGER,                              -- whose history it is part of (no foreign key: history outlives rows)
  before  TEXT,
  after   TEXT,
  hash    TEXT NOT NULL
);
CREATE INDEX audit_unit ON audit(unit_id, id) WHERE unit_id IS NOT NULL;
CREATE INDEX audit_row ON audit(tbl, row_id, id);
${triggers()}
`,
};
