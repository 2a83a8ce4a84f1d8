// The library's whole schema (tables, indexes, triggers, views), normalised, against a committed snapshot: a schema
// change shows up in review as a diff of tests/unit/__snapshots__/schema.sql (update with `npx vitest run -u` after
// adding a migration). And a library that lived through every release — opened by each version in turn, with
// data in it — ends with exactly the schema of a new one.
import Database from 'better-sqlite3';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE, migrate, openLibrary } from '../../engine/library/library';
import { MIGRATIONS } from '../../engine/library/migrations/index';

/** One statement a line, ordered by kind and name; comments and layout removed, so only meaning is compared. */
function schemaOf(db: Database.Database): string {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'view' THEN 1 WHEN 'index' THEN 2 ELSE 3 END, name")
    .all() as { type: string; name: string; sql: string }[];
  const statements = rows.map((r) =>
    r.sql
      .split('\n')
      .map((line) => line.replace(/--.*$/, ''))
      .join(' ')
      .replace(/\s+/g, ' ')
      .replace(/\( /g, '(')
      .replace(/ \)/g, ')')
      .replace(/ ,/g, ',')
      .trim(),
  );
  return `-- user_version ${db.pragma('user_version', { simple: true }) as number}\n${statements.join(';\n')};\n`;
}

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dangka-schema-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('library schema', () => {
  it('of a new library matches the committed snapshot', async () => {
    const library = openLibrary(join(tempDir(), 'lib'), { create: true });
    try {
      await expect(schemaOf(library.db)).toMatchFileSnapshot('./__snapshots__/schema.sql');
    } finally {
      library.close();
    }
  });

  it('of a library migrated release by release from 0010, with data, equals a new one', () => {
    const fresh = openLibrary(join(tempDir(), 'fresh'), { create: true });
    const expected = schemaOf(fresh.db);
    fresh.close();

    const dir = tempDir();
    const db = new Database(join(dir, DB_FILE));
    try {
      db.pragma('foreign_keys = ON');
      for (const [i, migration] of MIGRATIONS.entries()) {
        // Each release opens the library it finds and runs only its own new migration.
        migrate(db, dir, MIGRATIONS.slice(0, i + 1));
        expect(db.pragma('user_version', { simple: true })).toBe(migration.version);
        if (migration.version === 10) {
          db.exec(`
            INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES
              (1, NULL, 'county', '示例县', '990001', 'JF·990001'), (2, 1, 'township', '青山镇', '101', 'JF·990001101'),
              (3, 2, 'village', '红旗村', '201', 'JF·990001101201'), (4, 3, 'household', '张三', '0001', 'JF·990001101201-0001');
            INSERT INTO household (unit_id, household_no) VALUES (4, '990001101201000001');
            INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (4, 1, '张三', '11010519491231002X', '户主');
          `);
        }
        if (migration.version === 20) {
          db.exec(`
            INSERT INTO blob (sha256, size, mime) VALUES ('${'a'.repeat(64)}', 1, 'image/jpeg');
            INSERT INTO document (id, unit_id, title, source) VALUES (1, 4, '贫困户申请书', 'file');
            INSERT INTO page (document_id, seq, master_sha256) VALUES (1, 1, '${'a'.repeat(64)}');
          `);
        }
      }
      expect(schemaOf(db)).toBe(expected);
      // Every step after the first kept a copy of the library as it was (one per version it left).
      expect(readdirSync(join(dir, 'backups')).length).toBe(MIGRATIONS.length - 1);
      expect(db.prepare('SELECT count(*) AS n FROM member').get()).toEqual({ n: 1 });
      expect(db.prepare('SELECT count(*) AS n FROM page').get()).toEqual({ n: 1 });
    } finally {
      db.close();
    }
  });
});
