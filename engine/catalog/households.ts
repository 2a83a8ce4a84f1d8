// Unit and household pages, contacts (明白卡 persons), the catalog type-ahead. Owner of contact_person and
// household_contact (writes take the writable handle, reads a read-only one: library/handles.ts).
import type {
  CatalogHit,
  ContactPerson,
  ContactRole,
  HouseholdDetail,
  HouseholdStatus,
  Member,
  Tier,
  UnitDetail,
} from '../../shared/domain';
import { CONTACT_ROLES } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { maskIdNumber } from '../../shared/idNumber';
import type { Library } from '../library/library';
import type { ReadDb, WriteDb } from '../library/handles';
import { stmt } from '../library/sql';
import { templateForTier } from './template';
import { setHouseholdStatusRow } from './householdRecords';
import { getUnit, regionCodeOf, touchUnit, unitPath } from './units';

export function unitDetail(lib: Library, id: number): UnitDetail {
  const { db } = lib;
  const unit = getUnit(db, id);
  // Counts over the subtree, one recursive query: a county of 40,000 households answers in a few ms.
  const counts = stmt(
    db,
    `WITH RECURSIVE sub(id, tier) AS (
       SELECT id, tier FROM unit WHERE id = @id
       UNION ALL SELECT u.id, u.tier FROM unit u JOIN sub ON u.parent_id = sub.id)
     SELECT sum(tier = 'county' AND id <> @id) AS counties, sum(tier = 'township' AND id <> @id) AS townships, sum(tier = 'village' AND id <> @id) AS villages,
            sum(tier = 'household' AND id <> @id) AS households,
            (SELECT count(*) FROM member m JOIN sub s ON m.household_id = s.id) AS persons
       FROM sub`,
  ).get({ id }) as UnitDetail['counts'];
  return {
    id: unit.id,
    tier: unit.tier,
    name: unit.name,
    archiveCode: unit.archive_code,
    regionCode: unit.tier === 'household' ? null : regionCodeOf(db, unit),
    path: unitPath(db, id),
    counts: {
      counties: counts.counties ?? 0,
      townships: counts.townships ?? 0,
      villages: counts.villages ?? 0,
      households: counts.households ?? 0,
      persons: counts.persons ?? 0,
    },
    template: templateForTier(lib.template, unit.tier),
  };
}

/** A household row as stored (engine/library/migrations/0010_catalog.ts). */
export interface HouseholdRow {
  household_no: string;
  natural_village: string | null;
  attribute: string | null;
  main_cause: string | null;
  exit_year: number | null;
  per_capita_income: number | null;
  phone: string | null;
  declared_size: number | null;
  status: HouseholdStatus;
}

interface MemberRow {
  id: number;
  name: string;
  id_number: string;
  relation: string;
  sex: '男' | '女' | null;
  birth_date: string | null;
  ethnicity: string | null;
  education: string | null;
  health: string | null;
  labour_skill: string | null;
  work_status: string | null;
}

const PERSON_COLUMNS = `p.id, p.name, p.post, p.work_unit AS workUnit, p.phone, p.photo_sha256 AS photoSha256,
  (SELECT count(DISTINCT household_id) FROM household_contact WHERE person_id = p.id) AS householdCount`;

