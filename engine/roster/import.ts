// Roster import (花名册导入): the national system's per-person export becomes the catalog.
//
// All-or-nothing by default: any problem and nothing is written. With keepValid, the households without problems
// are written and the rest reported. The write is one transaction, so a crash or a cancel leaves nothing half
// imported. Importing the same roster again updates in place: households by 户编号, units by name under their
// parent; a household's 档号 never changes; contacts and status set in Dangka are kept (status only changes when
// the file has a 户类型 column).
import type Database from 'better-sqlite3';
import type { RosterImportResult, RosterProblem } from '../../shared/domain';
import { maskIdNumber } from '../../shared/idNumber';
import { DangkaError } from '../../shared/errors';
import { createUnit, ensureUnit, getUnit, nextLocalCode, regionCodeOf, unitPath, updateUnitPlace } from '../catalog/units';
import type { JobContext } from '../jobs/jobs';
import type { WriteDb } from '../library/handles';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { insertHouseholdRecord, replaceMembers, updateHouseholdFacts } from '../catalog/householdRecords';
import { FIELD_LABEL, findHeader, HEADER_SEARCH_ROWS, REQUIRED_FIELDS, type HeaderMatch } from './columns';
import { RosterChecker, type RosterHousehold } from './check';
import { streamRosterRows, type SheetInfo } from './read';

export interface RosterFile {
  fileName: string;
  bytes: Uint8Array;
}

/** How many rows between progress reports and event-loop yields: each stretch holds the loop a few milliseconds. */
const CHUNK = 250;
/** Households looked up or written between yields: each step holds the event loop a few milliseconds. */
const HOUSEHOLDS_PER_STEP = 50;

function refused(message: string): RosterImportResult {
  return {
    fileRows: 0,
    households: { created: 0, updated: 0, skipped: 0 },
    persons: 0,
    townshipsCreated: 0,
    villagesCreated: 0,
    problems: [{ row: null, column: null, householdNo: null, message }],
    applied: false,
  };
}

export async function importRoster(lib: Library, file: RosterFile, options: { keepValid: boolean }, ctx: JobContext): Promise<RosterImportResult> {
  ctx.progress('读取表格', 0, 0);
  // Rows are checked as they are read and then dropped: only the households (what the write needs) and the IDs seen
  // (for duplicates) stay, so memory does not grow with the file's cells.
  /** The first sheet whose top rows hold the roster's header; only its rows are checked. */
  let roster: { sheet: SheetInfo; header: HeaderMatch; checker: RosterChecker } | null = null;
  /** How many rows of the current sheet were searched for the header (its top rows only). */
  let searched = 0;
  let searchedSheet = -1;
  let anyText = false;
  let rowsRead = 0;
  try {
    await streamRosterRows(file.fileName, file.bytes, async (row, sheet) => {
      if (++rowsRead % CHUNK === 0) {
        ctx.progress('读取表格', rowsRead, 0);
        ctx.throwIfCancelled();
        await ctx.yield();
      }
      anyText ||= row.cells.some((c) => c.text !== '');
      if (roster) {
        if (sheet.index === roster.sheet.index) roster.checker.add(row);
        return;
      }
      if (sheet.index !== searchedSheet) [searchedSheet, searched] = [sheet.index, 0];
      if (searched++ >= HEADER_SEARCH_ROWS) return;
      const header = findHeader([row]);
      if (header) roster = { sheet, header, checker: new RosterChecker(header) };
    });
  } catch (err) {
    if (err instanceof DangkaError && err.code === 'ROSTER_INVALID') return refused(err.message);
    throw err;
  }
  ctx.progress('读取表格', rowsRead, 0);
  ctx.throwIfCancelled();

  if (!anyText) return refused('表格是空的：没有任何数据');
  // A narrowing TypeScript cannot see through the callback above.
  const found = roster as { sheet: SheetInfo; header: HeaderMatch; checker: RosterChecker } | null;
  if (!found) {
    return refused('找不到表头：表格中没有“户编号”“姓名”“证件号码”等列。请确认这是国扶系统导出的人员花名册（每人一行）');
  }
  const { sheet, header, checker } = found;
  const missing = REQUIRED_FIELDS.filter((f) => header.columns[f] === undefined);
  if (missing.length > 0) {
    return refused(`表头缺少必需的列：${missing.map((f) => FIELD_LABEL[f]).join('、')}（在工作表“${sheet.name}”第${header.headerRow}行）`);
  }

  const checked = checker.finish();
  ctx.progress('检查', 0, checked.dataRows);
  await ctx.yield();
  ctx.throwIfCancelled();

  const result: RosterImportResult = {
    fileRows: checked.dataRows,
    households: { created: 0, updated: 0, skipped: 0 },
    persons: 0,
    townshipsCreated: 0,
    villagesCreated: 0,
    problems: checked.problems,
    applied: false,
  };
  if (checked.dataRows === 0) return { ...result, problems: [...result.problems, ...refused('表格只有表头，没有人员数据').problems] };
  await checkPeopleElsewhere(lib.db, checked.households, header.headers.idNumber ?? FIELD_LABEL.idNumber, result.problems, ctx);
  ctx.progress('检查', checked.dataRows, checked.dataRows);
  if (result.problems.length > 0 && !options.keepValid) return result;
  const toWrite = options.keepValid ? checked.households.filter((h) => h.valid) : checked.households;
  result.households.skipped = checked.households.length - toWrite.length;

  // Sorted by 户编号 so that new households get their 案卷号 in the national system's order.
  toWrite.sort((a, b) => (a.householdNo < b.householdNo ? -1 : a.householdNo > b.householdNo ? 1 : 0));
  ctx.progress('写入数据库', 0, toWrite.length);
  // Lets the phase reach the screens before the event loop is busy with the transaction.
  await ctx.yield();
  ctx.throwIfCancelled();
  // One transaction on a connection of its own, taken when no other process writes: all or nothing even if the
  // process dies or the clerk cancels. Between chunks the event loop answers reads (the catalog as it was before the
  // import) and the job's progress; the households show when the whole roster commits.
  await ctx.longWrite(lib, async (db) => {
    const writer = new RosterWriter(db);
    for (let i = 0; i < toWrite.length; i++) {
      if (i % HOUSEHOLDS_PER_STEP === 0 && i > 0) {
        ctx.progress('写入数据库', i, toWrite.length);
        await ctx.yield();
        ctx.throwIfCancelled();
      }
      writer.write(toWrite[i]!, result);
    }
  });
  ctx.progress('写入数据库', toWrite.length, toWrite.length);
  result.applied = true;
  return result;
}

