// Migration 0150 rebuilds the unit table (its CHECK constraint gains the 市 tier): a populated library keeps every row,
// index, trigger and foreign key, and ends with the same schema as a library made new.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../engine/audit/trail';
import { loadDefaultTemplate } from '../../engine/catalog/template';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { DB_FILE, migrate, openLibrary } from '../../engine/library/library';
import { FileStore } from '../../engine/library/fileStore';
import { MIGRATIONS } from '../../engine/library/migrations/index';
import { tempDir } from './helpers';

type SchemaRow = { type: string; name: string; tbl_name: string; sql: string | null };
const schemaOf = (db: Database.Database): SchemaRow[] =>
  db.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name").all() as SchemaRow[];
const tablesOf = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'search_index_%' ORDER BY name").all() as { name: string }[]).map((r) => r.name);
// Sorted as text: some tables are WITHOUT ROWID.
const rowsOf = (db: Database.Database, table: string): string[] =>
  (db.prepare(`SELECT * FROM "${table}"`).raw().all() as unknown[][]).map((r) => JSON.stringify(r, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v))).sort();

/** A library at schema 110 (before the 市 tier) with a small demo county in it: households, documents, the trail. */
async function libraryBefore0150(): Promise<string> {
  const dir = join(tempDir(), 'library');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, DB_FILE));
  db.pragma('foreign_keys = ON');
  migrate(db, dir, MIGRATIONS.filter((m) => m.version < 150));
  db.prepare("INSERT INTO meta (key, value) VALUES ('template', ?)").run(JSON.stringify(loadDefaultTemplate()));
  const template = loadDefaultTemplate();
  await buildDemoLibrary({ dir, db, files: new FileStore(join(dir, 'files')), template, close: () => db.close() }, generateCounty({ households: 12, seed: 5 }));
  db.close();
  return dir;
}

describe('migration 0150 (the 市 tier)', () => {
  it('keeps every row of a populated library, its indexes, triggers and foreign keys, and matches a new library', async () => {
    const dir = await libraryBefore0150();
    const before = new Database(join(dir, DB_FILE), { readonly: true });
    const tables = tablesOf(before);
    const rowsBefore = Object.fromEntries(tables.map((t) => [t, rowsOf(before, t)]));
    const schemaBefore = schemaOf(before);
    before.close();
    expect(rowsBefore['unit']!.length).toBeGreaterThan(12);
    expect(rowsBefore['audit']!.length).toBeGreaterThan(0);

    const lib = openLibrary(dir);
    try {
      const db = lib.db;
      expect(db.pragma('user_version', { simple: true })).toBe(150);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      // Every row of every table as it was (the DROP of the old unit table cascaded nowhere), the trail intact.
      for (const t of tables) expect(rowsOf(db, t), t).toEqual(rowsBefore[t]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(verifyAudit(db).ok).toBe(true);
      // The schema is the old one but for the unit table's own text: same indexes, triggers, other tables.
      const changed = schemaOf(db).filter((r) => !schemaBefore.some((b) => b.name === r.name && b.sql === r.sql));
      expect(changed.map((r) => r.name)).toEqual(['unit']);
      expect(schemaOf(db).map((r) => r.name)).toEqual(schemaBefore.map((r) => r.name));
      // The same schema as a library made new today.
      const fresh = openLibrary(join(tempDir(), 'fresh'), { create: true });
      expect(schemaOf(db)).toEqual(schemaOf(fresh.db));
      fresh.close();

      // The triggers work on the new table: a rename is audited and queued for the search index.
      const village = db.prepare("SELECT id FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number };
      const auditRows = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
      db.prepare("UPDATE unit SET name = '改名村' WHERE id = ?").run(village.id);
      expect(db.prepare('SELECT tbl, op, unit_id FROM audit ORDER BY id DESC LIMIT 1').get()).toEqual({ tbl: 'unit', op: 'update', unit_id: village.id });
      expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(auditRows + 1);
      expect(db.prepare("SELECT 1 AS queued FROM search_queue WHERE kind = 'unit' AND id = ?").get(village.id)).toEqual({ queued: 1 });
      // The foreign keys still hold both ways: a village with households cannot go; a unit under a missing parent cannot come.
      expect(() => db.prepare('DELETE FROM unit WHERE id = ?').run(village.id)).toThrow(/FOREIGN KEY/);
      expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (999999, 'village', '无', '299', 'X')").run()).toThrow(/FOREIGN KEY/);
      const household = db.prepare("SELECT id FROM unit WHERE tier = 'household' ORDER BY id LIMIT 1").get() as { id: number };
      expect(db.prepare('SELECT count(*) AS n FROM member WHERE household_id = ?').get(household.id)).not.toEqual({ n: 0 });

      // The new constraint: a 市 is a root; a county is a root or under a 市; the others need a parent.
      const county = db.prepare("SELECT id FROM unit WHERE tier = 'county'").get() as { id: number };
      const city = db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (NULL, 'city', '示例市', '9900', 'JF·9900')").run();
      db.prepare('UPDATE unit SET parent_id = ? WHERE id = ?').run(city.lastInsertRowid, county.id);
      expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (?, 'city', '子市', '9901', 'JF·9901')").run(city.lastInsertRowid)).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (NULL, 'township', '无主镇', '101', 'JF·x')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (NULL, 'province', '省', '99', 'JF·99')").run()).toThrow(/CHECK/);
    } finally {
      lib.close();
    }
  });

  it('stops with nothing changed when the library already has a broken reference', () => {
    const db = new Database(':memory:');
    const before = MIGRATIONS.filter((m) => m.version < 150);
    migrate(db, null, before);
    db.pragma('foreign_keys = OFF');
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (5, 77, 'township', '孤镇', '101', 'JF·101')").run();
    db.pragma('foreign_keys = ON');
    expect(() => migrate(db, null)).toThrow(/未做任何修改.*unit/);
    // Still at the migration before 0150: the refused rebuild committed nothing.
    expect(db.pragma('user_version', { simple: true })).toBe(before.at(-1)!.version);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect((db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'unit'").get() as { sql: string }).sql).not.toMatch(/city/);
  });
});
