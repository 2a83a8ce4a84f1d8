// What a package may change: only units inside its declared root (catalog.source, the 验收 subject). BagIt cannot
// stop anyone from editing catalog.json and regenerating the manifests, so the catalog's tree is checked against the
// library's own: a household (by 户编号) or unit (by 档号) the library keeps somewhere else — another county, township
// or village — is a conflict named with both places, and the import is refused whole. Nothing moves silently; a
// household moved between villages inside the root is reported with both places (engine/pack/importBag.ts).
import type Database from 'better-sqlite3';
import { TIER_LABEL, type BagProblem, type Tier } from '../../shared/domain';
import { unitPath } from '../catalog/units';
import { stmt } from '../library/sql';
import type { PackageCatalog, PackageUnit } from './catalog';

export interface LibraryUnit {
  id: number;
  parent_id: number | null;
  tier: Tier;
  name: string;
  archive_code: string;
  changed_at: string;
}

const UNIT_CHANGED = `SELECT u.id, u.parent_id, u.tier, u.name, u.archive_code,
  max(u.updated_at,
      ifnull((SELECT max(updated_at) FROM document d WHERE d.unit_id = u.id), ''),
      ifnull((SELECT max(updated_at) FROM form_record f WHERE f.unit_id = u.id), ''),
      ifnull((SELECT max(signed_at) FROM review_signoff r WHERE r.unit_id = u.id), '')) AS changed_at
  FROM unit u`;

/** Stands for the library id of a unit the import would create (no row has it). */
const NEW_UNIT = -1;

/**
 * The library's unit a package unit is (docs/decisions.md): households by 户编号, other units by 档号, then by name under
 * the same parent. parentId is the library id of the package parent (NEW_UNIT when that is new too).
 */
export function matchUnit(db: Database.Database, u: PackageUnit, parentId: number | null): LibraryUnit | undefined {
  return (
    (u.household ? (stmt(db, `${UNIT_CHANGED} JOIN household h ON h.unit_id = u.id WHERE h.household_no = ?`).get(u.household.householdNo) as LibraryUnit | undefined) : undefined) ??
    (stmt(db, `${UNIT_CHANGED} WHERE u.archive_code = ?`).get(u.archiveCode) as LibraryUnit | undefined) ??
    (u.tier !== 'household' ? (stmt(db, `${UNIT_CHANGED} WHERE ifnull(u.parent_id, 0) = ifnull(?, 0) AND u.name = ? AND u.tier = ?`).get(parentId, u.name, u.tier) as LibraryUnit | undefined) : undefined)
  );
}

/**
 * Where the library puts a package's unit: under the unit it matched for the package's parent — except a county the
 * package has at the top, whose 市 (if any) is this library's own business. Such a county stays under the 市 it is
 * in here; a new one goes under the library's 市 when it has exactly one (a 市 library collecting its counties).
 */
export function libraryParentId(db: Database.Database, u: PackageUnit, placedParentId: number | null): number | null {
  if (u.tier !== 'county' || u.parentArchiveCode !== null) return placedParentId;
  const found = matchUnit(db, u, null);
  if (found) return found.parent_id;
  const cities = stmt(db, "SELECT id FROM unit WHERE tier = 'city' LIMIT 2").all() as { id: number }[];
  return cities.length === 1 ? cities[0]!.id : null;
}

/** 甲县/乙镇/丙村: where a unit is in the library. */
export function libraryPath(db: Database.Database, id: number | null): string {
  return id === null ? '（顶层）' : unitPath(db, id).map((u) => u.name).join('/');
}

/** 甲县/乙镇/丙村: where the package says a unit is. */
export function packagePath(catalog: PackageCatalog, archiveCode: string | null): string {
  const byCode = new Map(catalog.units.map((u) => [u.archiveCode, u]));
  const names: string[] = [];
  for (let at = archiveCode === null ? undefined : byCode.get(archiveCode); at && names.length <= 4; at = at.parentArchiveCode === null ? undefined : byCode.get(at.parentArchiveCode)) names.unshift(at.name);
  return names.join('/') || '（顶层）';
}

function isUnder(db: Database.Database, id: number, ancestorId: number): boolean {
  for (let at: number | null = id; at !== null; ) {
    if (at === ancestorId) return true;
    at = (stmt(db, 'SELECT parent_id FROM unit WHERE id = ?').get(at) as { parent_id: number | null } | undefined)?.parent_id ?? null;
  }
  return false;
}

