// The library: one folder holding the SQLite database and the content-addressed file store.
//   <dir>/dangka.sqlite   the catalog (WAL, foreign keys on)
//   <dir>/files/          originals and derived files by SHA-256
//   <dir>/backups/        copies taken before a migration
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { DangkaError, GENERIC_MESSAGE } from '../../shared/errors';
import { loadDefaultTemplate, parseTemplate, type DossierTemplate } from '../catalog/template';
import { registerAuditFunctions } from '../audit/trail';
import { diskError } from './diskErrors';
import { FileStore } from './fileStore';
import { MIGRATIONS, type Migration } from './migrations/index';

export const DB_FILE = 'dangka.sqlite';
export const APP_VERSION = '0.1.0';

export interface Library {
  dir: string;
  db: Database.Database;
  files: FileStore;
  template: DossierTemplate;
  close(): void;
}

/** The OS user-data folder: ~/.local/share/dangka, %APPDATA%\dangka, ~/Library/Application Support/dangka. */
export function defaultLibraryDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'dangka');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'dangka');
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'dangka');
}

/** --library DIR, else DANGKA_LIBRARY, else the OS default. */
export function resolveLibraryDir(option?: string, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(option || env.DANGKA_LIBRARY || defaultLibraryDir(env));
}

export function libraryExists(dir: string): boolean {
  return existsSync(join(dir, DB_FILE));
}

export interface OpenOptions {
  /** Create an empty library when the folder has none. */
  create?: boolean;
  /** For a new library: a province's template instead of the shipped default. */
  template?: DossierTemplate;
}

export function openLibrary(dirOption: string, options: OpenOptions = {}): Library {
  const dir = resolve(dirOption);
  const dbPath = join(dir, DB_FILE);
  const isNew = !existsSync(dbPath);
  if (isNew) {
    if (!options.create) {
      throw new DangkaError('LIBRARY_MISSING', `找不到档案库：${dir}。请先运行 dangka init（新建空库）或 dangka demo（示例库）`);
    }
    if (existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).some((f) => !f.startsWith('.'))) {
      throw new DangkaError('INVALID_INPUT', `文件夹不是空的，也不是档案库：${dir}。请选择一个空文件夹`);
    }
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      throw new DangkaError('LIBRARY_READ_ONLY', `无法在此处创建档案库：${dir}`);
    }
  }

  let db: Database.Database;
  try {
    db = new Database(dbPath);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    // FULL: a clerk's PC loses power; a committed change must survive it.
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // Every write that fires an audit trigger needs a statement journal; in a temporary file it cost a roster import
    // ~20 µs a row (`npm run bench -- roster`). Nothing in it outlives the statement.
    db.pragma('temp_store = MEMORY');
  } catch (err) {
    throw translateOpenError(err, dir);
  }

  try {
    migrate(db, dir);
    if (isNew) initMeta(db, options.template ?? loadDefaultTemplate());
  } catch (err) {
    db.close();
    throw translateOpenError(err, dir);
  }

  const template = parseTemplate(readMeta(db, 'template') ?? '', `${dbPath} (meta.template)`);
  return {
    dir,
    db,
    files: new FileStore(join(dir, 'files')),
    template,
    close: () => db.close(),
  };
}

