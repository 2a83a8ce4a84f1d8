// 家庭户档: the household's own copy of its dossier, kept at home (seed 003). Dangka cannot hold its scans; it records
// that the copy was made and handed over (when, to whom), and completeness counts that record instead of scans.
import type Database from 'better-sqlite3';
import type { HomeCopy } from '../../shared/corrections';
import { DangkaError } from '../../shared/errors';
import { currentActor, recordEvent } from '../audit/trail';
import { stmt } from '../library/sql';

const COLUMNS = 'household_id AS householdId, made_on AS madeOn, handed_on AS handedOn, handed_to AS handedTo, recorded_by AS recordedBy, recorded_at AS recordedAt';

export function getHomeCopy(db: Database.Database, householdId: number): HomeCopy | null {
  if (!stmt(db, 'SELECT 1 FROM household WHERE unit_id = ?').get(householdId)) throw new DangkaError('NOT_FOUND', `没有找到该户（编号 ${householdId}）`);
  return (stmt(db, `SELECT ${COLUMNS} FROM home_copy WHERE household_id = ?`).get(householdId) as HomeCopy | undefined) ?? null;
}

export function setHomeCopy(db: Database.Database, householdId: number, record: { madeOn: string; handedOn: string; handedTo: string }): HomeCopy {
  return db
    .transaction(() => {
      getHomeCopy(db, householdId);
      stmt(
        db,
        `INSERT INTO home_copy (household_id, made_on, handed_on, handed_to, recorded_by) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (household_id) DO UPDATE SET made_on = excluded.made_on, handed_on = excluded.handed_on, handed_to = excluded.handed_to,
           recorded_by = excluded.recorded_by, recorded_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
      ).run(householdId, record.madeOn, record.handedOn, record.handedTo, currentActor().name);
      recordEvent(db, '家庭户档交付', { madeOn: record.madeOn, handedOn: record.handedOn, handedTo: record.handedTo }, householdId);
      return getHomeCopy(db, householdId)!;
    })
    .immediate();
}
