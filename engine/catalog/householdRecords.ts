// Writing a household's record and its members: one way, used by the roster import, package import and the demo county.
import type Database from 'better-sqlite3';
import type { HouseholdStatus } from '../../shared/domain';
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

export function insertHouseholdRecord(db: Database.Database, unitId: number, h: HouseholdRecord): void {
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
export function upsertHouseholdRecord(db: Database.Database, unitId: number, h: HouseholdRecord): void {
  stmt(
    db,
    `INSERT INTO household (unit_id, household_no, natural_village, attribute, main_cause, exit_year, per_capita_income, phone, declared_size, status)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (unit_id) DO UPDATE SET natural_village = excluded.natural_village, attribute = excluded.attribute, main_cause = excluded.main_cause,
       exit_year = excluded.exit_year, per_capita_income = excluded.per_capita_income, phone = excluded.phone,
       declared_size = excluded.declared_size, status = excluded.status`,
  ).run(unitId, h.householdNo, h.naturalVillage, h.attribute, h.mainCause, h.exitYear, h.perCapitaIncome, h.phone, h.declaredSize, h.status);
}

export function replaceMembers(db: Database.Database, householdId: number, members: readonly MemberRecord[]): void {
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