/** The SQLite failures a clerk can act on, in Chinese; null for anything else (a bug, logged by the caller). */
export function libraryError(err: unknown): DangkaError | null {
  const disk = diskError(err);
  if (disk) return disk;
  const code = (err as { code?: string }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT') return new DangkaError('LIBRARY_BUSY', GENERIC_MESSAGE.LIBRARY_BUSY);
  if (code === 'SQLITE_READONLY') return new DangkaError('LIBRARY_READ_ONLY', GENERIC_MESSAGE.LIBRARY_READ_ONLY);
  if (code === 'SQLITE_CORRUPT') return new DangkaError('LIBRARY_CORRUPT', GENERIC_MESSAGE.LIBRARY_CORRUPT);
  return null;
}

/** The phase a job shows while another process writes the library (and the CLI prints, with the seconds waited). */
export const WAITING_FOR_WRITER = '档案库正忙（另一个程序正在写入），等待中…';
/** How long a job waits for another process's write before it gives up, changing nothing. */
const WRITER_PATIENCE_MS = 10 * 60 * 1000;
/** A lock held this briefly (another process's short write) is waited out by SQLite itself. */
const BRIEF_LOCK_MS = 250;
const WRITER_LOOK_MS = 200;

/**
 * Runs `work` in one write transaction, taking its turn: while another process holds the library's write lock (a
 * long import or check in the app, or a CLI import while the app writes) it waits — without blocking the event
 * loop, so the screens stay answered — reporting the seconds through `onWait`, instead of failing after the busy
 * timeout with "database is locked". The turn is the transaction's own BEGIN IMMEDIATE: nothing is done before it,
 * so a retry is safe. Gives up after WRITER_PATIENCE_MS with a clear message and nothing changed.
 */
export async function writeWhenFree<T>(db: Database.Database, work: () => T, onWait: (seconds: number) => void, signal?: AbortSignal): Promise<T> {
  const started = Date.now();
  const timeout = db.pragma('busy_timeout', { simple: true }) as number;
  for (;;) {
    db.pragma(`busy_timeout = ${BRIEF_LOCK_MS}`);
    let begun = false;
    try {
      db.exec('BEGIN IMMEDIATE');
      begun = true;
    } catch (err) {
      if (libraryError(err)?.code !== 'LIBRARY_BUSY') throw err;
    } finally {
      db.pragma(`busy_timeout = ${timeout}`);
    }
    if (begun) {
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.inTransaction) db.exec('ROLLBACK');
        throw err;
      }
    }
    const waited = Date.now() - started;
    if (waited > WRITER_PATIENCE_MS) {
      throw new DangkaError('LIBRARY_BUSY', `档案库一直被另一个程序占用（已等待 ${Math.round(waited / 60000)} 分钟），未做任何修改。请等那边的导入或检查结束后再试`);
    }
    if (signal?.aborted) throw new DangkaError('JOB_CANCELLED', '已取消，未做任何修改');
    onWait(Math.floor(waited / 1000));
    await new Promise((resolve) => setTimeout(resolve, WRITER_LOOK_MS));
  }
}

function translateOpenError(err: unknown, dir: string): Error {
  if (err instanceof DangkaError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new DangkaError('LIBRARY_CORRUPT', `档案库数据库已损坏或不是档卡的数据库：${dir}。请从备份恢复`);
  }
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN' || code === 'EACCES' || code === 'EROFS') {
    return new DangkaError('LIBRARY_READ_ONLY', `无法打开或写入档案库（磁盘只读或没有权限）：${dir}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

/** Runs the pending migrations; refuses a database from a newer Dangka; backs up an older one first. */
export function migrate(db: Database.Database, dir: string | null, migrations: readonly Migration[] = MIGRATIONS): void {
  // The audit triggers call these: every connection that opens a library can write.
  registerAuditFunctions(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current > latest) {
    throw new DangkaError(
      'LIBRARY_FROM_FUTURE',
      `该档案库由更新版本的档卡创建（数据版本 ${current}，本程序支持到 ${latest}），请升级档卡后再打开。档案库未做任何修改`,
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (current > 0 && dir) backupBeforeMigration(db, dir, current);
  for (const migration of pending) {
    // foreign_keys can only change outside a transaction; a rebuild's DROP TABLE would otherwise cascade.
    const keysWereOn = migration.rebuildsTables === true && db.pragma('foreign_keys', { simple: true }) === 1;
    if (keysWereOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        if (migration.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
          if (broken.length > 0) {
            const first = broken[0]!;
            throw new DangkaError('LIBRARY_CORRUPT', `数据升级中止，档案库未做任何修改：${first.table} 第 ${first.rowid} 行指向不存在的 ${first.parent}（共 ${broken.length} 处）`);
          }
        }
        db.pragma(`user_version = ${migration.version}`);
      }).immediate();
    } finally {
      if (keysWereOn) db.pragma('foreign_keys = ON');
    }
  }
}

function backupBeforeMigration(db: Database.Database, dir: string, fromVersion: number): void {
  const backups = join(dir, 'backups');
  mkdirSync(backups, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = join(backups, `dangka-v${fromVersion}-${stamp}.sqlite`);
  db.prepare('VACUUM INTO ?').run(target);
}

function initMeta(db: Database.Database, template: DossierTemplate): void {
  const put = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    put.run('created_at', new Date().toISOString());
    put.run('created_by', `dangka ${APP_VERSION}`);
    put.run('template', JSON.stringify(template));
  })();
}

/** The one writer of the library's settings (meta): key → text. */
export function writeMeta(db: Database.Database, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(key, value);
}

export function readMeta(db: Database.Database, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}
