// 核查 → 复核 → 审核 in review rounds (核查轮次, seed 002): a round names its scope, each stage's deadline and group
// (复核 by two people, 审核 completed by the group's leader, the 挂片领导). A stage is signed only after the one before
// it is done; one person signs one stage of a unit in a round (who checks does not re-check); every signature keeps
// who, when, result and opinion — signing again adds an entry, the latest of each person counts.
import type Database from 'better-sqlite3';
import { REVIEW_STAGES, type ReviewSignoff, type ReviewStage } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { ReviewRound, RoundProgress, StageProgress } from '../../shared/inspection';
import { getUnit, unitPath } from '../catalog/units';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { localToday } from './ledger';

interface Row {
  id: number;
  unit_id: number;
  stage: ReviewStage;
  reviewer: string;
  result: ReviewSignoff['result'];
  note: string;
  signed_at: string;
  round_id: number | null;
}

const toSignoff = (r: Row): ReviewSignoff => ({
  id: r.id,
  unitId: r.unit_id,
  stage: r.stage,
  reviewer: r.reviewer,
  result: r.result,
  note: r.note,
  signedAt: r.signed_at,
  roundId: r.round_id,
});

/** A unit's signatures, of one round or all. */
export function listSignoffs(db: Database.Database, unitId: number, roundId?: number): ReviewSignoff[] {
  const rows = (roundId === undefined
    ? stmt(db, 'SELECT * FROM review_signoff WHERE unit_id = ? ORDER BY id').all(unitId)
    : stmt(db, 'SELECT * FROM review_signoff WHERE unit_id = ? AND round_id = ? ORDER BY id').all(unitId, roundId)) as Row[];
  return rows.map(toSignoff);
}

export interface RoundInput {
  name: string;
  note: string;
  unitIds: number[];
  stages: { stage: ReviewStage; deadline: string | null; members: { person: string; leader: boolean }[] }[];
  createdBy: string;
}

export function createRound(db: Database.Database, input: RoundInput): ReviewRound {
  if (stmt(db, 'SELECT 1 FROM review_round WHERE name = ?').get(input.name)) throw new DangkaError('INVALID_INPUT', `已有名为“${input.name}”的核查轮次`);
  for (const id of input.unitIds) getUnit(db, id);
  const byStage = new Map(input.stages.map((s) => [s.stage, s]));
  const seen = new Map<string, ReviewStage>();
  for (const stage of REVIEW_STAGES) {
    const s = byStage.get(stage);
    const people = s?.members.map((m) => m.person.trim()).filter(Boolean) ?? [];
    if (people.length === 0) throw new DangkaError('INVALID_INPUT', `请填写“${stage}”组的人员`);
    if (stage === '复核' && people.length < 2) throw new DangkaError('INVALID_INPUT', '复核组至少两人（两人复核）');
    if (stage === '审核' && s!.members.filter((m) => m.leader).length !== 1) throw new DangkaError('INVALID_INPUT', '审核组须指定一名组长（挂片领导）');
    for (const p of people) {
      const other = seen.get(p);
      if (other) throw new DangkaError('INVALID_INPUT', `${p}已在“${other}”组：同一人不能参加同一轮次的两个环节`);
      seen.set(p, stage);
    }
  }
  const deadlines = REVIEW_STAGES.map((st) => byStage.get(st)!.deadline);
  for (let i = 1; i < deadlines.length; i++) {
    const [before, after] = [deadlines[i - 1], deadlines[i]];
    if (before && after && after < before) throw new DangkaError('INVALID_INPUT', `“${REVIEW_STAGES[i]}”的期限（${after}）早于“${REVIEW_STAGES[i - 1]}”的期限（${before}）`);
  }
  const id = db.transaction(() => {
    const roundId = Number(stmt(db, 'INSERT INTO review_round (name, note, created_by) VALUES (?, ?, ?)').run(input.name, input.note, input.createdBy).lastInsertRowid);
    for (const unitId of new Set(input.unitIds)) stmt(db, 'INSERT INTO review_round_unit (round_id, unit_id) VALUES (?, ?)').run(roundId, unitId);
    for (const stage of REVIEW_STAGES) {
      const s = byStage.get(stage)!;
      stmt(db, 'INSERT INTO review_round_stage (round_id, stage, deadline, min_signers) VALUES (?, ?, ?, ?)').run(roundId, stage, s.deadline, stage === '复核' ? 2 : 1);
      for (const m of s.members) {
        if (m.person.trim()) stmt(db, 'INSERT INTO review_round_member (round_id, stage, person, is_leader) VALUES (?, ?, ?, ?)').run(roundId, stage, m.person.trim(), m.leader ? 1 : 0);
      }
    }
    return roundId;
  })();
  return getRound(db, id);
}

