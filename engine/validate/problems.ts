// The problem ledger (问题清单 / 整改台账) kept in step with the checks: a new finding opens a problem; the same
// defect found again updates its description; a problem whose rule no longer finds it closes (销号, closed_how
// 'rule_passed'), and opens again if the defect comes back. A problem a reviewer accepted stays closed; a problem a
// reviewer added by hand is never touched by the checks.
import type Database from 'better-sqlite3';
import { stmt } from '../library/sql';
import type { Finding } from './model';

export function syncProblems(db: Database.Database, findings: readonly Finding[], unitIds: readonly number[], rulesRun: ReadonlySet<string>): void {
  db.exec('CREATE TEMP TABLE IF NOT EXISTS check_scope (unit_id INTEGER PRIMARY KEY); DELETE FROM check_scope;');
  db.exec('CREATE TEMP TABLE IF NOT EXISTS check_found (finding_key TEXT PRIMARY KEY); DELETE FROM check_found;');
  const scope = stmt(db, 'INSERT INTO check_scope (unit_id) VALUES (?)');
  for (const id of unitIds) scope.run(id);
  const found = stmt(db, 'INSERT OR IGNORE INTO check_found (finding_key) VALUES (?)');
  const upsert = stmt(
    db,
    `INSERT INTO problem (unit_id, rule_id, finding_key, severity, description, refs) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (finding_key) DO UPDATE SET
       unit_id = excluded.unit_id, severity = excluded.severity, description = excluded.description, refs = excluded.refs,
       status = CASE WHEN problem.closed_how = 'accepted' THEN problem.status ELSE 'open' END,
       closed_how = CASE WHEN problem.closed_how = 'accepted' THEN 'accepted' ELSE NULL END,
       closed_by = CASE WHEN problem.closed_how = 'accepted' THEN problem.closed_by ELSE NULL END,
       closed_at = CASE WHEN problem.closed_how = 'accepted' THEN problem.closed_at ELSE NULL END`,
  );
  for (const f of findings) {
    found.run(f.key);
    upsert.run(f.unitId, f.ruleId, f.key, f.severity, f.message, JSON.stringify(f.refs));
  }
  const close = stmt(
    db,
    `UPDATE problem SET status = 'closed', closed_how = 'rule_passed', closed_by = '系统检查',
            closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), close_note = '复查已通过'
      WHERE status = 'open' AND rule_id = ? AND unit_id IN (SELECT unit_id FROM check_scope)
        AND finding_key NOT IN (SELECT finding_key FROM check_found)`,
  );
  for (const rule of rulesRun) close.run(rule);
}
