// The problem ledger (问题清单/整改台账/销号) as the API sees it: list a subtree's problems, add one by hand, record
// the rectification plan (measure, who, deadline, planned acceptance), report it done (已整改待验收), and a
// reviewer's 验收销号 (note + name) or 退回整改 (reason). Only a person closes a problem (seeds 002, 004).
import type Database from 'better-sqlite3';
import type { Problem, ProblemSeverity, ProblemStage, Tier } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { stmt } from '../library/sql';
import { getUnit, unitPath } from '../catalog/units';
import type { WriteDb } from '../library/handles';
import { closeAccepted, insertProblem, markRectified, markReturned, setRectificationPlan } from './problems';

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
  rectified_at: string | null;
  acceptance_due: string | null;
  acceptance_unit: string;
  returned_reason: string | null;
  returned_by: string | null;
  returned_at: string | null;
  round_id: number | null;
}

function stageOf(r: Pick<ProblemRow, 'status' | 'rectified_at' | 'returned_at'>): ProblemStage {
  if (r.status === 'closed') return 'closed';
  if (r.rectified_at !== null) return 'rectified';
  return r.returned_at !== null ? 'returned' : 'open';
}

/** Not rectified by its 整改时限, or rectified and not accepted by its planned 验收时间. */
const OVERDUE_SQL = `(p.status = 'open' AND ((p.rectified_at IS NULL AND p.deadline IS NOT NULL AND p.deadline < ?)
                      OR (p.rectified_at IS NOT NULL AND p.acceptance_due IS NOT NULL AND p.acceptance_due < ?)))`;

/** Today on this machine's calendar (deadlines are local dates): past it, an open problem is overdue. */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function toProblem(db: Database.Database, r: ProblemRow): Problem {
  const stage = stageOf(r);
  const today = localToday();
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
    overdue:
      (stage === 'open' || stage === 'returned')
        ? r.deadline !== null && r.deadline < today
        : stage === 'rectified' && r.acceptance_due !== null && r.acceptance_due < today,
    status: r.status,
    stage,
    closedHow: r.closed_how,
    closedBy: r.closed_by,
    closedAt: r.closed_at,
    closeNote: r.close_note,
    createdBy: r.created_by,
    createdAt: r.created_at,
    rectifiedAt: r.rectified_at,
    acceptanceDue: r.acceptance_due,
    acceptanceUnit: r.acceptance_unit,
    returnedReason: r.returned_reason,
    returnedBy: r.returned_by,
    returnedAt: r.returned_at,
    roundId: r.round_id,
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
  /** open: not yet accepted (待整改, 退回整改 and 已整改待验收); rectified: only those waiting for acceptance. */
  status: 'open' | 'rectified' | 'closed' | 'all';
  severity?: ProblemSeverity;
  /** Only the problems of one review round. */
  roundId?: number;
  limit: number;
  offset: number;
}

/** Problems of the unit's subtree: open first, errors first, overdue first, then by place. */
export function listProblems(db: Database.Database, q: ProblemQuery): { total: number; problems: Problem[] } {
  getUnit(db, q.unitId);
  const where = `p.unit_id IN (SELECT id FROM sub)
    AND (? = 'all' OR (? = 'rectified' AND p.status = 'open' AND p.rectified_at IS NOT NULL) OR p.status = ?)
    AND (? IS NULL OR p.severity = ?) AND (? IS NULL OR p.round_id = ?)`;
  const sub = `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)`;
  const args = [q.unitId, q.status, q.status, q.status, q.severity ?? null, q.severity ?? null, q.roundId ?? null, q.roundId ?? null];
  const total = (stmt(db, `${sub} SELECT count(*) AS n FROM problem p WHERE ${where}`).get(...args) as { n: number }).n;
  const today = localToday();
  const rows = stmt(
    db,
    `${sub} ${SELECT} WHERE ${where}
      ORDER BY p.status = 'closed', p.severity = 'warning', ${OVERDUE_SQL} DESC, p.unit_id, p.id
      LIMIT ? OFFSET ?`,
  ).all(...args, today, today, q.limit, q.offset) as ProblemRow[];
  return { total, problems: rows.map((r) => toProblem(db, r)) };
}