export function getRound(db: Database.Database, id: number): ReviewRound {
  const r = stmt(db, 'SELECT * FROM review_round WHERE id = ?').get(id) as { id: number; name: string; note: string; created_by: string; created_at: string } | undefined;
  if (!r) throw new DangkaError('NOT_FOUND', `没有找到该核查轮次（编号 ${id}）`);
  const units = stmt(db, 'SELECT u.id, u.tier, u.name FROM review_round_unit r JOIN unit u ON u.id = r.unit_id WHERE r.round_id = ? ORDER BY u.id').all(id) as ReviewRound['units'];
  const stages = stmt(db, 'SELECT stage, deadline, min_signers FROM review_round_stage WHERE round_id = ?').all(id) as { stage: ReviewStage; deadline: string | null; min_signers: number }[];
  const members = stmt(db, 'SELECT stage, person, is_leader FROM review_round_member WHERE round_id = ? ORDER BY is_leader DESC, person').all(id) as { stage: ReviewStage; person: string; is_leader: number }[];
  return {
    id: r.id,
    name: r.name,
    note: r.note,
    units,
    stages: REVIEW_STAGES.flatMap((stage) => {
      const s = stages.find((x) => x.stage === stage);
      if (!s) return [];
      return [{ stage, deadline: s.deadline, minSigners: s.min_signers, members: members.filter((m) => m.stage === stage).map((m) => ({ person: m.person, leader: m.is_leader === 1 })) }];
    }),
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export function listRounds(db: Database.Database): ReviewRound[] {
  return (stmt(db, 'SELECT id FROM review_round ORDER BY id DESC').all() as { id: number }[]).map((r) => getRound(db, r.id));
}

/** Rounds whose scope holds the unit or one of its ancestors, newest first. */
export function roundsCovering(db: Database.Database, unitId: number): ReviewRound[] {
  const ids = new Set(unitPath(db, unitId).map((u) => u.id));
  return listRounds(db).filter((r) => r.units.some((u) => ids.has(u.id)));
}

function stageProgress(stage: ReviewRound['stages'][number], signoffs: readonly ReviewSignoff[], today: string): StageProgress {
  const latest = new Map<string, ReviewSignoff>();
  for (const s of signoffs) if (s.stage === stage.stage) latest.set(s.reviewer, s);
  const signed = [...latest.values()].map((s) => ({ reviewer: s.reviewer, result: s.result, signedAt: s.signedAt }));
  const passed = signed.filter((s) => s.result === '通过');
  const anyFailed = signed.some((s) => s.result === '不通过');
  const leader = stage.members.find((m) => m.leader)?.person;
  const done = !anyFailed && passed.length >= stage.minSigners && (stage.stage !== '审核' || leader === undefined || passed.some((s) => s.reviewer === leader));
  return { stage: stage.stage, deadline: stage.deadline, overdue: !done && stage.deadline !== null && stage.deadline < today, signed, done };
}

/** How far each round covering the unit got on it. */
export function roundProgress(db: Database.Database, unitId: number): RoundProgress[] {
  getUnit(db, unitId);
  const today = localToday();
  return roundsCovering(db, unitId).map((round) => {
    const signoffs = listSignoffs(db, unitId, round.id);
    const stages = round.stages.map((s) => stageProgress(s, signoffs, today));
    return { round: { id: round.id, name: round.name, units: round.units }, stages, next: stages.find((s) => !s.done)?.stage ?? null };
  });
}

export function signOff(
  db: Database.Database,
  input: { unitId: number; roundId?: number; stage: ReviewStage; reviewer: string; result: ReviewSignoff['result']; note: string },
): ReviewSignoff[] {
  getUnit(db, input.unitId);
  const earlier = listSignoffs(db, input.unitId, input.roundId).filter((s) => (input.roundId === undefined ? s.roundId === null : true));
  const other = earlier.find((s) => s.reviewer === input.reviewer && s.stage !== input.stage);
  if (other) throw new DangkaError('INVALID_INPUT', `${input.reviewer}已签“${other.stage}”：同一人不能签同一单位的两个环节（核查、复核、审核应由不同的人）`);
  const index = REVIEW_STAGES.indexOf(input.stage);
  if (input.roundId !== undefined) {
    const round = getRound(db, input.roundId);
    if (!roundsCovering(db, input.unitId).some((r) => r.id === round.id)) throw new DangkaError('INVALID_INPUT', `${getUnit(db, input.unitId).name}不在核查轮次“${round.name}”的范围内`);
    const stage = round.stages.find((s) => s.stage === input.stage)!;
    if (!stage.members.some((m) => m.person === input.reviewer)) {
      throw new DangkaError('INVALID_INPUT', `${input.reviewer}不在“${round.name}”的${input.stage}组（${stage.members.map((m) => m.person).join('、')}）`);
    }
    if (index > 0) {
      const previous = round.stages.find((s) => s.stage === REVIEW_STAGES[index - 1])!;
      if (!stageProgress(previous, earlier, localToday()).done) {
        throw new DangkaError('INVALID_INPUT', `请先完成“${previous.stage}”${previous.minSigners > 1 ? `（需${previous.minSigners}人签字通过）` : ''}，再进行“${input.stage}”`);
      }
    }
  } else if (index > 0) {
    const previous = REVIEW_STAGES[index - 1]!;
    const passed = earlier.filter((s) => s.stage === previous).at(-1)?.result === '通过';
    if (!passed) throw new DangkaError('INVALID_INPUT', `请先完成“${previous}”并通过，再进行“${input.stage}”`);
  }
  stmt(db, 'INSERT INTO review_signoff (unit_id, stage, reviewer, result, note, round_id) VALUES (?, ?, ?, ?, ?, ?)').run(
    input.unitId,
    input.stage,
    input.reviewer,
    input.result,
    input.note,
    input.roundId ?? null,
  );
  return listSignoffs(db, input.unitId, input.roundId);
}

/** The line under a problem ledger's title: each stage as signed (谁签字谁负责), of the round or of all signatures. */
/**
 * A sign-off another library recorded (a package's): kept as signed there — who, when, the result — once; a
 * package imported again adds nothing. The order of stages was enforced where it was signed.
 */
export function recordImportedSignoff(db: Database.Database, unitId: number, s: { stage: ReviewStage; reviewer: string; result: '通过' | '不通过'; note: string; signedAt: string }): void {
  const exists = stmt(db, 'SELECT 1 FROM review_signoff WHERE unit_id = ? AND stage = ? AND reviewer = ? AND signed_at = ?').get(unitId, s.stage, s.reviewer, s.signedAt);
  if (!exists) stmt(db, 'INSERT INTO review_signoff (unit_id, stage, reviewer, result, note, signed_at) VALUES (?, ?, ?, ?, ?, ?)').run(unitId, s.stage, s.reviewer, s.result, s.note, s.signedAt);
}

export function signatureNote(lib: Library, unitId: number, roundId: number | undefined): string {
  const signed = listSignoffs(lib.db, unitId, roundId);
  const prefix = roundId === undefined ? '' : `${getRound(lib.db, roundId).name}　`;
  return (
    prefix +
    REVIEW_STAGES.map((stage) => {
      const mine = signed.filter((x) => x.stage === stage);
      const latest = new Map(mine.map((s) => [s.reviewer, s]));
      return latest.size ? `${stage}：${[...latest.values()].map((s) => `${s.reviewer} ${s.result}（${s.signedAt.slice(0, 10)}）`).join('、')}` : `${stage}：未签`;
    }).join('　')
  );
}
