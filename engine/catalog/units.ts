// The unit tree (市 optional, 县, 乡镇, 村, 户) and its 档号 (archive codes).
//
// 档号 scheme (Jiangxi 《精准扶贫档案整理细则》 practice, see docs/decisions.md): 分类号 JF + 类目号 + 行政村编码, 一户一卷.
//   city      JF·<市4>                 e.g. JF·4107 (its counties' codes already begin with it: nothing below changes)
//   county    JF·<县6>                 e.g. JF·410724
//   township  JF·<县6><乡3>            e.g. JF·410724101
//   village   JF01·<村12>              一村一档 (汇总文件, 类目 01)
//   household JF02·<村12>-<案卷号4>     一户一档 (贫困户文件, 类目 02)
// The 全宗号 is a property of the fonds, added where a 档号 is printed in full (covers, packages).
//
// This module owns the unit table (tests/unit/tableOwners.test.ts): its writes take the writable handle
// (library/handles.ts) and its reads a read-only one.
import type { Tier, UnitNode, UnitRef } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { PARENT_TIERS } from '../../shared/tiers';
import type { ReadDb, WriteDb } from '../library/handles';
import { stmt } from '../library/sql';

/** Length of each tier's own code segment. */
const CODE_LENGTH: Record<Tier, number> = { city: 4, county: 6, township: 3, village: 3, household: 4 };
/** Where Dangka starts numbering when no official code is known (统计用区划代码: 镇 1xx, 村委会 2xx). */
const FIRST_LOCAL_CODE: Record<Tier, number> = { city: 9901, county: 990001, township: 101, village: 201, household: 1 };

export interface UnitRow {
  id: number;
  parent_id: number | null;
  tier: Tier;
  name: string;
  code: string;
  archive_code: string;
}

export function getUnit(db: ReadDb, id: number): UnitRow {
  const row = stmt(db, 'SELECT id, parent_id, tier, name, code, archive_code FROM unit WHERE id = ?').get(id) as
    | UnitRow
    | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', `没有找到编号为 ${id} 的单位`);
  return row;
}

/**
 * The 12-digit 区划代码 of a village, or the 6/9-digit prefix for a county/township (a 市's own 4 digits for a 市).
 * A county's 6 digits already hold its 市's 4, so a 市 adds nothing to the codes below it.
 */
export function regionCodeOf(db: ReadDb, unit: UnitRow): string {
  let code = unit.tier === 'household' ? '' : unit.code;
  let parentId = unit.parent_id;
  while (parentId !== null) {
    const parent = getUnit(db, parentId);
    if (parent.tier !== 'household' && parent.tier !== 'city') code = parent.code + code;
    parentId = parent.parent_id;
  }
  return code;
}

export function archiveCodeFor(tier: Tier, parentRegionCode: string, code: string): string {
  switch (tier) {
    case 'city':
    case 'county':
      return `JF·${code}`;
    case 'township':
      return `JF·${parentRegionCode}${code}`;
    case 'village':
      return `JF01·${parentRegionCode}${code}`;
    case 'household':
      return `JF02·${parentRegionCode}-${code}`;
  }
}

/**
 * The first free code among the parent's children. A household that moved village keeps its 档号, so a code free
 * among the siblings can still give a 档号 that is taken: those are skipped too.
 */
export function nextLocalCode(db: ReadDb, parentId: number | null, tier: Tier, parentRegion: string): string {
  const width = CODE_LENGTH[tier];
  const used = new Set(
    (stmt(db, 'SELECT code FROM unit WHERE ifnull(parent_id, 0) = ifnull(?, 0)').all(parentId) as { code: string }[]).map(
      (r) => Number(r.code),
    ),
  );
  const archiveTaken = stmt(db, 'SELECT 1 FROM unit WHERE archive_code = ?');
  const limit = 10 ** width;
  for (let n = FIRST_LOCAL_CODE[tier]; n < limit; n++) {
    if (used.has(n)) continue;
    const code = String(n).padStart(width, '0');
    if (!archiveTaken.get(archiveCodeFor(tier, parentRegion, code))) return code;
  }
  throw new DangkaError('INVALID_INPUT', `编号已用完：同一上级下的${tier === 'household' ? '户' : '单位'}太多`);
}

