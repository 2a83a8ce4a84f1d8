// Loads villages for checking in a handful of queries: every village of the county for a full check (~40,000
// households in well under a second), or one village after an edit.
import type Database from 'better-sqlite3';
import type { ContactRole, HouseholdStatus } from '../../shared/domain';
import { screeningAnswers } from '../catalog/screening';
import type { FormType } from '../../shared/forms';
import { stmt } from '../library/sql';
import { HOME_COPY_ENTRY } from './completeness';
import type { FormRecord, HouseholdData, VillageData } from './model';

/** All villages (villageId null) or one. */
export function loadVillages(db: Database.Database, villageId: number | null): VillageData[] {
  const scope = villageId === null ? "tier = 'village'" : "tier = 'village' AND id = ?";
  const args = villageId === null ? [] : [villageId];
  const villages = new Map<number, VillageData>();
  for (const v of db.prepare(`SELECT id, name FROM unit WHERE ${scope} ORDER BY id`).all(...args) as { id: number; name: string }[]) {
    villages.set(v.id, { id: v.id, name: v.name, forms: [], items: new Set(), households: [] });
  }
  if (villages.size === 0) return [];
  const inScope = `(SELECT id FROM unit WHERE ${scope})`;
  const households = new Map<number, HouseholdData>();
  const rows = db
    .prepare(
      `SELECT u.id, u.parent_id, u.name, h.household_no, h.main_cause, h.per_capita_income, h.exit_year, h.declared_size, h.phone, h.status
         FROM unit u JOIN household h ON h.unit_id = u.id WHERE u.parent_id IN ${inScope} ORDER BY u.id`,
    )
    .all(...args) as {
    id: number;
    parent_id: number;
    name: string;
    household_no: string;
    main_cause: string | null;
    per_capita_income: number | null;
    exit_year: number | null;
    declared_size: number | null;
    phone: string | null;
    status: HouseholdStatus;
  }[];
  for (const r of rows) {
    const h: HouseholdData = {
      id: r.id,
      name: r.name,
      householdNo: r.household_no,
      mainCause: r.main_cause,
      perCapitaIncome: r.per_capita_income,
      exitYear: r.exit_year,
      declaredSize: r.declared_size,
      phone: r.phone,
      status: r.status,
      members: [],
      contacts: [],
      forms: [],
      items: new Set(),
      screening: new Map(),
    };
    households.set(r.id, h);
    villages.get(r.parent_id)!.households.push(h);
  }
  const inHouseholds = `(SELECT u.id FROM unit u WHERE u.parent_id IN ${inScope})`;
  const members = db
    .prepare(
      `SELECT household_id, name, id_number, relation, sex, birth_date, health, labour_skill FROM member
        WHERE household_id IN ${inHouseholds} ORDER BY household_id, seq`,
    )
    .all(...args) as {
    household_id: number;
    name: string;
    id_number: string;
    relation: string;
    sex: string | null;
    birth_date: string | null;
    health: string | null;
    labour_skill: string | null;
  }[];
  for (const m of members) {
    households.get(m.household_id)?.members.push({
      name: m.name,
      idNumber: m.id_number,
      relation: m.relation,
      sex: m.sex,
      birthDate: m.birth_date,
      health: m.health,
      labourSkill: m.labour_skill,
    });
  }
  const contacts = db
    .prepare(
      `SELECT hc.household_id, hc.role, p.name, p.post, p.phone, p.photo_sha256 IS NOT NULL AS has_photo
         FROM household_contact hc JOIN contact_person p ON p.id = hc.person_id WHERE hc.household_id IN ${inHouseholds}`,
    )
    .all(...args) as { household_id: number; role: ContactRole; name: string; post: string; phone: string; has_photo: number }[];
  for (const c of contacts) {
    households.get(c.household_id)?.contacts.push({ role: c.role, name: c.name, post: c.post, phone: c.phone, hasPhoto: c.has_photo === 1 });
  }
  const unitsInScope = `(SELECT id FROM unit WHERE ${scope} UNION ALL SELECT u.id FROM unit u WHERE u.parent_id IN ${inScope})`;
  const forms = db
    .prepare(`SELECT id, unit_id, document_id, form_type, fields FROM form_record WHERE unit_id IN ${unitsInScope} ORDER BY id`)
    .all(...args, ...args) as { id: number; unit_id: number; document_id: number | null; form_type: FormType; fields: string }[];
  for (const f of forms) {
    const record: FormRecord = { id: f.id, unitId: f.unit_id, documentId: f.document_id, type: f.form_type, fields: JSON.parse(f.fields) as never };
    (households.get(f.unit_id) ?? villages.get(f.unit_id))?.forms.push(record);
  }
  const items = db
    .prepare(`SELECT DISTINCT unit_id, item FROM document WHERE item IS NOT NULL AND unit_id IN ${unitsInScope}`)
    .all(...args, ...args) as { unit_id: number; item: string }[];
  for (const d of items) (households.get(d.unit_id) ?? villages.get(d.unit_id))?.items.add(d.item);
  // The 家庭户档 is kept at home: its handover record stands for it (engine/validate/completeness.ts).
  for (const r of db.prepare(`SELECT household_id FROM home_copy WHERE household_id IN ${inHouseholds}`).all(...args) as { household_id: number }[]) {
    households.get(r.household_id)?.items.add(HOME_COPY_ENTRY);
  }
  for (const [householdId, lists] of screeningAnswers(db, inHouseholds, args)) {
    const h = households.get(householdId);
    if (h) h.screening = lists;
  }
  return [...villages.values()];
}

/** The village a unit belongs to (itself for a village, its parent for a household); null above villages. */
export function villageOf(db: Database.Database, unitId: number): number | null {
  const row = stmt(db, 'SELECT id, parent_id, tier FROM unit WHERE id = ?').get(unitId) as { id: number; parent_id: number | null; tier: string } | undefined;
  if (!row) return null;
  if (row.tier === 'village') return row.id;
  if (row.tier === 'household') return row.parent_id;
  return null;
}
