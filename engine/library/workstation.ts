// Settings of one computer using the library (migration 0040): the scanner's folder, the OCR recognizer — things
// that depend on the machine (its folders, its memory), not on the library. Keyed by host name.
import type Database from 'better-sqlite3';
import { stmt } from './sql';

export function readWorkstationSetting(db: Database.Database, host: string, key: string): string | null {
  const row = stmt(db, 'SELECT value FROM workstation_setting WHERE host = ? AND key = ?').get(host, key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Sets (or with null clears) one setting of this computer. */
export function writeWorkstationSetting(db: Database.Database, host: string, key: string, value: string | null): void {
  if (value === null) stmt(db, 'DELETE FROM workstation_setting WHERE host = ? AND key = ?').run(host, key);
  else stmt(db, 'INSERT INTO workstation_setting (host, key, value) VALUES (?, ?, ?) ON CONFLICT (host, key) DO UPDATE SET value = excluded.value').run(host, key, value);
}