/**
 * A person the library already has in another household — one this roster does not list again without them — would
 * end up in two households: a roster problem naming both (the county decides where the person belongs). A person the
 * roster moves between two households it lists is a move, not a conflict.
 */
async function checkPeopleElsewhere(
  db: Database.Database,
  households: readonly RosterHousehold[],
  column: string,
  problems: RosterProblem[],
  ctx: JobContext,
): Promise<void> {
  const inFile = new Set(households.map((h) => h.householdNo));
  for (const [i, h] of households.entries()) {
    if (i % HOUSEHOLDS_PER_STEP === 0) {
      await ctx.yield();
      ctx.throwIfCancelled();
    }
    for (const m of h.members) {
      const others = stmt(
        db,
        `SELECT h.household_no AS householdNo, h.unit_id AS unitId FROM member m JOIN household h ON h.unit_id = m.household_id
          WHERE m.id_number = ? AND h.household_no <> ?`,
      ).all(m.idNumber, h.householdNo) as { householdNo: string; unitId: number }[];
      for (const other of others) {
        // Listed in the file too: without this person it is a move; with them, the file's own duplicate check said so.
        if (inFile.has(other.householdNo)) continue;
        const place = unitPath(db, other.unitId).map((u) => u.name).join('/');
        problems.push({
          row: m.rowNumber,
          column,
          householdNo: h.householdNo,
          message: `证件号码 ${maskIdNumber(m.idNumber)}（${m.name}）在本库已登记在户编号 ${other.householdNo}（${place}），花名册把此人列在户编号 ${h.householdNo}（${h.township}/${h.village}）：同一人不能在两户，请先核实此人属于哪一户`,
        });
        h.valid = false;
      }
    }
  }
}

class RosterWriter {
  private readonly units = new Map<string, number>();

  constructor(private readonly db: WriteDb) {}

  private unitId(parentId: number | null, tier: 'county' | 'township' | 'village', name: string, result: RosterImportResult): number {
    const key = `${parentId ?? 0}/${name}`;
    const cached = this.units.get(key);
    if (cached !== undefined) return cached;
    // A county the administrator placed under a 市 is still the roster's county (the roster has no 市 column).
    const placed = tier === 'county' ? (stmt(this.db, "SELECT id FROM unit WHERE tier = 'county' AND name = ? ORDER BY id LIMIT 1").get(name) as { id: number } | undefined) : undefined;
    if (placed) {
      this.units.set(key, placed.id);
      return placed.id;
    }
    const { unit, created } = ensureUnit(this.db, { parentId, tier, name });
    if (created && tier === 'township') result.townshipsCreated++;
    if (created && tier === 'village') result.villagesCreated++;
    this.units.set(key, unit.id);
    return unit.id;
  }

  write(h: RosterHousehold, result: RosterImportResult): void {
    const { db } = this;
    const countyId = this.unitId(null, 'county', h.county, result);
    const townshipId = this.unitId(countyId, 'township', h.township, result);
    const villageId = this.unitId(townshipId, 'village', h.village, result);
    const existing = stmt(
      db,
      'SELECT h.unit_id AS id, u.parent_id AS parentId, u.code FROM household h JOIN unit u ON u.id = h.unit_id WHERE h.household_no = ?',
    ).get(h.householdNo) as { id: number; parentId: number; code: string } | undefined;
    let householdId: number;
    if (existing) {
      householdId = existing.id;
      // A household that moved village keeps its 档号 (it is on paper already); only its place in the tree changes,
      // and its 案卷号 when a household of the new village already has that number.
      const code =
        existing.parentId === villageId || !stmt(db, 'SELECT 1 FROM unit WHERE parent_id = ? AND code = ?').get(villageId, existing.code)
          ? existing.code
          : nextLocalCode(db, villageId, 'household', regionCodeOf(db, getUnit(db, villageId)));
      // Only when something changed: an unchanged roster imported again leaves the unit and its clock as they were.
      updateUnitPlace(db, householdId, { name: h.headName, parentId: villageId, code });
      updateHouseholdFacts(db, householdId, h);
      result.households.updated++;
    } else {
      householdId = createUnit(db, { parentId: villageId, tier: 'household', name: h.headName }).id;
      insertHouseholdRecord(db, householdId, { ...h, status: h.status ?? 'ordinary' });
      result.households.created++;
    }
    replaceMembers(db, householdId, h.members);
    result.persons += h.members.length;
  }
}
