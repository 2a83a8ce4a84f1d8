// The owner of the household and member tables (tests/unit/tableOwners.test.ts): every write of a household's record
// and its members is here, used by the roster import, package import, the demo county and the clerk's corrections.
// Each write takes the writable handle (library/handles.ts), so it runs only inside the one writer's transaction.
import type { HouseholdStatus } from '../../shared/domain';
import type { WriteDb } from '../library/handles';
import { stmt } from '../library/sql';

export interface HouseholdRecord {
  householdNo: string;
  naturalVillage: string | null;
  attribute: string | null;
  mainCause: string | null;
  exitYear: number | null;
  perCapitaIncome: number | null;
  phone: string | null;
  declaredSize: number | null;
  status: HouseholdStatus;
}

export interface MemberRecord {
  name: string;
  idNumber: string;
  relation: string;
  /** Unknown only in a package from a library that lacked them (the roster always gives both). */
  sex: '男' | '女' | null;
  birthDate: string | null;
  ethnicity: string | null;
  education: string | null;
  health: string | null;
  labourSkill: string | null;
  workStatus: string | null;
}

export function insertHouseholdRecord(db: WriteDb, unitId: number, h: HouseholdRecord): void {
  stmt(
    db,
    `INSERT INTO household (unit_id, household_no, natural_village, attribute, main_cause, exit_year, per_capita_income,
       phone, declared_size, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(unitId, h.householdNo, h.naturalVillage, h.attribute, h.mainCause, h.exitYear, h.perCapitaIncome, h.phone, h.declaredSize, h.status);
}

/** Replaces the household's members with these, in this order (seq 1…). */
/**
 * Sets a household's members; members exactly as stored are left alone, so importing an unchanged roster again writes
 * nothing (a 200,000-person county re-import wrote 400,000 audit rows before).
 */
/** A household's record set whole: created, or its facts replaced (its 户编号 stays what it is). */
export function upsertHouseholdRecord(db: WriteDb, unitId: number, h: HouseholdRecord): void {
  stmt(
    db,
    `INSERT INTO household (unit_id, household_no, natural_village, attribute, main_cause, exit_year, per_capita_income, phone, declared_size, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (unit_id) DO UPDATE SET natural_village = excluded.natural_village, attribute = excluded.attribute, main_cause = excluded.main_cause,
       exit_year = excluded.exit_year, per_capita_income = excluded.per_capita_income, phone = excluded.phone,
       declared_size = excluded.declared_size, status = excluded.status`,
  ).run(unitId, h.householdNo, h.naturalVillage, h.attribute, h.mainCause, h.exitYear, h.perCapitaIncome, h.phone, h.declaredSize, h.status);
}

export function replaceMembers(db: WriteDb, householdId: number, members: readonly MemberRecord[]): void {
  const stored = stmt(
    db,
    `SELECT name, id_number, relation, sex, birth_date, ethnicity, education, health, labour_skill, work_status
       FROM member WHERE household_id = ? ORDER BY seq`,
  ).all(householdId) as Record<string, string | null>[];
  const same =
    stored.length === members.length &&
    members.every((m, i) => {
      const r = stored[i]!;
      return (
        r.name === m.name && r.id_number === m.idNumber && r.relation === m.relation && r.sex === m.sex && r.birth_date === m.birthDate &&
        r.ethnicity === m.ethnicity && r.education === m.education && r.health === m.health && r.labour_skill === m.labourSkill && r.work_status === m.workStatus
      );
    });
  if (same) return;
  stmt(db, 'DELETE FROM member WHERE household_id = ?').run(householdId);
  const insert = stmt(
    db,
    `INSERT INTO member (household_id, seq, name, id_number, relation, sex, birth_date, ethnicity, education, health,
       labour_skill, work_status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  members.forEach((m, i) => {
    insert.run(householdId, i + 1, m.name, m.idNumber, m.relation, m.sex, m.birthDate, m.ethnicity, m.education, m.health, m.labourSkill, m.workStatus);
  });
}

/** A household's facts as the roster gives them; its 户类型 changes only when the roster names one. */
export function updateHouseholdFacts(db: WriteDb, unitId: number, h: Omit<HouseholdRecord, 'householdNo' | 'status'> & { status: HouseholdStatus | null }): void {
  stmt(
    db,
    `UPDATE household SET natural_village = ?, attribute = ?, main_cause = ?, exit_year = ?, per_capita_income = ?,
       phone = ?, declared_size = ?, status = coalesce(?, status) WHERE unit_id = ?`,
  ).run(h.naturalVillage, h.attribute, h.mainCause, h.exitYear, h.perCapitaIncome, h.phone, h.declaredSize, h.status, unitId);
}

/** 自然村, 联系电话 and 人数 of a household, as a clerk corrects them. */
export function setHouseholdContactFacts(db: WriteDb, unitId: number, f: { naturalVillage: string | null; phone: string | null; declaredSize: number | null }): void {
  stmt(db, 'UPDATE household SET natural_village = ?, phone = ?, declared_size = ? WHERE unit_id = ?').run(f.naturalVillage, f.phone, f.declaredSize, unitId);
}

/** A household's 户类型; false when there is no such household. */
export function setHouseholdStatusRow(db: WriteDb, unitId: number, status: HouseholdStatus): boolean {
  return stmt(db, 'UPDATE household SET status = ? WHERE unit_id = ?').run(status, unitId).changes > 0;
}

/** A member's identity as a clerk corrects it (姓名, 身份证号 with the 性别 and 出生日期 it gives, 与户主关系). */
export function setMemberIdentity(
  db: WriteDb,
  memberId: number,
  m: { name: string; idNumber: string; relation: string; sex: '男' | '女' | null; birthDate: string | null },
): void {
  stmt(db, 'UPDATE member SET name = ?, id_number = ?, relation = ?, sex = ?, birth_date = ? WHERE id = ?').run(m.name, m.idNumber, m.relation, m.sex, m.birthDate, memberId);
}
