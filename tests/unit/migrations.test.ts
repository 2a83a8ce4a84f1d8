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
    // Tens for releases; engineers working in parallel were given numbers in between (0095), each used once.
    expect(new Set(versions).size).toBe(versions.length);
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

  it('0110 gives an existing library its own identity once, keeping its meta', () => {
    const db = databaseAt(60);
    db.prepare("INSERT INTO meta (key, value) VALUES ('created_by', 'dangka 0.1.0')").run();
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 110));
    const id = db.prepare("SELECT value FROM meta WHERE key = 'library_id'").get() as { value: string };
    expect(id.value).toMatch(/^[0-9a-f]{32}$/);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'created_by'").get()).toEqual({ value: 'dangka 0.1.0' });
    // Another library gets another identity.
    const other = databaseAt(110).prepare("SELECT value FROM meta WHERE key = 'library_id'").get() as { value: string };
    expect(other.value).not.toBe(id.value);
  });

  it('0110 keeps failed sign-ins per account, gone with the account', () => {
    const db = databaseAt(60);
    db.prepare("INSERT INTO app_user (id, username, display_name, role, password_hash) VALUES (1, 'clerk', '王录入', 'clerk', 'x')").run();
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 110));
    db.prepare("INSERT INTO sign_in_failure (user_id, failures, last_at, locked_at) VALUES (1, 10, 0, '2026-01-01T00:00:00Z')").run();
    expect(() => db.prepare('INSERT INTO sign_in_failure (user_id, failures, last_at) VALUES (2, 1, 0)').run()).toThrow(/FOREIGN KEY/);
    db.prepare('DELETE FROM app_user WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) AS n FROM sign_in_failure').get()).toEqual({ n: 0 });
  });

  it('0090 adds the description columns; a title never changed counts as the file name, a renamed one does not', () => {
    const db = databaseAt(60);
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (1, NULL, 'county', '示例县', '990001', 'JF·990001')").run();
    db.prepare("INSERT INTO document (id, unit_id, title, source) VALUES (1, 1, 'scan1', 'file'), (2, 1, 'IMG_0002', 'file')").run();
    db.prepare("UPDATE document SET title = '关于档案整理的通知' WHERE id = 2").run();
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 90));
    expect(db.pragma('user_version', { simple: true })).toBe(90);
    expect(db.prepare('SELECT id, title, source_name, author, doc_date, retention, suggested FROM document ORDER BY id').all()).toEqual([
      { id: 1, title: 'scan1', source_name: 'scan1', author: '', doc_date: '', retention: null, suggested: '[]' },
      { id: 2, title: '关于档案整理的通知', source_name: null, author: '', doc_date: '', retention: null, suggested: '[]' },
    ]);
    // 成文日期 is 8 digits and 保管期限 one of Y/D30/D10.
    expect(() => db.prepare("UPDATE document SET doc_date = '2019-04-02' WHERE id = 1").run()).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE document SET retention = '长期' WHERE id = 1").run()).toThrow(/CHECK/);
    // The clerk's description is in the trail, old → new.
    db.prepare("UPDATE document SET author = '青山镇人民政府', doc_date = '20190402' WHERE id = 1").run();
    const last = db.prepare("SELECT before, after FROM audit WHERE tbl = 'document' ORDER BY id DESC LIMIT 1").get() as { before: string; after: string };
    expect(JSON.parse(last.before)).toMatchObject({ author: '', doc_date: '' });
    expect(JSON.parse(last.after)).toMatchObject({ author: '青山镇人民政府', doc_date: '20190402' });
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

  it('0095 adds 户类型 events, the 回收站 and the 家庭户档 handover to a library with households and documents', () => {
    const db = databaseAt(60);
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (1, NULL, 'county', '示例县', '990001', 'JF·990001')").run();
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (2, 1, 'household', '王芳', '0001', 'JF·0001')").run();
    db.prepare("INSERT INTO household (unit_id, household_no, status) VALUES (2, '3601241012010001', 'stable')").run();
    db.prepare("INSERT INTO document (id, unit_id, title, source) VALUES (1, 2, '申请书', 'file')").run();
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 95));
    expect(db.pragma('user_version', { simple: true })).toBe(95);
    expect(db.prepare('SELECT status FROM household WHERE unit_id = 2').get()).toEqual({ status: 'stable' });
    const event = db.prepare('INSERT INTO household_status_event (household_id, from_status, to_status, effective_date, reason, recorded_by) VALUES (2, ?, ?, ?, ?, ?)');
    event.run('stable', 'monitored', '2020-06-01', '因病', '王芳（录入员）');
    // A change to the same 户类型, an undated one and one without a reason are refused by the schema itself.
    expect(() => event.run('monitored', 'monitored', '2020-07-01', '因病', '王芳')).toThrow(/CHECK/);
    expect(() => event.run('monitored', 'stable', '2020年7月', '因病', '王芳')).toThrow(/CHECK/);
    expect(() => event.run('monitored', 'stable', '2020-07-01', ' ', '王芳')).toThrow(/CHECK/);
    db.prepare("INSERT INTO document_bin (document_id, former_unit_id, former_item, reason, withdrawn_by) VALUES (1, 2, NULL, '重复', '王芳')").run();
    // Deleting the household clears the bin's pointer but keeps the document in the bin.
    db.prepare('UPDATE document SET unit_id = NULL WHERE id = 1').run();
    db.prepare("INSERT INTO home_copy (household_id, made_on, handed_on, handed_to, recorded_by) VALUES (2, '2020-01-02', '2020-01-05', '王芳', '李四')").run();
    expect(() => db.prepare("INSERT OR REPLACE INTO home_copy (household_id, made_on, handed_on, handed_to, recorded_by) VALUES (2, '2020-01-05', '2020-01-02', '王芳', '李四')").run()).toThrow(/CHECK/);
    db.prepare('DELETE FROM unit WHERE id = 2').run();
    expect(db.prepare('SELECT former_unit_id FROM document_bin WHERE document_id = 1').get()).toEqual({ former_unit_id: null });
    expect(db.prepare('SELECT count(*) AS n FROM household_status_event').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM home_copy').get()).toEqual({ n: 0 });
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

