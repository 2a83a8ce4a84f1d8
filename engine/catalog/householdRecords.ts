// Writing a household's record and its members: one way, used by the roster import and the demo county.
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
  sex: '男' | '女';
  birthDate: string;
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
export function replaceMembers(db: Database.Database, householdId: number, members: readonly MemberRecord[]): void {
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
