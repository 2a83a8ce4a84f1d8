// Backups of a library: a BagIt bag that `dangka verify` or `sha256sum -c` can check on any computer —
//   data/dangka.sqlite          a consistent snapshot of the catalog (SQLite's online backup: the app keeps working)
//   data/files/ab/<sha256>      every stored file, laid out as in the library
// written with the acceptance packages' safe writer (temporary folder, fsync, read-back, rename). A restore trusts
// the bag no more than an import does and only ever makes a new library folder: it never overwrites a library.
import type { BackupResult } from '../../shared/domain';
import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { DangkaError } from '../../shared/errors';
import { detachedContext, type JobContext } from '../jobs/jobs';
import { missingStoredFiles } from '../library/fixity';
import { FileStore } from '../library/fileStore';
import { APP_VERSION, DB_FILE, openLibrary, readMeta, type Library } from '../library/library';
import { hashFile, parseManifest, verifyBag } from '../pack/bagit';
import { formatBytes, freeBagName, freeSpace, nodeIo, spaceNeeded, writeBag, type BagFile, type WriterIo } from '../pack/writer';

export const BACKUP_DESCRIPTION = '档卡档案库备份';
const BACKUP_NAME = /^dangka-backup-\d{8}-\d{6}(-\d+)?$/;
const STORED_NAME = /^[0-9a-f]{64}$/;
const STORED_PATH = /^data\/files\/([0-9a-f]{2})\/([0-9a-f]{64})$/;
const DB_PATH = `data/${DB_FILE}`;
/** Pages copied per step of the online backup: a few milliseconds each, so the app stays responsive. */
const STEP_PAGES = 2048;
const PROBLEMS_SHOWN = 5;

export type { BackupResult };

/** Automatic backups kept in <library>/backups/auto: two working weeks of daily closes. */
export const AUTO_BACKUPS_KEPT = 10;

