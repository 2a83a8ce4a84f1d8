// The clerk's safe corrections of a household (issue 15 item 3): its own facts, its members, and its 户类型 as a dated
// event (动态调整). Each runs inside the caller's write transaction (it takes the writable handle, library/handles.ts)
// with a reason the clerk typed: the triggers of migration 0060 record the old → new values, and one event beside them records the reason, so the 操作记录 reads "why" next to "what".
import { HOUSEHOLD_STATUS_LABEL, type HouseholdStatus } from '../../shared/domain';
import type { HouseholdCorrection, MemberCorrection, StatusEvent } from '../../shared/corrections';
import { DangkaError } from '../../shared/errors';
import { ID_PROBLEM_MESSAGE, parseIdNumber } from '../../shared/idNumber';
import { currentActor, recordEvent } from '../audit/trail';
import type { ReadDb, WriteDb } from '../library/handles';
import { stmt } from '../library/sql';
import { setHouseholdContactFacts, setHouseholdStatusRow, setMemberIdentity } from './householdRecords';
import type { HouseholdRow } from './households';
import { touchUnit } from './units';

const HEAD = '户主';

function householdRow(db: ReadDb, id: number): HouseholdRow {
  const row = stmt(db, 'SELECT * FROM household WHERE unit_id = ?').get(id) as HouseholdRow | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该户（编号 ${id}）`);
  return row;
}

/** 自然村, 联系电话 and 人数 of a household; only the fields given change. */
export function correctHousehold(db: WriteDb, id: number, change: HouseholdCorrection, reason: string): void {
  const before = householdRow(db, id);
  const after = {
    natural_village: change.naturalVillage !== undefined ? change.naturalVillage || null : before.natural_village,
    phone: change.phone !== undefined ? change.phone || null : before.phone,
    declared_size: change.declaredSize !== undefined ? change.declaredSize : before.declared_size,
  };
  const changed = Object.entries(after).filter(([k, v]) => before[k as keyof HouseholdRow] !== v);
  if (changed.length === 0) throw new DangkaError('INVALID_INPUT', '没有改动任何内容');
  setHouseholdContactFacts(db, id, { naturalVillage: after.natural_village, phone: after.phone, declaredSize: after.declared_size });
  touchUnit(db, id);
  recordEvent(db, '更正户信息', { fields: changed.map(([k]) => k), reason }, id);
}

interface MemberRow {
  id: number;
  household_id: number;
  name: string;
  id_number: string;
  relation: string;
  sex: '男' | '女' | null;
  birth_date: string | null;
}

/**
 * A member's 姓名, 身份证号 (GB 11643: format, birth date, check digit; the 性别 and 出生日期 follow the number) and
 * 与户主关系 (the household keeps exactly one 户主; making someone 户主 needs the former head changed in the same step
 * — the clerk corrects the former head first to another relation).
 */
export function correctMember(db: WriteDb, memberId: number, change: MemberCorrection, reason: string): void {
  const before = stmt(db, 'SELECT id, household_id, name, id_number, relation, sex, birth_date FROM member WHERE id = ?').get(memberId) as MemberRow | undefined;
  if (!before) throw new DangkaError('NOT_FOUND', `没有找到该家庭成员（编号 ${memberId}）`);
  const after = { ...before };
  if (change.name !== undefined) after.name = change.name;
  if (change.relation !== undefined) after.relation = change.relation;
  if (change.idNumber !== undefined) {
    const parsed = parseIdNumber(change.idNumber);
    if (!parsed.ok) throw new DangkaError('INVALID_INPUT', ID_PROBLEM_MESSAGE[parsed.problem]);
    after.id_number = parsed.info.idNumber;
    after.sex = parsed.info.sex;
    after.birth_date = parsed.info.birthDate;
    const elsewhere = stmt(db, 'SELECT m.name, u.name AS household FROM member m JOIN unit u ON u.id = m.household_id WHERE m.id_number = ? AND m.id <> ?').get(after.id_number, memberId) as
      | { name: string; household: string }
      | undefined;
    if (elsewhere) throw new DangkaError('INVALID_INPUT', `该身份证号已属于“${elsewhere.household}”的 ${elsewhere.name}，一人只能在一户`);
  }
  const fields = (['name', 'id_number', 'relation'] as const).filter((k) => before[k] !== after[k]);
  if (fields.length === 0) throw new DangkaError('INVALID_INPUT', '没有改动任何内容');
  if (before.relation !== after.relation) {
    const heads = (stmt(db, 'SELECT count(*) AS n FROM member WHERE household_id = ? AND relation = ? AND id <> ?').get(before.household_id, HEAD, memberId) as { n: number }).n + (after.relation === HEAD ? 1 : 0);
    if (heads === 0) throw new DangkaError('INVALID_INPUT', `每户必须有一名“${HEAD}”：请先把另一名成员改为户主`);
    if (heads > 1) throw new DangkaError('INVALID_INPUT', `该户已有“${HEAD}”：请先把原户主改为其他关系`);
  }
  setMemberIdentity(db, memberId, { name: after.name, idNumber: after.id_number, relation: after.relation, sex: after.sex, birthDate: after.birth_date });
  touchUnit(db, before.household_id);
  recordEvent(db, '更正家庭成员', { member: after.name, fields, reason }, before.household_id);
}

/**
 * 动态调整: the household's 户类型 changes on `effectiveDate` for `reason`. The event is kept (listed on the household,
 * in date order); the household's current 户类型, which the four ledgers read, is the one of its latest event.
 */
export function changeHouseholdStatus(db: WriteDb, id: number, to: HouseholdStatus, effectiveDate: string, reason: string): void {
  const { status: from } = householdRow(db, id);
  if (from === to) throw new DangkaError('INVALID_INPUT', `该户已是“${HOUSEHOLD_STATUS_LABEL[to]}”`);
  const latest = stmt(db, 'SELECT max(effective_date) AS d FROM household_status_event WHERE household_id = ?').get(id) as { d: string | null };
  if (latest.d !== null && effectiveDate < latest.d) {
    throw new DangkaError('INVALID_INPUT', `调整日期不能早于上一次调整（${latest.d}）`);
  }
  const today = new Date().toISOString().slice(0, 10);
  if (effectiveDate > today) throw new DangkaError('INVALID_INPUT', '调整日期不能晚于今天');
  stmt(db, 'INSERT INTO household_status_event (household_id, from_status, to_status, effective_date, reason, recorded_by) VALUES (?, ?, ?, ?, ?, ?)').run(
    id,
    from,
    to,
    effectiveDate,
    reason,
    currentActor().name,
  );
  setHouseholdStatusRow(db, id, to);
  touchUnit(db, id);
  recordEvent(db, '户类型调整', { effectiveDate, from: HOUSEHOLD_STATUS_LABEL[from], to: HOUSEHOLD_STATUS_LABEL[to], reason }, id);
}

export function statusEvents(db: ReadDb, householdId: number): StatusEvent[] {
  householdRow(db, householdId);
  return stmt(
    db,
    `SELECT id, from_status AS "from", to_status AS "to", effective_date AS effectiveDate, reason, recorded_by AS recordedBy, recorded_at AS recordedAt
       FROM household_status_event WHERE household_id = ? ORDER BY effective_date DESC, id DESC`,
  ).all(householdId) as StatusEvent[];
}
