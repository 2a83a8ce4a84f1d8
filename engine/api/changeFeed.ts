// The change feed: what every committed write changed, read from the one place every write already lands — the
// audit trail (migration 0060), whose triggers record each row changed with its table and unit, inside the writing
// transaction. A rolled-back write leaves no audit row, so the feed only ever tells of committed changes, whoever
// wrote them (a handler, a job, another process on the same library). No handler has to remember anything.
//
// From the feed the derived data is brought up to date — completeness and problems (a re-check of each village
// touched) and the search index — and then one `change` event goes to the front doors, so every screen showing the
// same household agrees without refreshing on a timer.
import type Database from 'better-sqlite3';
import type { EngineEvent } from '../../shared/events';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { syncSearchIndex } from '../search/indexer';
import { checkAll, recheckUnit } from '../validate/check';
import { villageOf } from '../validate/data';

/** Tables whose rows completeness or the consistency rules read: a change to one re-checks its village. */
const CHECKED_FROM = new Set(['unit', 'household', 'member', 'contact_person', 'household_contact', 'document', 'page', 'form_record']);
/** Tables the search index covers (its triggers queue the rows; the feed drains the queue). */
const INDEXED_FROM = new Set(['unit', 'document', 'page']);
/** Beyond this many villages touched at once (a roster import, a package), one full check is cheaper. */
const FULL_CHECK_FROM_VILLAGES = 40;
/** Pages indexed per look at the feed; what is left is indexed by the next look or the next search. */
const INDEX_PAGES_PER_LOOK = 2000;

type Change = Extract<EngineEvent, { type: 'change' }>;

export class ChangeFeed {
  private seen: number;

  constructor(private readonly lib: Library) {
    this.seen = this.lastAuditId();
  }

  /**
   * Reads what committed since the last look, brings derived data up to date and returns the change to announce
   * (null: nothing changed). Inside a transaction it waits for the next look: nothing there is committed yet.
   */
  look(): Change | null {
    const db = this.lib.db;
    if (!db.open || db.inTransaction) return null;
    const first = this.read();
    if (!first) return null;
    const tables = new Set(first.tables);
    if (first.tables.some((t) => CHECKED_FROM.has(t))) this.recheck(first.unitIds);
    if (first.tables.some((t) => INDEXED_FROM.has(t))) syncSearchIndex(db, { maxPages: INDEX_PAGES_PER_LOOK });
    // The re-check's own writes (problems opened or closed) belong to the same change; they re-check nothing.
    const derived = this.read();
    for (const t of derived?.tables ?? []) tables.add(t);
    const unitIds = withAncestors(db, [...new Set([...first.unitIds, ...(derived?.unitIds ?? [])])]);
    return { type: 'change', tables: [...tables].sort(), unitIds };
  }

  private lastAuditId(): number {
    return (stmt(this.lib.db, 'SELECT ifnull(max(id), 0) AS id FROM audit').get() as { id: number }).id;
  }

  private read(): { tables: string[]; unitIds: number[] } | null {
    const db = this.lib.db;
    const from = this.seen;
    const to = this.lastAuditId();
    if (to <= from) return null;
    this.seen = to;
    const rows = stmt(db, "SELECT DISTINCT tbl, unit_id FROM audit WHERE id > ? AND id <= ? AND tbl <> 'event'").all(from, to) as {
      tbl: string;
      unit_id: number | null;
    }[];
    if (rows.length === 0) return null;
    const units = new Set<number>();
    for (const r of rows) if (r.unit_id !== null) units.add(r.unit_id);
    // A contact person belongs to no unit of their own: their households are the units their edit touches.
    if (rows.some((r) => r.tbl === 'contact_person')) {
      const households = stmt(
        db,
        `SELECT DISTINCT hc.household_id AS id FROM audit a JOIN household_contact hc ON hc.person_id = a.row_id
          WHERE a.id > ? AND a.id <= ? AND a.tbl = 'contact_person'`,
      ).all(from, to) as { id: number }[];
      for (const h of households) units.add(h.id);
    }
    return { tables: [...new Set(rows.map((r) => r.tbl))], unitIds: [...units] };
  }

  private recheck(unitIds: number[]): void {
    const villages = new Set<number>();
    for (const id of unitIds) {
      const village = villageOf(this.lib.db, id);
      if (village !== null) villages.add(village);
    }
    if (villages.size > FULL_CHECK_FROM_VILLAGES) {
      checkAll(this.lib);
      return;
    }
    for (const village of villages) recheckUnit(this.lib, village);
  }
}

/** The units and every unit above them: a household's change concerns its village, township and county pages too. */
function withAncestors(db: Database.Database, unitIds: number[]): number[] {
  if (unitIds.length === 0) return [];
  const rows = stmt(
    db,
    `WITH RECURSIVE up(id) AS (SELECT value FROM json_each(?)
       UNION SELECT u.parent_id FROM unit u JOIN up ON u.id = up.id WHERE u.parent_id IS NOT NULL)
     SELECT id FROM up ORDER BY id`,
  ).all(JSON.stringify(unitIds)) as { id: number }[];
  return rows.map((r) => r.id);
}
