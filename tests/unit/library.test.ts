import Database from 'better-sqlite3';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDefaultTemplate, parseTemplate } from '../../engine/catalog/template';
import { FileStore } from '../../engine/library/fileStore';
import { DB_FILE, defaultLibraryDir, migrate, openLibrary, resolveLibraryDir } from '../../engine/library/library';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../engine/library/migrations/index';
import { tempDir } from './helpers';

describe('library', () => {
  it('creates a library with WAL, foreign keys and the latest schema, and records its template', () => {
    const dir = join(tempDir(), 'lib');
    const lib = openLibrary(dir, { create: true });
    expect(lib.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(lib.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(lib.db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(lib.template.id).toBe('cn-default');
    expect(lib.template.tiers.village.categories).toHaveLength(7);
    expect(lib.template.tiers.village.categories.flatMap((c) => c.items)).toHaveLength(22);
    expect(lib.template.tiers.township.categories.flatMap((c) => c.items)).toHaveLength(22);
    expect(lib.template.tiers.county.categories).toHaveLength(4);
    lib.close();
  });

  it('keeps the template it was created with even when opened again', () => {
    const dir = join(tempDir(), 'lib');
    const province = { ...loadDefaultTemplate(), id: 'henan', version: '2017.5', name: '河南省模板' };
    openLibrary(dir, { create: true, template: province }).close();
    const again = openLibrary(dir);
    expect(again.template).toMatchObject({ id: 'henan', version: '2017.5' });
    again.close();
  });

  it('says which library is missing instead of creating one silently', () => {
    const dir = join(tempDir(), 'nowhere');
    expect(() => openLibrary(dir)).toThrow(/找不到档案库/);
    expect(existsSync(dir)).toBe(false);
  });

  it('refuses to turn a folder of other files into a library', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '重要文件.docx'), 'x');
    expect(() => openLibrary(dir, { create: true })).toThrow(/不是空的/);
    expect(readdirSync(dir)).toEqual(['重要文件.docx']);
  });

  it('refuses a library written by a newer Dangka and leaves it untouched', () => {
    const dir = join(tempDir(), 'lib');
    openLibrary(dir, { create: true }).close();
    const raw = new Database(join(dir, DB_FILE));
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 100}`);
    raw.close();
    const before = readFileSync(join(dir, DB_FILE));
    expect(() => openLibrary(dir)).toThrow(/更新版本的档卡/);
    expect(readFileSync(join(dir, DB_FILE)).equals(before)).toBe(true);
  });

  it('reports a corrupt database file in Chinese', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DB_FILE), Buffer.alloc(8192, 7));
    expect(() => openLibrary(dir)).toThrow(/已损坏/);
  });

  it('backs up an older library before migrating it, and migrates in one transaction per step', () => {
    const dir = tempDir();
    const db = new Database(join(dir, DB_FILE));
    migrate(db, dir, MIGRATIONS);
    db.prepare("INSERT INTO meta (key, value) VALUES ('probe', 'kept')").run();
    const next = { version: LATEST_SCHEMA_VERSION + 10, name: 'test step', sql: 'CREATE TABLE added_later (x INTEGER) STRICT;' };
    migrate(db, dir, [...MIGRATIONS, next]);
    expect(db.pragma('user_version', { simple: true })).toBe(next.version);
    const backups = readdirSync(join(dir, 'backups'));
    expect(backups).toHaveLength(1);
    const copy = new Database(join(dir, 'backups', backups[0]!), { readonly: true });
    expect(copy.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION);
    expect(copy.prepare("SELECT value FROM meta WHERE key = 'probe'").get()).toEqual({ value: 'kept' });
    copy.close();

    const broken = { version: next.version + 10, name: 'broken', sql: 'CREATE TABLE half (x INTEGER); SELECT * FROM no_such_table;' };
    expect(() => migrate(db, dir, [...MIGRATIONS, next, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(next.version);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    db.close();
  });

  it('chooses --library, then DANGKA_LIBRARY, then the OS user-data folder', () => {
    expect(resolveLibraryDir('/a/b', { DANGKA_LIBRARY: '/c' })).toBe('/a/b');
    expect(resolveLibraryDir(undefined, { DANGKA_LIBRARY: '/c' })).toBe('/c');
    expect(defaultLibraryDir({ XDG_DATA_HOME: '/x' }, 'linux')).toBe('/x/dangka');
    expect(defaultLibraryDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/Roaming.dangka$/);
  });

  it('stores a file once under its SHA-256', () => {
    const store = new FileStore(join(tempDir(), 'files'));
    const a = store.put(Buffer.from('同一页'));
    const b = store.put(Buffer.from('同一页'));
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(store.read(a).toString()).toBe('同一页');
    expect(readdirSync(join(store.root, a.slice(0, 2)))).toEqual([a]);
  });

  it('rejects a malformed province template with the field that is wrong', () => {
    expect(() => parseTemplate('{"id":"x"}', 'p.json')).toThrow(/模板文件格式不对/);
    expect(() => parseTemplate('not json', 'p.json')).toThrow(/不是有效的 JSON/);
  });
});
