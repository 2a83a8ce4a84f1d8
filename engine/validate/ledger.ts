// The problem ledger (问题清单/整改台账/销号) as the API sees it: list a subtree's problems, add one by hand, record
// the rectification (measure, who, deadline), and accept it (验收销号) with a note.
import type Database from 'better-sqlite3';
import type { Problem, ProblemSeverity, Tier } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { stmt } from '../library/sql';
import { getUnit, unitPath } from '../catalog/units';

interface ProblemRow {
  id: number;
  unit_id: number;
  unit_tier: Tier;
  unit_name: string;
  rule_id: string | null;
  severity: ProblemSeverity;
  description: string;
  refs: string;
  measure: string;
  responsible_unit: string;
  responsible_person: string;
  deadline: string | null;
  status: 'open' | 'closed';
  closed_how: Problem['closedHow'];
  closed_by: string | null;
  closed_at: string | null;
  close_note: string | null;
  created_by: string;
  created_at: string;
}

/** Today on this machine's calendar (deadlines are local dates): past it, an open problem is overdue. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function toProblem(db: Database.Database, r: ProblemRow): Problem {
  return {
    id: r.id,
    unit: { id: r.unit_id, tier: r.unit_tier, name: r.unit_name },
    pathLabel: unitPath(db, r.unit_id).map((u) => u.name).join(' / '),
    ruleId: r.rule_id,
    severity: r.severity,
    description: r.description,
    refs: JSON.parse(r.refs) as Problem['refs'],
    measure: r.measure,
    responsibleUnit: r.responsible_unit,
    responsiblePerson: r.responsible_person,
    deadline: r.deadline,
    overdue: r.status === 'open' && r.deadline !== null && r.deadline < localToday(),
    status: r.status,
    closedHow: r.closed_how,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    closeNote: r.close_note,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

const SELECT = `SELECT p.*, u.tier AS unit_tier, u.name AS unit_name FROM problem p JOIN unit u ON u.id = p.unit_id`;

export function getProblem(db: Database.Database, id: number): Problem {
  const row = stmt(db, `${SELECT} WHERE p.id = ?`).get(id) as ProblemRow | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该问题（编号 ${id}）`);
  return toProblem(db, row);
}

export interface ProblemQuery {
  unitId: number;
  status: 'open' | 'closed' | 'all';
  severity?: ProblemSeverity;
  limit: number;
  offset: number;
}

/** Problems of the unit's subtree: errors first, overdue first, then by place. */
export function listProblems(db: Database.Database, q: ProblemQuery): { total: number; problems: Problem[] } {
  getUnit(db, q.unitId);
  const where = `p.unit_id IN (SELECT id FROM sub) AND (? = 'all' OR p.status = ?) AND (? IS NULL OR p.severity = ?)`;
  const sub = `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)`;
  const args = [q.unitId, q.status, q.status, q.severity ?? null, q.severity ?? null];
  const total = (stmt(db, `${sub} SELECT count(*) AS n FROM problem p WHERE ${where}`).get(...args) as { n: number }).n;
  const rows = stmt(
    db,
    `${sub} ${SELECT} WHERE ${where}
      ORDER BY p.status = 'closed', p.severity = 'warning', (p.deadline IS NOT NULL AND p.deadline < ?) DESC, p.unit_id, p.id
      LIMIT ? OFFSET ?`,
  ).all(...args, localToday(), q.limit, q.offset) as ProblemRow[];
  return { total, problems: rows.map((r) => toProblem(db, r)) };
}

export interface Rectification {
  measure?: string;
  responsibleUnit?: string;
  responsiblePerson?: string;
  deadline?: string | null;
}

export function addProblem(
  db: Database.Database,
  input: { unitId: number; severity: ProblemSeverity; description: string; createdBy: string } & Rectification,
): Problem {
  getUnit(db, input.unitId);
  const id = Number(
    stmt(
      db,
      `INSERT INTO problem (unit_id, severity, description, measure, responsible_unit, responsible_person, deadline, created_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(input.unitId, input.severity, input.description, input.measure ?? '', input.responsibleUnit ?? '', input.responsiblePerson ?? '', input.deadline ?? null, input.createdBy)
      .lastInsertRowid,
  );
  return getProblem(db, id);
}

export function updateProblem(db: Database.Database, id: number, r: Rectification): Problem {
  const p = getProblem(db, id);
  stmt(db, 'UPDATE problem SET measure = ?, responsible_unit = ?, responsible_person = ?, deadline = ? WHERE id = ?').run(
    r.measure ?? p.measure,
    r.responsibleUnit ?? p.responsibleUnit,
    r.responsiblePerson ?? p.responsiblePerson,
    r.deadline === undefined ? p.deadline : r.deadline,
    id,
  );
  return getProblem(db, id);
}

/** 验收销号: a reviewer accepts the rectification; the problem stays closed even if its rule still finds it. */
export function acceptProblem(db: Database.Database, id: number, by: string, note: string): Problem {
  const p = getProblem(db, id);
  if (p.status === 'closed') throw new DangkaError('INVALID_INPUT', '该问题已经销号');
  stmt(
    db,
    `UPDATE problem SET status = 'closed', closed_how = 'accepted', closed_by = ?, close_note = ?,
            closed_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(by, note, id);
  return getProblem(db, id);
}
