// Test and bench fixtures are written before anything else runs on their library, so there is no second writer to
// keep out: this is the one grant of the writable handle (engine/library/handles.ts) outside the one-writer machinery,
// for tests and benches only (tests/unit/tableOwners.test.ts keeps engine code from using it).
import type Database from 'better-sqlite3';
import { grantWrite, type WriteDb } from '../engine/library/handles';

export function fixtureWriter(db: Database.Database): WriteDb {
  return grantWrite(db);
}