export interface CreateUnit {
  parentId: number | null;
  tier: Tier;
  name: string;
  /** The official 区划代码 segment (or full code, of which this tier's segment is taken) when known. */
  officialCode?: string | null;
}

export function createUnit(db: WriteDb, input: CreateUnit): UnitRow {
  const parent = input.parentId === null ? null : getUnit(db, input.parentId);
  if (!PARENT_TIERS[input.tier].includes(parent?.tier ?? null)) throw new DangkaError('INVALID_INPUT', `单位层级不对：${input.name}`);
  const parentRegion = parent ? regionCodeOf(db, parent) : '';
  let code: string | null = null;
  if (input.officialCode) {
    const full = input.officialCode.replace(/\D/g, '');
    const segment = full.length > CODE_LENGTH[input.tier] ? full.slice(parentRegion.length, parentRegion.length + CODE_LENGTH[input.tier]) : full;
    if (segment.length === CODE_LENGTH[input.tier]) code = segment;
  }
  const official = code !== null;
  code ??= nextLocalCode(db, input.parentId, input.tier, parentRegion);
  const archiveCode = archiveCodeFor(input.tier, parentRegion, code);
  try {
    const info = stmt(
      db,
      'INSERT INTO unit (parent_id, tier, name, code, code_official, archive_code) VALUES (?, ?, ?, ?, ?, ?)',
    ).run(input.parentId, input.tier, input.name, code, official ? 1 : 0, archiveCode);
    return { id: Number(info.lastInsertRowid), parent_id: input.parentId, tier: input.tier, name: input.name, code, archive_code: archiveCode };
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
      throw new DangkaError('INVALID_INPUT', `已存在同名或同编码的单位：${input.name}（${code}）`);
    }
    throw err;
  }
}

/** Gives a unit another parent, keeping its code and 档号 (the caller checks the tiers and records why). */
export function moveUnit(db: WriteDb, id: number, parentId: number | null): void {
  stmt(db, "UPDATE unit SET parent_id = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(parentId, id);
}

/** Finds a county/township/village by name under its parent, creating it when missing. */
export function ensureUnit(db: WriteDb, input: CreateUnit): { unit: UnitRow; created: boolean } {
  const existing = stmt(
    db,
    `SELECT id, parent_id, tier, name, code, archive_code FROM unit
      WHERE ifnull(parent_id, 0) = ifnull(?, 0) AND name = ? AND tier = ?`,
  ).get(input.parentId, input.name, input.tier) as UnitRow | undefined;
  if (existing) return { unit: existing, created: false };
  return { unit: createUnit(db, input), created: true };
}

export function unitPath(db: ReadDb, id: number): UnitRef[] {
  const path: UnitRef[] = [];
  let current: number | null = id;
  while (current !== null) {
    const row = getUnit(db, current);
    path.unshift({ id: row.id, tier: row.tier, name: row.name });
    current = row.parent_id;
  }
  return path;
}

export function children(db: ReadDb, parentId: number | null): UnitNode[] {
  const rows = stmt(
    db,
    `SELECT u.id, u.tier, u.name, u.archive_code AS archiveCode, h.status,
            (SELECT count(*) FROM unit c WHERE c.parent_id = u.id) AS childCount
       FROM unit u LEFT JOIN household h ON h.unit_id = u.id
      WHERE ifnull(u.parent_id, 0) = ifnull(?, 0)
      ORDER BY u.code`,
  ).all(parentId) as (UnitNode & { status: UnitNode['status'] | null })[];
  return rows.map(({ status, ...node }) => (status ? { ...node, status } : node));
}

/**
 * A unit named on the command line: its 档号, or its path of names from the county down
 * (某县/某镇/某村, and for a household its 户编号 or the head's name as the last part). A county inside a 市 is named
 * from the 市 (某市/某县/…) or, as before it was placed there, from itself.
 */
export function resolveUnitRef(db: ReadDb, ref: string): UnitRow {
  const trimmed = ref.trim().normalize('NFC');
  const byCode = stmt(db, 'SELECT id FROM unit WHERE archive_code = ?').get(trimmed) as { id: number } | undefined;
  if (byCode) return getUnit(db, byCode.id);
  const byHouseholdNo = stmt(db, 'SELECT unit_id AS id FROM household WHERE household_no = ?').get(trimmed) as
    | { id: number }
    | undefined;
  if (byHouseholdNo) return getUnit(db, byHouseholdNo.id);
  const parts = trimmed.split('/').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) throw new DangkaError('INVALID_INPUT', '请给出单位的档号或路径，如 某县/某镇/某村');
  let parentId: number | null = null;
  let found: UnitRow | null = null;
  for (const [i, part] of parts.entries()) {
    let matches = stmt(
      db,
      `SELECT u.id FROM unit u LEFT JOIN household h ON h.unit_id = u.id
        WHERE ifnull(u.parent_id, 0) = ifnull(?, 0) AND (u.name = ? OR h.household_no = ? OR u.archive_code = ?)`,
    ).all(parentId, part, part, part) as { id: number }[];
    if (i === 0 && matches.length === 0) matches = stmt(db, "SELECT id FROM unit WHERE tier = 'county' AND name = ?").all(part) as { id: number }[];
    if (matches.length === 0) throw new DangkaError('NOT_FOUND', `找不到单位“${part}”（在 ${ref} 中）`);
    if (matches.length > 1) throw new DangkaError('INVALID_INPUT', `“${part}”有 ${matches.length} 个同名户，请改用户编号或档号`);
    found = getUnit(db, matches[0]!.id);
    parentId = found.id;
  }
  return found!;
}