export function householdDetail(lib: Library, id: number): HouseholdDetail {
  const { db } = lib;
  const row = stmt(db, 'SELECT * FROM household WHERE unit_id = ?').get(id) as HouseholdRow | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到该户（编号 ${id}）`);
  const members = (stmt(db, 'SELECT * FROM member WHERE household_id = ? ORDER BY seq').all(id) as MemberRow[]).map(
    (m): Member => ({
      id: m.id,
      name: m.name,
      idNumberMasked: maskIdNumber(m.id_number),
      relation: m.relation,
      sex: m.sex,
      birthDate: m.birth_date,
      ethnicity: m.ethnicity,
      education: m.education,
      health: m.health,
      labourSkill: m.labour_skill,
      workStatus: m.work_status,
    }),
  );
  const contacts = Object.fromEntries(CONTACT_ROLES.map((r) => [r, null])) as Record<ContactRole, ContactPerson | null>;
  const linked = stmt(
    db,
    `SELECT hc.role, ${PERSON_COLUMNS} FROM household_contact hc JOIN contact_person p ON p.id = hc.person_id
      WHERE hc.household_id = ?`,
  ).all(id) as (ContactPerson & { role: ContactRole })[];
  for (const { role, ...person } of linked) contacts[role] = person;
  return {
    unit: unitDetail(lib, id),
    householdNo: row.household_no,
    naturalVillage: row.natural_village,
    headName: members.find((m) => m.relation === '户主')?.name ?? null,
    attribute: row.attribute,
    mainCause: row.main_cause,
    exitYear: row.exit_year,
    perCapitaIncome: row.per_capita_income,
    phone: row.phone,
    status: row.status,
    declaredSize: row.declared_size,
    members,
    contacts,
  };
}

export function setHouseholdStatus(db: WriteDb, id: number, status: HouseholdStatus): void {
  if (!setHouseholdStatusRow(db, id, status)) throw new DangkaError('NOT_FOUND', `没有找到该户（编号 ${id}）`);
  touchUnit(db, id);
}

export interface PersonFields {
  name: string;
  post: string;
  workUnit: string;
  phone: string;
}

export function getPerson(db: ReadDb, personId: number): ContactPerson {
  const person = stmt(db, `SELECT ${PERSON_COLUMNS} FROM contact_person p WHERE p.id = ?`).get(personId) as
    | ContactPerson
    | undefined;
  if (!person) throw new DangkaError('NOT_FOUND', `没有找到该联系人（编号 ${personId}）`);
  return person;
}

export function createPerson(db: WriteDb, fields: PersonFields, photoSha256: string | null = null): number {
  const info = stmt(db, 'INSERT INTO contact_person (name, post, work_unit, phone, photo_sha256) VALUES (?, ?, ?, ?, ?)').run(
    fields.name,
    fields.post,
    fields.workUnit,
    fields.phone,
    photoSha256,
  );
  return Number(info.lastInsertRowid);
}

export function updatePerson(db: WriteDb, personId: number, fields: PersonFields): void {
  const info = stmt(
    db,
    `UPDATE contact_person SET name = ?, post = ?, work_unit = ?, phone = ?,
       updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?`,
  ).run(fields.name, fields.post, fields.workUnit, fields.phone, personId);
  if (info.changes === 0) throw new DangkaError('NOT_FOUND', `没有找到该联系人（编号 ${personId}）`);
}

export function setPersonPhoto(db: WriteDb, personId: number, sha256: string): void {
  const info = stmt(db, 'UPDATE contact_person SET photo_sha256 = ? WHERE id = ?').run(sha256, personId);
  if (info.changes === 0) throw new DangkaError('NOT_FOUND', `没有找到该联系人（编号 ${personId}）`);
}

export function assignContact(db: WriteDb, householdId: number, role: ContactRole, personId: number): void {
  if (getUnit(db, householdId).tier !== 'household') throw new DangkaError('INVALID_INPUT', '联系人只能设置在户上');
  getPerson(db, personId);
  stmt(
    db,
    `INSERT INTO household_contact (household_id, role, person_id) VALUES (?, ?, ?)
       ON CONFLICT (household_id, role) DO UPDATE SET person_id = excluded.person_id`,
  ).run(householdId, role, personId);
  touchUnit(db, householdId);
}

/** A household's contacts set whole, as an import or the demo brings them (the people exist already). */
export function replaceContacts(db: WriteDb, householdId: number, contacts: readonly { role: ContactRole; personId: number }[]): void {
  stmt(db, 'DELETE FROM household_contact WHERE household_id = ?').run(householdId);
  const insert = stmt(db, 'INSERT INTO household_contact (household_id, role, person_id) VALUES (?, ?, ?)');
  for (const c of contacts) insert.run(householdId, c.role, c.personId);
}

export function searchPeople(db: ReadDb, query: string, limit: number): ContactPerson[] {
  const q = query.trim();
  if (!q) return [];
  return stmt(
    db,
    `SELECT ${PERSON_COLUMNS} FROM contact_person p WHERE p.name LIKE ? ESCAPE '\\' OR p.phone LIKE ? ESCAPE '\\'
      ORDER BY (p.name = ?) DESC, p.name LIMIT ?`,
  ).all(`%${escapeLike(q)}%`, `${escapeLike(q)}%`, q, limit) as ContactPerson[];
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Type-ahead over the catalog: unit names (township, village, household head), 户编号, 档号, and members by name or
 * ID number (any part of it, e.g. the last four digits a clerk reads off a card). ID numbers come back masked.
 */
export function searchCatalog(db: ReadDb, query: string, limit: number): CatalogHit[] {
  const q = query.trim().normalize('NFKC');
  if (!q) return [];
  const like = `%${escapeLike(q)}%`;
  const hits: CatalogHit[] = [];
  const seen = new Set<number>();
  const push = (unitId: number, tier: Tier, name: string, archiveCode: string, matchedLabel: string | null) => {
    if (seen.has(unitId) || hits.length >= limit) return;
    seen.add(unitId);
    hits.push({ unitId, tier, name, archiveCode, pathLabel: pathLabel(db, unitId), matchedLabel });
  };
  const isIdLike = /^[0-9Xx]{3,18}$/.test(q);
  if (!isIdLike) {
    const units = stmt(
      db,
      `SELECT id, tier, name, archive_code FROM unit WHERE name LIKE ? ESCAPE '\\' AND tier <> 'household'
        ORDER BY (name = ?) DESC, length(name), code LIMIT ?`,
    ).all(like, q, limit) as { id: number; tier: Tier; name: string; archive_code: string }[];
    for (const u of units) push(u.id, u.tier, u.name, u.archive_code, null);
  }
  const byCode = stmt(
    db,
    `SELECT u.id, u.tier, u.name, u.archive_code, h.household_no FROM unit u LEFT JOIN household h ON h.unit_id = u.id
      WHERE u.archive_code LIKE ? ESCAPE '\\' OR h.household_no LIKE ? ESCAPE '\\' LIMIT ?`,
  ).all(like, like, limit) as { id: number; tier: Tier; name: string; archive_code: string; household_no: string | null }[];
  for (const u of byCode) push(u.id, u.tier, u.name, u.archive_code, u.household_no ? `户编号 ${u.household_no}` : null);
  const members = stmt(
    db,
    `SELECT m.name, m.id_number, m.relation, u.id, u.tier, u.name AS unitName, u.archive_code
       FROM member m JOIN unit u ON u.id = m.household_id
      WHERE ${isIdLike ? 'm.id_number LIKE ?' : "m.name LIKE ? ESCAPE '\\'"}
      ORDER BY (m.name = ?) DESC, m.relation <> '户主', m.name LIMIT ?`,
  ).all(isIdLike ? `%${q.toUpperCase()}%` : like, q, limit) as {
    name: string;
    id_number: string;
    relation: string;
    id: number;
    tier: Tier;
    unitName: string;
    archive_code: string;
  }[];
  for (const m of members) {
    push(m.id, m.tier, m.unitName, m.archive_code, `${m.name}（${m.relation}）${maskIdNumber(m.id_number)}`);
  }
  return hits;
}

function pathLabel(db: ReadDb, unitId: number): string {
  return unitPath(db, unitId)
    .map((u) => u.name)
    .join(' / ');
}
