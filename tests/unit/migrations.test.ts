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

  it('0100 replaces the search index with the token form and queues every document, which a search then indexes', async () => {
    const { searchDocuments } = await import('../../engine/search/search');
    const db = databaseAt(60);
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (1, NULL, 'county', '示例县', '990001', 'JF·990001')").run();
    db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 1, 'image/png')").run('a'.repeat(64));
    db.prepare("INSERT INTO document (id, unit_id, title, source) VALUES (1, 1, '申请书', 'file')").run();
    db.prepare("INSERT INTO page (document_id, seq, master_sha256, ocr_status, ocr_text) VALUES (1, 1, ?, 'done', '申请纳入低保')").run('a'.repeat(64));
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 100));
    expect(db.pragma('user_version', { simple: true })).toBe(100);
    expect(db.prepare('SELECT kind, id FROM search_queue').all()).toEqual([{ kind: 'document', id: 1 }]);
    expect(searchDocuments(db, '低').hits.map((h) => h.pageSeq)).toEqual([1]);
    expect(searchDocuments(db, '纳入低保').hits.map((h) => h.pageSeq)).toEqual([1]);
    // 0030's triggers carry over: deleting the page removes its row.
    db.prepare('DELETE FROM page').run();
    expect(searchDocuments(db, '低保').total).toBe(0);
  });
});

