// 核查 → 复核 → 审核: a unit's review stages, each signed off by a named reviewer with a result. A stage can be
// signed only after the one before it has passed; signing again adds a new entry (the trail keeps every one).
import type Database from 'better-sqlite3';
import { REVIEW_STAGES, type ReviewSignoff, type ReviewStage } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { getUnit } from '../catalog/units';
import { stmt } from '../library/sql';

interface Row {
  id: number;
  unit_id: number;
  stage: ReviewStage;
  reviewer: string;
  result: ReviewSignoff['result'];
  note: string;
  signed_at: string;
}

export function listSignoffs(db: Database.Database, unitId: number): ReviewSignoff[] {
  return (stmt(db, 'SELECT * FROM review_signoff WHERE unit_id = ? ORDER BY id').all(unitId) as Row[]).map((r) => ({
    id: r.id,
    unitId: r.unit_id,
    stage: r.stage,
    reviewer: r.reviewer,
    result: r.result,
    note: r.note,
    signedAt: r.signed_at,
  }));
}

export function signOff(db: Database.Database, input: { unitId: number; stage: ReviewStage; reviewer: string; result: ReviewSignoff['result']; note: string }): ReviewSignoff[] {
  getUnit(db, input.unitId);
  const index = REVIEW_STAGES.indexOf(input.stage);
  if (index > 0) {
    const previous = REVIEW_STAGES[index - 1]!;
    const passed = listSignoffs(db, input.unitId).filter((s) => s.stage === previous).at(-1)?.result === '通过';
    if (!passed) throw new DangkaError('INVALID_INPUT', `请先完成“${previous}”并通过，再进行“${input.stage}”`);
  }
  stmt(db, 'INSERT INTO review_signoff (unit_id, stage, reviewer, result, note) VALUES (?, ?, ?, ?, ?)').run(
    input.unitId,
    input.stage,
    input.reviewer,
    input.result,
    input.note,
  );
  return listSignoffs(db, input.unitId);
}