function label(u: PackageUnit): string {
  return u.household ? `户编号 ${u.household.householdNo}（${u.name}）` : `${TIER_LABEL[u.tier]}“${u.name}”（档号 ${u.archiveCode}）`;
}

/**
 * Checks, before anything is copied or written, that the package stays inside its declared root: in its own tree
 * (only the root and what is under it packed, the rest only the root's ancestors) and against the library (every
 * unit it names that the library has is where the package says it is, or — for a unit the package packs — at least
 * under the same root). Assumes checkTree passed: parents come before children.
 */
export function checkScope(db: Database.Database, catalog: PackageCatalog, problems: BagProblem[]): void {
  const conflict = (message: string) => problems.push({ kind: 'conflict', path: 'data/catalog.json', message });
  const byCode = new Map(catalog.units.map((u) => [u.archiveCode, u]));
  const parentOf = (u: PackageUnit) => (u.parentArchiveCode === null ? undefined : byCode.get(u.parentArchiveCode));
  const root = byCode.get(catalog.source.archiveCode);
  if (!root || root.tier !== catalog.source.tier || root.name !== catalog.source.name) {
    conflict(`数据包声明的单位“${catalog.source.name}”（${catalog.source.archiveCode}）与目录中的单位不符：数据包被改动过，未导入任何数据`);
    return;
  }
  const inRoot = (u: PackageUnit) => {
    for (let at: PackageUnit | undefined = u; at; at = parentOf(at)) if (at === root) return true;
    return false;
  };
  // Units not packed only place the packed ones in the tree (the root's ancestors; in one part of a split package
  // also the root and the village above a part's households).
  const placing = new Set<string>();
  for (const u of catalog.units) {
    if (u.packed) for (let at = parentOf(u); at && !placing.has(at.archiveCode); at = parentOf(at)) placing.add(at.archiveCode);
  }
  for (const u of catalog.units) {
    if (u.packed ? !inRoot(u) : !placing.has(u.archiveCode)) {
      conflict(`${label(u)}不在数据包声明的范围“${packagePath(catalog, root.archiveCode)}”之内：数据包只能改动它自己的单位，未导入任何数据`);
    }
  }
  if (problems.length) return;

  const placed = new Map<string, number>();
  // A county library takes packages of its own county; a 市 library takes its counties' packages too.
  const takesOnlyItsCounty = stmt(db, "SELECT 1 FROM unit WHERE tier = 'county' LIMIT 1").get() !== undefined && stmt(db, "SELECT 1 FROM unit WHERE tier = 'city' LIMIT 1").get() === undefined;
  for (const u of catalog.units) {
    const parentId = libraryParentId(db, u, u.parentArchiveCode === null ? null : placed.get(u.parentArchiveCode)!);
    const found = matchUnit(db, u, parentId);
    placed.set(u.archiveCode, found?.id ?? NEW_UNIT);
    const claimed = packagePath(catalog, u.parentArchiveCode);
    if (!found) {
      if (u.tier === 'county' && takesOnlyItsCounty) {
        const counties = (stmt(db, "SELECT name FROM unit WHERE tier = 'county' ORDER BY id").all() as { name: string }[]).map((c) => c.name).join('、');
        conflict(`数据包属于“${u.name}”（档号 ${u.archiveCode}），本库是“${counties}”的档案库，没有这个县：未导入任何数据`);
      }
      continue;
    }
    if (found.tier !== u.tier) {
      conflict(`${label(u)}在本库中是${TIER_LABEL[found.tier]}“${libraryPath(db, found.id)}”，层级不同：未导入任何数据`);
      continue;
    }
    if (u.household) {
      const no = (stmt(db, 'SELECT household_no FROM household WHERE unit_id = ?').get(found.id) as { household_no: string } | undefined)?.household_no;
      if (no !== u.household.householdNo) {
        conflict(`档号 ${u.archiveCode} 在本库是户编号 ${no ?? '（无）'} 的户“${libraryPath(db, found.id)}”，数据包称其为户编号 ${u.household.householdNo}（${u.name}）：未导入任何数据`);
        continue;
      }
    }
    if (found.parent_id === parentId) continue;
    const rootId = placed.get(root.archiveCode)!;
    const movesWithinRoot = u !== root && u.packed && rootId !== NEW_UNIT && isUnder(db, found.id, rootId);
    if (!movesWithinRoot) {
      conflict(`${label(u)}在本库属于 ${libraryPath(db, found.parent_id)}，数据包称其属于 ${claimed}：数据包不能改动其他地方的单位，未导入任何数据。请核对两边的目录`);
    }
  }
}