export interface Rectification {
  measure?: string;
  responsibleUnit?: string;
  responsiblePerson?: string;
  deadline?: string | null;
  acceptanceDue?: string | null;
  acceptanceUnit?: string;
}

export function addProblem(
  db: WriteDb,
  input: { unitId: number; severity: ProblemSeverity; description: string; createdBy: string; roundId?: number | null } & Rectification,
): Problem {
  getUnit(db, input.unitId);
  if (input.roundId != null && !stmt(db, 'SELECT 1 FROM review_round WHERE id = ?').get(input.roundId)) throw new DangkaError('NOT_FOUND', `没有找到该核查轮次（编号 ${input.roundId}）`);
  const id = insertProblem(db, {
    unitId: input.unitId,
    severity: input.severity,
    description: input.description,
    measure: input.measure ?? '',
    responsibleUnit: input.responsibleUnit ?? '',
    responsiblePerson: input.responsiblePerson ?? '',
    deadline: input.deadline ?? null,
    acceptanceDue: input.acceptanceDue ?? null,
    acceptanceUnit: input.acceptanceUnit ?? '',
    roundId: input.roundId ?? null,
    createdBy: input.createdBy,
  });
  return getProblem(db, id);
}

export function updateProblem(db: WriteDb, id: number, r: Rectification): Problem {
  const p = getProblem(db, id);
  if (p.status === 'closed') throw new DangkaError('INVALID_INPUT', '该问题已经验收销号，不能再修改整改内容');
  const deadline = r.deadline === undefined ? p.deadline : r.deadline;
  const acceptanceDue = r.acceptanceDue === undefined ? p.acceptanceDue : r.acceptanceDue;
  if (deadline && acceptanceDue && acceptanceDue < deadline) throw new DangkaError('INVALID_INPUT', `验收时间（${acceptanceDue}）不能早于整改时限（${deadline}）`);
  setRectificationPlan(db, id, {
    measure: r.measure ?? p.measure,
    responsibleUnit: r.responsibleUnit ?? p.responsibleUnit,
    responsiblePerson: r.responsiblePerson ?? p.responsiblePerson,
    deadline,
    acceptanceDue,
    acceptanceUnit: r.acceptanceUnit ?? p.acceptanceUnit,
  });
  return getProblem(db, id);
}

/**
 * 整改完成: the clerk reports a problem rectified, for a reviewer to accept. A rule's problem that the check still
 * finds cannot be reported done (re-check after the correction); the checks report a passing rule themselves.
 */
export function reportRectified(db: WriteDb, id: number): Problem {
  const p = getProblem(db, id);
  if (p.status === 'closed') throw new DangkaError('INVALID_INPUT', '该问题已经验收销号');
  if (p.stage === 'rectified') return p;
  if (p.ruleId !== null && (stmt(db, 'SELECT found FROM problem WHERE id = ?').get(id) as { found: number }).found === 1) throw new DangkaError('INVALID_INPUT', '检查仍发现该问题：请先改正并重新检查，再提交验收');
  markRectified(db, id);
  return getProblem(db, id);
}

/**
 * 验收销号: a person of the review team accepts the rectification with a note and their name; the problem stays
 * closed even if its rule finds it again. A problem not yet reported rectified can be accepted only with a note
 * saying why (核实无误: the reviewer judged the finding not a defect).
 */
export function acceptProblem(db: WriteDb, id: number, by: string, note: string): Problem {
  const p = getProblem(db, id);
  if (p.status === 'closed') throw new DangkaError('INVALID_INPUT', '该问题已经销号');
  closeAccepted(db, id, by, note);
  return getProblem(db, id);
}

/** 退回整改: the reviewer does not accept the rectification; the problem is open again with the reason. */
export function returnProblem(db: WriteDb, id: number, by: string, reason: string): Problem {
  const p = getProblem(db, id);
  if (p.stage !== 'rectified') throw new DangkaError('INVALID_INPUT', `只有“已整改待验收”的问题可以退回整改（该问题为“${p.status === 'closed' ? '已销号' : '待整改'}”）`);
  markReturned(db, id, by, reason);
  return getProblem(db, id);
}
