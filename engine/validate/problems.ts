// The problem ledger (问题清单 / 整改台账) kept in step with the checks: a new finding opens a problem (in the review
// round covering its unit, if any); the same defect found again updates its description and, if it had been
// rectified, opens it again; a problem whose rule no longer finds it becomes 已整改待验收 — never closed: only a
// person closes a problem (验收销号, seeds 002 and 004). After a 退回整改 the checks do not report it rectified again:
// the clerk does, once the reviewer's reason is dealt with. Accepted problems and problems added by hand are left alone.
// This module owns the problem table (tests/unit/tableOwners.test.ts): the ledger (ledger.ts) decides, these write,
// each taking the writable handle (library/handles.ts).
import type { WriteDb } from '../library/handles';
import { stmt } from '../library/sql';
import type { Finding } from './model';

/** The latest review round whose scope holds the unit (its one parameter) or an ancestor; NULL when none does. */
export const ROUND_OF_UNIT = `(WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM unit WHERE id = ?
                                UNION ALL SELECT u.id, u.parent_id FROM unit u JOIN up ON u.id = up.parent_id)
                              SELECT max(r.round_id) FROM review_round_unit r WHERE r.unit_id IN (SELECT id FROM up))`;

export function syncProblems(db: WriteDb, findings: readonly Finding[], unitIds: readonly number[], rulesRun: ReadonlySet<string>): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS check_scope (unit_id INTEGER PRIMARY KEY); DELETE FROM check_scope;');
  db.exec('CREATE TEMP TABLE IF NOT EXISTS check_found (finding_key TEXT PRIMARY KEY); DELETE FROM check_found;');
  const scope = stmt(db, 'INSERT INTO check_scope (unit_id) VALUES (?)');
  for (const id of unitIds) scope.run(id);
  const found = stmt(db, 'INSERT OR IGNORE INTO check_found (finding_key) VALUES (?)');
  const upsert = stmt(
    db,
    `INSERT INTO problem (unit_id, rule_id, finding_key, severity, description, refs, round_id)
     VALUES (?, ?, ?, ?, ?, ?, ${ROUND_OF_UNIT})
     ON CONFLICT (finding_key) DO UPDATE SET
       unit_id = excluded.unit_id, severity = excluded.severity, description = excluded.description, refs = excluded.refs,
       found = 1, rectified_at = CASE WHEN problem.status = 'closed' THEN problem.rectified_at ELSE NULL END`,
  );
  for (const f of findings) {
    found.run(f.key);
    upsert.run(f.unitId, f.ruleId, f.key, f.severity, f.message, JSON.stringify(f.refs), f.unitId);
  }
  const passed = stmt(
    db,
    `UPDATE problem SET found = 0,
            rectified_at = CASE WHEN rectified_at IS NULL AND returned_at IS NULL THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE rectified_at END
      WHERE status = 'open' AND found = 1 AND rule_id = ? AND unit_id IN (SELECT unit_id FROM check_scope)
        AND finding_key NOT IN (SELECT finding_key FROM check_found)`,
  );
  for (const rule of rulesRun) passed.run(rule);
}

/** What a rectification plan holds (整改措施, 责任单位/人, 整改时限, 验收时间/单位). */
export interface RectificationPlan {
  measure: string;
  responsibleUnit: string;
  responsiblePerson: string;
  deadline: string | null;
  acceptanceDue: string | null;
  acceptanceUnit: string;
}

/** A problem added by hand, in the review round covering its unit unless one is given; returns its id. */
export function insertProblem(
  db: WriteDb,
  p: { unitId: number; severity: string; description: string; roundId: number | null; createdBy: string } & RectificationPlan,
): number {
  return Number(
    stmt(
      db,
      `INSERT INTO problem (unit_id, severity, description, measure, responsible_unit, responsible_person, deadline, acceptance_due, acceptance_unit, round_id, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, ${ROUND_OF_UNIT}), ?)`,
    ).run(p.unitId, p.severity, p.description, p.measure, p.responsibleUnit, p.responsiblePerson, p.deadline, p.acceptanceDue, p.acceptanceUnit, p.roundId, p.unitId, p.createdBy)
      .lastInsertRowid,
  );
}

export function setRectificationPlan(db: WriteDb, id: number, plan: RectificationPlan): void {
  stmt(db, 'UPDATE problem SET measure = ?, responsible_unit = ?, responsible_person = ?, deadline = ?, acceptance_due = ?, acceptance_unit = ? WHERE id = ?').run(
    plan.measure,
    plan.responsibleUnit,
    plan.responsiblePerson,
    plan.deadline,
    plan.acceptanceDue,
    plan.acceptanceUnit,
    id,
  );
}

/** 已整改待验收 (a former 退回整改 reason is cleared). */
export function markRectified(db: WriteDb, id: number): void {
  stmt(db, `UPDATE problem SET rectified_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), returned_reason = NULL, returned_by = NULL, returned_at = NULL WHERE id = ?`).run(id);
}

/** 验收销号 by a person, with their note. */
export function closeAccepted(db: WriteDb, id: number, by: string, note: string): void {
  stmt(
    db,
    `UPDATE problem SET status = 'closed', closed_how = 'accepted', closed_by = ?, close_note = ?,
            closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(by, note, id);
}

/** 退回整改: open again, with the reviewer's reason. */
export function markReturned(db: WriteDb, id: number, by: string, reason: string): void {
  stmt(
    db,
    `UPDATE problem SET rectified_at = NULL, returned_reason = ?, returned_by = ?, returned_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(reason, by, id);
}
