import { json, record } from './0060_trust';
import type { Migration } from './index';

/** Audit triggers for columns this migration adds to an audited table (0060 audits the columns it knew of). */
function auditAdded(table: string, key: string, columns: string[], unit: (row: 'NEW' | 'OLD') => string): string {
  return `
CREATE TRIGGER audit_${table}_update_0080 AFTER UPDATE ON ${table} WHEN ${columns.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')} BEGIN
  ${record(table, 'update', `NEW.${key}`, unit('NEW'), json(columns, 'OLD'), json(columns, 'NEW'))}
END;`;
}

function auditNew(table: string, key: string, columns: string[], unit: (row: 'NEW' | 'OLD') => string): string {
  return `
CREATE TRIGGER audit_${table}_insert AFTER INSERT ON ${table} BEGIN
  ${record(table, 'insert', `NEW.${key}`, unit('NEW'), 'NULL', json(columns, 'NEW'))}
END;
CREATE TRIGGER audit_${table}_update AFTER UPDATE ON ${table} WHEN ${columns.map((c) => `NEW.${c} IS NOT OLD.${c}`).join(' OR ')} BEGIN
  ${record(table, 'update', `NEW.${key}`, unit('NEW'), json(columns, 'OLD'), json(columns, 'NEW'))}
END;
CREATE TRIGGER audit_${table}_delete AFTER DELETE ON ${table} BEGIN
  ${record(table, 'delete', `OLD.${key}`, unit('OLD'), json(columns, 'OLD'), 'NULL')}
END;`;
}

export const m0080_acceptance_rounds: Migration = {
  version: 80,
  name: 'acceptance by people (已整改待验收, 退回整改, 验收时间/单位), review rounds with stages, groups and round-bound signatures',
  sql: /* sql */ `
-- 验收销号 by people only (seeds 002, 004). A problem whose rule passes again is 已整改待验收 (rectified_at), still
-- open until a reviewer accepts it (status 'closed', closed_how 'accepted') or sends it back (退回整改: returned_*,
-- rectified_at cleared). Problems the system closed before this version are reopened as 已整改待验收.
ALTER TABLE problem ADD COLUMN rectified_at TEXT;
ALTER TABLE problem ADD COLUMN acceptance_due TEXT;                       -- planned 验收时间, YYYY-MM-DD
ALTER TABLE problem ADD COLUMN acceptance_unit TEXT NOT NULL DEFAULT ''; -- 验收责任单位
ALTER TABLE problem ADD COLUMN returned_reason TEXT;
ALTER TABLE problem ADD COLUMN returned_by TEXT;
ALTER TABLE problem ADD COLUMN returned_at TEXT;
ALTER TABLE problem ADD COLUMN found INTEGER NOT NULL DEFAULT 1;           -- a rule's problem: did the last check find it?
ALTER TABLE problem ADD COLUMN round_id INTEGER REFERENCES review_round(id) ON DELETE SET NULL;
UPDATE problem SET status = 'open', found = 0, rectified_at = closed_at, closed_how = NULL, closed_by = NULL, closed_at = NULL, close_note = NULL
 WHERE closed_how = 'rule_passed';
CREATE INDEX problem_round ON problem(round_id) WHERE round_id IS NOT NULL;
${auditAdded('problem', 'id', ['rectified_at', 'acceptance_due', 'acceptance_unit', 'returned_reason', 'returned_by', 'round_id'], (r) => `${r}.unit_id`)}

-- 核查轮次: a review round (2020年对标查短补短, 回头看) over a scope of units, with a deadline per stage and the
-- people of each stage's group (seed 002: 核查 and 复核 by two-person groups, 审核 by a group led by the 挂片领导).
CREATE TABLE review_round (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  note       TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL,
  created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;
CREATE TABLE review_round_unit (
  round_id INTEGER NOT NULL REFERENCES review_round(id) ON DELETE CASCADE,
  unit_id  INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE,
  PRIMARY KEY (round_id, unit_id)
) STRICT;
CREATE TABLE review_round_stage (
  round_id     INTEGER NOT NULL REFERENCES review_round(id) ON DELETE CASCADE,
  stage        TEXT NOT NULL CHECK (stage IN ('核查', '复核', '审核')),
  deadline     TEXT,                             -- YYYY-MM-DD
  min_signers  INTEGER NOT NULL DEFAULT 1,       -- different people whose 通过 completes the stage
  PRIMARY KEY (round_id, stage)
) STRICT;
CREATE TABLE review_round_member (
  round_id  INTEGER NOT NULL REFERENCES review_round(id) ON DELETE CASCADE,
  stage     TEXT NOT NULL CHECK (stage IN ('核查', '复核', '审核')),
  person    TEXT NOT NULL,                       -- display name, as signatures carry it
  is_leader INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (round_id, stage, person)
) STRICT;
-- A person belongs to one stage's group of a round (who checks does not re-check).
CREATE UNIQUE INDEX review_round_member_person ON review_round_member(round_id, person);

-- Signatures belong to a round (NULL: signed before rounds existed). One person signs one stage of a unit per round.
ALTER TABLE review_signoff ADD COLUMN round_id INTEGER REFERENCES review_round(id) ON DELETE CASCADE;
CREATE INDEX review_signoff_round ON review_signoff(round_id, unit_id);
CREATE TRIGGER review_signoff_one_stage_per_person BEFORE INSERT ON review_signoff
  WHEN NEW.round_id IS NOT NULL AND EXISTS (SELECT 1 FROM review_signoff s WHERE s.round_id = NEW.round_id AND s.unit_id = NEW.unit_id
                                                AND s.reviewer = NEW.reviewer AND s.stage <> NEW.stage)
BEGIN
  SELECT RAISE(ABORT, '同一轮次中同一人不能签同一单位的两个环节');
END;
${auditAdded('review_signoff', 'id', ['round_id'], (r) => `${r}.unit_id`)}
${auditNew('review_round', 'id', ['name', 'note', 'created_by'], () => 'NULL')}
${auditNew('review_round_unit', 'round_id', ['unit_id'], (r) => `${r}.unit_id`)}
${auditNew('review_round_stage', 'round_id', ['stage', 'deadline', 'min_signers'], () => 'NULL')}
${auditNew('review_round_member', 'round_id', ['stage', 'person', 'is_leader'], () => 'NULL')}
`,
};
