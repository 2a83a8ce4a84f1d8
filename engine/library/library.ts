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
import { grantWrite, type WriteDb } from './handles';
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
    configureConnection(db);
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

/** How long a write on the main connection waits for a short lock held by another process. */
const BUSY_TIMEOUT_MS = 5000;

function configureConnection(db: Database.Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  // FULL: a clerk's PC loses power; a committed change must survive it.
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Every write that fires an audit trigger needs a statement journal; in a temporary file it cost a roster import
  // ~20 µs a row (`npm run bench -- roster`). Nothing in it outlives the statement.
  db.pragma('temp_store = MEMORY');
}

/** Main connections whose library is held by a long write of this process (see longWrite). */
const heldByLongWrite = new WeakSet<Database.Database>();

/**
 * The busy timeout a main connection goes back to after a try with its own: none while this process's long write
 * holds the library — a write waiting synchronously would hold the event loop, and so the long write itself — so an
 * in-process write is refused at once with 档案库正忙 (jobs wait their turn in writeWhenFree instead).
 */
export function usualBusyTimeout(db: Database.Database): number {
  return heldByLongWrite.has(db) ? 0 : BUSY_TIMEOUT_MS;
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
 * Runs `work` in one write transaction, taking its turn (takeWriteTurn) instead of failing after the busy timeout
 * with "database is locked".
 */
export async function writeWhenFree<T>(db: Database.Database, work: (db: WriteDb) => T, onWait: (seconds: number) => void, signal?: AbortSignal): Promise<T> {
  await takeWriteTurn(db, onWait, signal);
  try {
    const result = work(grantWrite(db));
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

/**
 * A short write of a handler (a clerk's edit): one immediate transaction on the main connection, all or nothing,
 * handing `work` the writable handle the owners' write functions take (handles.ts). Inside another write
 * transaction it nests as a savepoint. Synchronous: while this process's long write holds the library it is
 * refused at once with 档案库正忙 (usualBusyTimeout).
 */
export function writeTransaction<T>(db: Database.Database, work: (db: WriteDb) => T): T {
  return db.transaction(() => work(grantWrite(db))).immediate();
}

/**
 * Begins a write transaction on `db` once no other connection writes the library: while another process (or this
 * process's long write) holds the write lock it waits — without blocking the event loop, so the screens stay
 * answered — reporting the seconds through `onWait`. The turn is the transaction's own BEGIN IMMEDIATE: nothing is
 * done before it, so a retry is safe. Gives up after WRITER_PATIENCE_MS with a clear message and nothing changed.
 */
async function takeWriteTurn(db: Database.Database, onWait: (seconds: number) => void, signal?: AbortSignal): Promise<void> {
  const started = Date.now();
  for (;;) {
    db.pragma(`busy_timeout = ${BRIEF_LOCK_MS}`);
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (err) {
      if (libraryError(err)?.code !== 'LIBRARY_BUSY') throw err;
    } finally {
      db.pragma(`busy_timeout = ${usualBusyTimeout(db)}`);
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

/**
 * A write too long to hold the event loop (a roster import, a full check): one transaction on a connection of its
 * own, taken in turn like writeWhenFree. `work` awaits between chunks, and meanwhile the library's main connection
 * answers reads from the last committed snapshot (WAL) — the screens never wait for the write to finish, and see
 * none of it until it commits whole. Still one writer: this process's other writes are refused with 档案库正忙 until
 * the commit (usualBusyTimeout), jobs wait their turn, and an error or a cancel rolls everything back.
 */
export async function longWrite<T>(
  lib: Library,
  work: (db: WriteDb) => Promise<T>,
  onWait: (seconds: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<T> {
  const db = new Database(join(lib.dir, DB_FILE));
  try {
    configureConnection(db);
    registerAuditFunctions(db);
    await takeWriteTurn(db, onWait, signal);
    heldByLongWrite.add(lib.db);
    lib.db.pragma('busy_timeout = 0');
    try {
      const result = await work(grantWrite(db));
      db.exec('COMMIT');
      return result;
    } catch (err) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw err;
    } finally {
      heldByLongWrite.delete(lib.db);
      if (lib.db.open) lib.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  } finally {
    db.close();
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