const pad = (n: number) => String(n).padStart(2, '0');
const localDate = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
const localStamp = (d: Date) => `${localDate(d).replace(/-/g, '')}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

function checkSpace(dir: string, needed: number, what: string): void {
  const free = freeSpace(dir);
  if (free !== null && free < needed) {
    throw new DangkaError('EXPORT_FAILED', `空间不足：${what}需要约 ${formatBytes(needed)}，${dir} 只有 ${formatBytes(free)} 可用。请换一个更大的U盘或移动硬盘`);
  }
}

/** The library as writeBag sees it: the snapshot stands in as one more stored file, copied from disk (it can be larger than memory). */
class SnapshotStore extends FileStore {
  constructor(
    root: string,
    private readonly snapshot: string,
  ) {
    super(root);
  }

  override pathOf(key: string): string {
    return key === DB_FILE ? this.snapshot : super.pathOf(key);
  }
}

/** Every finished file of the content store: a *.tmp is a write in progress, and Windows leaves Thumbs.db or desktop.ini in folders. */
function storedFiles(root: string): { sha256: string; size: number }[] {
  const found: { sha256: string; size: number }[] = [];
  for (const prefix of readdirSync(root, { withFileTypes: true })) {
    if (!prefix.isDirectory() || !/^[0-9a-f]{2}$/.test(prefix.name)) continue;
    for (const name of readdirSync(join(root, prefix.name)).sort()) {
      if (!STORED_NAME.test(name) || !name.startsWith(prefix.name)) continue;
      const st = lstatSync(join(root, prefix.name, name));
      if (st.isFile()) found.push({ sha256: name, size: st.size });
    }
  }
  return found;
}

async function takeSnapshot(db: Database.Database, target: string, ctx: JobContext): Promise<void> {
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  let restarts = 0;
  let lastRemaining = Number.POSITIVE_INFINITY;
  try {
    await db.backup(target, {
      progress: ({ totalPages, remainingPages }) => {
        ctx.throwIfCancelled('已取消备份，没有留下备份');
        if (remainingPages > lastRemaining) restarts++;
        lastRemaining = remainingPages;
        ctx.progress('备份数据库', (totalPages - remainingPages) * pageSize, totalPages * pageSize, 'bytes');
        // A write by another connection restarts the copy; when that keeps happening, copy the rest in one step.
        return restarts >= 3 ? 0x7fffffff : STEP_PAGES;
      },
    });
  } catch (err) {
    if (err instanceof DangkaError) throw err;
    const code = (err as { code?: string }).code ?? '';
    if (code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR')) {
      throw new DangkaError('EXPORT_FAILED', `临时文件夹空间不足或无法写入，没有生成备份：${tmpdir()}`);
    }
    if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB') {
      throw new DangkaError('LIBRARY_CORRUPT', '档案库数据库已损坏，没有生成备份。请保留以前的备份，并联系技术支持');
    }
    throw err;
  }
}

/** Checks the snapshot and reads what bag-info names; leaves it a single self-contained file. */
function inspectSnapshot(path: string): { schema: number; createdAt: string | null } {
  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    // Out of WAL mode: the copy in the bag opens anywhere, even read-only from a stick, with no -wal file beside it.
    db.pragma('journal_mode = DELETE');
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]!.integrity_check !== 'ok') {
      const found = rows.slice(0, 3).map((r) => r.integrity_check).join('；');
      throw new DangkaError('LIBRARY_CORRUPT', `档案库数据库完整性检查未通过（${found}），没有生成备份。请保留以前的备份，并联系技术支持`);
    }
    return { schema: db.pragma('user_version', { simple: true }) as number, createdAt: readMeta(db, 'created_at') };
  } catch (err) {
    if (err instanceof DangkaError) throw err;
    throw new DangkaError('LIBRARY_CORRUPT', '档案库数据库已损坏，没有生成备份。请保留以前的备份，并联系技术支持');
  } finally {
    db?.close();
  }
}

/** Backs the library up as a bag `dangka-backup-YYYYMMDD-HHMMSS` in outDir (local time); safe while the app keeps writing. */
export async function backupLibrary(lib: Library, outDir: string, ctx: JobContext, options: { io?: WriterIo; now?: Date; label?: string } = {}): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const out = resolve(outDir);
  if (!existsSync(out) || !statSync(out).isDirectory()) {
    throw new DangkaError('NOT_FOUND', `找不到保存位置：${out}。请插好U盘，或选择一个已有的文件夹`);
  }
  const dbPath = join(lib.dir, DB_FILE);
  const dbBytes = sizeOf(dbPath) + sizeOf(`${dbPath}-wal`);
  const blobs = lib.db.prepare('SELECT count(*) AS n, total(size) AS bytes FROM blob').get() as { n: number; bytes: number };
  checkSpace(out, spaceNeeded(dbBytes + blobs.bytes, blobs.n + 5), '备份');
  checkSpace(tmpdir(), dbBytes, '数据库快照');

  const tmp = mkdtempSync(join(tmpdir(), 'dangka-backup-'));
  try {
    const snapshot = join(tmp, DB_FILE);
    await takeSnapshot(lib.db, snapshot, ctx);
    ctx.progress('检查数据库', 0, 0);
    const { schema, createdAt } = inspectSnapshot(snapshot);
    ctx.throwIfCancelled('已取消备份，没有留下备份');
    // Listed after the snapshot: a row is written only after its file, so every file the snapshot names is here —
    // unless one vanished from the disk. Then the backup would be incomplete while calling itself verified: refused.
    const missing = missingStoredFiles(lib);
    if (missing.length) {
      throw new DangkaError(
        'LIBRARY_CORRUPT',
        `档案库缺少 ${missing.length} 个文件，没有生成备份（备份会不完整）：${missing.slice(0, 3).map((m) => m.usedBy).join('；')}${missing.length > 3 ? ' 等' : ''}。请运行 dangka fsck 查看全部，从以前的备份找回这些文件`,
      );
    }
    const stored = storedFiles(lib.files.root);
    const files: BagFile[] = [
      { path: DB_PATH, sha256: hashFile(snapshot), size: sizeOf(snapshot), source: { blob: DB_FILE } },
      ...stored.map((f) => ({ path: `data/files/${f.sha256.slice(0, 2)}/${f.sha256}`, sha256: f.sha256, size: f.size, source: { blob: f.sha256 } })),
    ];
    const label = options.label?.trim();
    const info: [string, string][] = [
      ['External-Description', BACKUP_DESCRIPTION],
      ['Bagging-Date', localDate(now)],
      ['Dangka-Version', APP_VERSION],
      ['Dangka-Schema-Version', String(schema)],
      ...(createdAt ? [['Dangka-Library-Created', createdAt] as [string, string]] : []),
      ...(label ? [['Dangka-Backup-Label', label] as [string, string]] : []),
    ];
    const name = freeBagName(out, `dangka-backup-${localStamp(now)}`);
    const bytesTotal = files.reduce((sum, f) => sum + f.size, 0);
    const view: Library = { ...lib, files: new SnapshotStore(lib.files.root, snapshot) };
    const written = await writeBag(view, out, { name, files, info }, ctx, { label: '备份', bytesBefore: 0, bytesTotal }, options.io);
    return { path: written.path, name, files: written.files, bytes: written.bytes };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface Copy {
  path: string;
  digest: string;
  /** Where it lands, inside the new library folder. */
  to: string[];
}

/** The files a backup restores, from its manifest; only the database and content-addressed names, never a path as given. */
export function backupContents(bag: string): Copy[] {
  const manifest = join(bag, 'manifest-sha256.txt');
  const entries = existsSync(manifest) ? parseManifest(readFileSync(manifest, 'utf8'), 'manifest-sha256.txt', []) : [];
  if (!entries.some((e) => e.path === DB_PATH)) {
    throw new DangkaError('PACKAGE_INVALID', `这不是档卡的档案库备份（没有 ${DB_PATH}）：${bag}`);
  }
  const copies = new Map<string, Copy>();
  const unsafe: string[] = [];
  for (const e of entries) {
    const m = STORED_PATH.exec(e.path);
    if (e.path === DB_PATH) copies.set(e.path, { path: e.path, digest: e.digest, to: [DB_FILE] });
    // A stored file's name is its digest: one that is not would make the store lie about its content.
    else if (m && m[2]!.startsWith(m[1]!) && m[2] === e.digest) copies.set(e.path, { path: e.path, digest: e.digest, to: ['files', m[1]!, m[2]!] });
    else unsafe.push(e.path);
  }
  if (unsafe.length) {
    throw new DangkaError(
      'PACKAGE_INVALID',
      `备份中有不属于档案库的文件，出于安全没有恢复：${unsafe.slice(0, PROBLEMS_SHOWN).join('、')}${unsafe.length > PROBLEMS_SHOWN ? ` 等 ${unsafe.length} 个` : ''}`,
    );
  }
  return [...copies.values()];
}

/** A restore makes a new library: the target must not exist yet, or be an empty folder. */
export function checkTarget(target: string): void {
  let st: Stats;
  try {
    st = lstatSync(target);
  } catch {
    return;
  }
  if (!st.isDirectory()) throw new DangkaError('INVALID_INPUT', `恢复位置已有同名的文件：${target}。请选择一个新的文件夹`);
  if (readdirSync(target).length) {
    throw new DangkaError('INVALID_INPUT', `恢复位置不是空文件夹：${target}。恢复只会新建档案库，不会覆盖已有的档案库；请选择一个新的或空的文件夹`);
  }
}

function checkRestored(dir: string, ctx: JobContext): void {
  ctx.progress('检查恢复的数据库', 0, 0);
  let restored: Library;
  try {
    // Runs the migrations of an older backup and refuses one from a newer Dangka.
    restored = openLibrary(dir);
  } catch (err) {
    const code = err instanceof DangkaError ? err.code : null;
    if (code === 'LIBRARY_FROM_FUTURE') throw new DangkaError(code, '这份备份由更新版本的档卡制作，请升级档卡后再恢复。没有恢复任何内容');
    if (code === 'LIBRARY_CORRUPT') throw new DangkaError(code, '备份中的数据库已损坏或不是档卡的数据库，没有恢复任何内容');
    throw err;
  }
  try {
    const rows = restored.db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]!.integrity_check !== 'ok') {
      throw new DangkaError('LIBRARY_CORRUPT', `备份中的数据库完整性检查未通过（${rows.slice(0, 3).map((r) => r.integrity_check).join('；')}），没有恢复任何内容`);
    }
  } finally {
    restored.close();
  }
}

/** Restores a verified backup bag into a new library folder targetDir (which must not exist, or be empty). */
export async function restoreBackup(bagDir: string, targetDir: string, ctx: JobContext): Promise<{ dir: string; files: number }> {
  const bag = resolve(bagDir);
  const target = resolve(targetDir);
  checkTarget(target);
  const report = await verifyBag(bag, ctx);
  if (!report.valid) {
    const shown = report.problems.slice(0, PROBLEMS_SHOWN).map((p) => p.message).join('；');
    throw new DangkaError('PACKAGE_INVALID', `备份数据包有 ${report.problems.length} 处问题，没有恢复：${shown}${report.problems.length > PROBLEMS_SHOWN ? '……' : ''}`);
  }
  const copies = backupContents(bag);
  const parent = dirname(target);
  let firstCreated: string | undefined;
  try {
    firstCreated = mkdirSync(parent, { recursive: true });
  } catch {
    throw new DangkaError('LIBRARY_READ_ONLY', `无法在此处新建档案库：${parent}`);
  }
  /** A failed restore leaves no trace: the folders made for it go too (rmdir keeps any that something else filled). */
  const removeCreatedFolders = () => {
    if (!firstCreated) return;
    for (let dir = parent; ; dir = dirname(dir)) {
      try {
        rmdirSync(dir);
      } catch {
        return;
      }
      if (dir === firstCreated) return;
    }
  };

  const tmp = `${target}.restoring-${randomBytes(4).toString('hex')}`;
  try {
    checkSpace(parent, spaceNeeded(report.bytes, report.files), '恢复');
    mkdirSync(tmp);
    const dirs = new Set<string>([tmp]);
    let done = 0;
    let lastYield = Date.now();
    for (const [i, c] of copies.entries()) {
      ctx.throwIfCancelled('已取消恢复，没有留下任何内容');
      const to = join(tmp, ...c.to);
      if (!dirs.has(dirname(to))) {
        mkdirSync(dirname(to), { recursive: true });
        dirs.add(dirname(to));
      }
      nodeIo.copyFile(join(bag, ...c.path.split('/')), to);
      nodeIo.sync(to);
      // Hashed again where it landed: the stick could have changed since verification, or returned other bytes.
      if (hashFile(to, 'sha256', (n) => (done += n)) !== c.digest) {
        throw new DangkaError('PACKAGE_INVALID', `复制后校验不符：${c.path}。备份所在的U盘或硬盘可能有坏块，没有恢复任何内容`);
      }
      ctx.progress(`恢复：已复制 ${i + 1}/${copies.length} 个文件`, done, Math.max(report.bytes, done), 'bytes');
      if (Date.now() - lastYield > 50) {
        await ctx.yield();
        lastYield = Date.now();
      }
    }
    for (const dir of [...dirs].sort((a, b) => b.length - a.length)) nodeIo.sync(dir);
    checkRestored(tmp, ctx);
    ctx.throwIfCancelled('已取消恢复，没有留下任何内容');
    // Checked again: verification can take long, and something may have been put there meanwhile.
    checkTarget(target);
    // An empty folder the clerk made for it; rmdir never removes one that has content.
    if (existsSync(target)) rmdirSync(target);
    renameSync(tmp, target);
    nodeIo.sync(parent);
    return { dir: target, files: copies.length };
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    removeCreatedFolders();
    throw translateRestoreError(err, target);
  }
}

function translateRestoreError(err: unknown, target: string): Error {
  if (err instanceof DangkaError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new DangkaError('EXPORT_FAILED', `磁盘空间已满，没有恢复，已清除未完成的部分：${target}`);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return new DangkaError('LIBRARY_READ_ONLY', `没有权限写入，没有恢复：${target}`);
  if (code === 'EIO' || code === 'ENOENT' || code === 'ENODEV' || code === 'ENXIO') {
    return new DangkaError('FILE_UNREADABLE', `读写失败（备份所在的U盘可能已被拔出或损坏），没有恢复：${target}`);
  }
  return err instanceof Error ? err : new Error(String(err));
}

interface LastAuto {
  name: string;
  fingerprint: string;
}

/**
 * What changes when the library changes, cheaply: the database file's and WAL's size and time, and the number of
 * stored files. Taken after a checkpoint, so that the one SQLite makes when the library closes is not a change.
 */
function fingerprintOf(lib: Library): string {
  lib.db.pragma('wal_checkpoint(TRUNCATE)');
  const part = (path: string) => {
    try {
      const st = statSync(path);
      return st.size ? `${st.size}@${st.mtimeMs}` : '-';
    } catch {
      return '-';
    }
  };
  const dbPath = join(lib.dir, DB_FILE);
  const { n } = lib.db.prepare('SELECT count(*) AS n FROM blob').get() as { n: number };
  return `${part(dbPath)}|${part(`${dbPath}-wal`)}|${n}`;
}

function readLast(path: string): LastAuto | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LastAuto>;
    return typeof value.name === 'string' && typeof value.fingerprint === 'string' ? { name: value.name, fingerprint: value.fingerprint } : null;
  } catch {
    return null;
  }
}

/**
 * The backup a long-running front door makes on exit: into `<library>/backups/auto` unless told otherwise, only
 * when the library changed since the last one, keeping the newest `keep`. Returns the bag's path, or null.
 */
export async function autoBackup(lib: Library, options: { keep: number; dir?: string; now?: Date }): Promise<string | null> {
  if (!Number.isInteger(options.keep) || options.keep < 1) throw new DangkaError('INVALID_INPUT', '自动备份至少要保留 1 份');
  const dir = resolve(options.dir ?? join(lib.dir, 'backups', 'auto'));
  mkdirSync(dir, { recursive: true });
  const fingerprint = fingerprintOf(lib);
  const lastPath = join(dir, 'last.json');
  const last = readLast(lastPath);
  // A clerk may have deleted the last backup by hand: then an unchanged library is backed up again.
  if (last && last.fingerprint === fingerprint && BACKUP_NAME.test(last.name) && existsSync(join(dir, last.name))) return null;

  const made = await backupLibrary(lib, dir, detachedContext(), { now: options.now, label: '自动备份' });
  const tmp = `${lastPath}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, JSON.stringify({ name: made.name, fingerprint } satisfies LastAuto));
  renameSync(tmp, lastPath);

  // Oldest first by the time in the name; the backup just made is kept whatever the clock said.
  const older = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && BACKUP_NAME.test(d.name) && d.name !== made.name)
    .map((d) => d.name)
    .sort();
  for (const name of older.slice(0, Math.max(0, older.length - (options.keep - 1)))) {
    try {
      rmSync(join(dir, name), { recursive: true, force: true });
    } catch {
      // A file held open (an antivirus scan on Windows): it goes next time.
    }
  }
  return made.path;
}