/** A unit as a package or an import brings it, with its codes already given. */
export interface UnitRecord {
  parentId: number | null;
  tier: Tier;
  name: string;
  code: string;
  codeOfficial: boolean;
  archiveCode: string;
}

/**
 * Inserts a unit whose codes are known (a package's unit, or the demo's households numbered in roster order without
 * createUnit's scan of siblings); returns its id. A clash of name or code is SQLITE_CONSTRAINT_UNIQUE for the caller.
 */
export function insertUnitRecord(db: WriteDb, u: UnitRecord): number {
  return Number(
    stmt(db, 'INSERT INTO unit (parent_id, tier, name, code, code_official, archive_code) VALUES (?, ?, ?, ?, ?, ?)').run(
      u.parentId,
      u.tier,
      u.name,
      u.code,
      u.codeOfficial ? 1 : 0,
      u.archiveCode,
    ).lastInsertRowid,
  );
}

/** A unit's name, parent and own code as a package has them (its 档号 stays); its clock is the package's (touchUnit). */
export function replaceUnitPlace(db: WriteDb, id: number, place: { name: string; parentId: number | null; code: string }): void {
  stmt(db, 'UPDATE unit SET name = ?, parent_id = ?, code = ? WHERE id = ?').run(place.name, place.parentId, place.code, id);
}

/**
 * A unit's name, parent and own code as a roster has them, only when something changed: an unchanged roster
 * imported again leaves the unit and its clock as they were.
 */
export function updateUnitPlace(db: WriteDb, id: number, place: { name: string; parentId: number | null; code: string }): void {
  stmt(
    db,
    `UPDATE unit SET name = ?, parent_id = ?, code = ?, updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
      WHERE id = ? AND (name IS NOT ? OR parent_id IS NOT ? OR code IS NOT ?)`,
  ).run(place.name, place.parentId, place.code, id, place.name, place.parentId, place.code);
}

/** Marks a unit changed (now, or at a package's time) so exports and packages see it as newer. */
export function touchUnit(db: WriteDb, id: number, at?: string): void {
  if (at === undefined) stmt(db, "UPDATE unit SET updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?").run(id);
  else stmt(db, 'UPDATE unit SET updated_at = ? WHERE id = ?').run(at, id);
}
