// One test per migration, on a database built by the migrations before it with data in it.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../engine/library/library';
import { MIGRATIONS } from '../../engine/library/migrations/index';

function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, null, MIGRATIONS.filter((m) => m.version <= version));
  return db;
}

describe('migrations', () => {
  it('are numbered upwards with gaps for hot fixes', () => {
    const versions = MIGRATIONS.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    for (const v of versions) expect(v % 10).toBe(0);
  });

  it('0020 adds documents and pages to a catalog that already has households, keeping them', () => {
    const db = databaseAt(10);
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (1, NULL, 'county', '示例县', '990001', 'JF·990001')").run();
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 20));
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(db.prepare('SELECT name FROM unit WHERE id = 1').get()).toEqual({ name: '示例县' });
    db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 1, 'image/png')").run('a'.repeat(64));
    db.prepare("INSERT INTO document (id, unit_id, title, source) VALUES (1, 1, '申请书', 'file')").run();
    db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (1, 1, ?)').run('a'.repeat(64));
    expect(db.prepare('SELECT ocr_status FROM page').get()).toEqual({ ocr_status: 'pending' });
    // A page must point at a stored master file.
    expect(() => db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (1, 2, ?)').run('b'.repeat(64))).toThrow(/FOREIGN KEY/);
    // A unit with documents cannot be deleted out from under them.
    expect(() => db.prepare('DELETE FROM unit WHERE id = 1').run()).toThrow(/FOREIGN KEY/);
  });

  it('0070 adds the job table to a library with its trail, keeping it; a job ends with a time and points at a stored file', () => {
    const db = databaseAt(60);
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (1, NULL, 'county', '示例县', '990001', 'JF·990001')").run();
    const trail = (db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 70));
    expect(db.pragma('user_version', { simple: true })).toBe(70);
    expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(trail);
    const insert = db.prepare('INSERT INTO job (id, kind, status, phase, started_at, finished_at, result_sha256, actor, host) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)');
    insert.run('a', 'print', 'running', '排版', null, null, '张三（录入员）', 'pc|1|r');
    expect(db.prepare('SELECT done, total, attempts FROM job').get()).toEqual({ done: 0, total: 0, attempts: 1 });
    // Running means not finished, and finished means not running.
    expect(() => insert.run('b', 'print', 'done', '完成', null, null, '张三（录入员）', 'pc|1|r')).toThrow(/CHECK/);
    expect(() => insert.run('c', 'print', 'running', '排版', 5, null, '张三（录入员）', 'pc|1|r')).toThrow(/CHECK/);
    // A result file is one the store holds.
    expect(() => insert.run('d', 'print', 'done', '完成', 5, 'f'.repeat(64), '张三（录入员）', 'pc|1|r')).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 10, 'application/pdf')").run('f'.repeat(64));
    insert.run('d', 'print', 'done', '完成', 5, 'f'.repeat(64), '张三（录入员）', 'pc|1|r');
    // Jobs are machine records: not in the audit trail.
    expect((db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n).toBe(trail);
  });
});
