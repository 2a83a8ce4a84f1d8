// Backups end to end: a library backed up as a BagIt bag that standard tools accept, restored into a new folder with
// the same rows and files; a backup taken while another connection writes is consistent; a tampered bag, a non-empty
// target and a failing write leave nothing behind; automatic backups only when something changed, keeping N.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autoBackup, backupLibrary, restoreBackup } from '../../engine/backup/backup';
import { createUnit } from '../../engine/catalog/units';
import { registerBackup } from '../../engine/cli/commands/backup';
import { detachedContext } from '../../engine/jobs/jobs';
import { storeBlob } from '../../engine/library/blobs';
import { openLibrary, type Library } from '../../engine/library/library';
import { verifyBag } from '../../engine/pack/bagit';
import { nodeIo, type WriterIo } from '../../engine/pack/writer';
import { tempDir } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const opened: Library[] = [];
afterEach(() => {
  while (opened.length) opened.pop()!.close();
});

function open(dir: string, create = false): Library {
  const lib = openLibrary(dir, { create });
  opened.push(lib);
  return lib;
}

function addHousehold(lib: Library, villageId: number, name: string, no: string): void {
  lib.db.transaction(() => {
    const unit = createUnit(fixtureWriter(lib.db), { parentId: villageId, tier: 'household', name });
    lib.db.prepare("INSERT INTO household (unit_id, household_no, status) VALUES (?, ?, 'stable')").run(unit.id, no);
  })();
}

/** A county → township → village with two households, a document with pages over three stored files. */
function library(): Library {
  const lib = open(join(tempDir(), 'library'), true);
  const county = createUnit(fixtureWriter(lib.db), { parentId: null, tier: 'county', name: '示例县', officialCode: '360124' });
  const town = createUnit(fixtureWriter(lib.db), { parentId: county.id, tier: 'township', name: '青山镇', officialCode: '101' });
  const village = createUnit(fixtureWriter(lib.db), { parentId: town.id, tier: 'village', name: '桃园村', officialCode: '201' });
  addHousehold(lib, village.id, '王芳', '3601241012010001');
  addHousehold(lib, village.id, '李强', '3601241012010002');
  const doc = Number(lib.db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '公示', 'file')").run(village.id).lastInsertRowid);
  for (let i = 1; i <= 3; i++) {
    const sha = storeBlob(lib, Buffer.from(`第${i}页的扫描件`.repeat(100 * i)), 'image/jpeg');
    lib.db.prepare("INSERT INTO page (document_id, seq, master_sha256, width, height, dpi, ocr_status) VALUES (?, ?, ?, 100, 140, 200, 'pending')").run(doc, i, sha);
  }
  return lib;
}

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

function rows(lib: Library) {
  return ['unit', 'household', 'document', 'page', 'blob', 'audit'].map((t) => lib.db.prepare(`SELECT * FROM ${t} ORDER BY rowid`).all());
}

const backup = (lib: Library, out: string, options: Parameters<typeof backupLibrary>[3] = {}) => backupLibrary(lib, out, detachedContext(), options);
const restore = (bag: string, target: string) => restoreBackup(bag, target, detachedContext());

describe('backup', () => {
  it('writes a valid bag of the database and every stored file, which sha256sum accepts', async () => {
    const lib = library();
    // What is not a finished stored file stays out: a write in progress, Windows' thumbnail cache.
    const prefix = readdirSync(lib.files.root)[0]!;
    writeFileSync(join(lib.files.root, prefix, `${prefix}${'0'.repeat(62)}.1a2b3c4d.tmp`), '写了一半');
    writeFileSync(join(lib.files.root, prefix, 'Thumbs.db'), 'x');
    const out = tempDir();
    const result = await backup(lib, out, { label: '验收前', now: new Date(2024, 11, 31, 23, 59, 58) });
    expect(result.name).toBe('dangka-backup-20241231-235958');
    expect(readdirSync(out)).toEqual([result.name]);
    const payload = filesUnder(result.path).filter((p) => p.startsWith('data/'));
    const stored = filesUnder(lib.files.root).filter((p) => /^[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p));
    expect(stored).toHaveLength(3);
    expect(payload).toEqual(['data/dangka.sqlite', ...stored.map((p) => `data/files/${p}`)].sort());
    expect(result.files).toBe(4);

    const info = readFileSync(join(result.path, 'bag-info.txt'), 'utf8');
    expect(info).toContain('External-Description: 档卡档案库备份\n');
    expect(info).toContain('Bagging-Date: 2024-12-31\n');
    expect(info).toContain('Dangka-Backup-Label: 验收前\n');
    expect(info).toMatch(/^Dangka-Schema-Version: \d+$/m);
    expect(info).toMatch(/^Dangka-Library-Created: \d{4}-/m);

    const report = await verifyBag(result.path, detachedContext());
    expect(report.problems).toEqual([]);
    for (const manifest of ['manifest-sha256.txt', 'tagmanifest-sha256.txt']) {
      const check = spawnSync('sha256sum', ['-c', '--quiet', manifest], { cwd: result.path, encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    }
    // The snapshot is one self-contained file that opens read-only, and no temporary snapshot stays behind.
    const copy = new Database(join(result.path, 'data', 'dangka.sqlite'), { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    expect((copy.prepare('SELECT count(*) AS n FROM household').get() as { n: number }).n).toBe(2);
    copy.close();
  });

  it('restores into a new folder: the library opens with the same rows and files', async () => {
    const lib = library();
    const bag = (await backup(lib, tempDir())).path;
    const target = join(tempDir(), '恢复的档案库');
    const restored = await restore(bag, target);
    expect(restored).toEqual({ dir: target, files: 4 });
    expect(readdirSync(join(target, '..'))).toEqual(['恢复的档案库']);
    const again = open(target);
    expect(rows(again)).toEqual(rows(lib));
    expect(filesUnder(again.files.root)).toEqual(filesUnder(lib.files.root));
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // An empty folder made for it is fine too.
    const empty = join(tempDir(), 'empty');
    mkdirSync(empty);
    await restore(bag, empty);
    expect(existsSync(join(empty, 'dangka.sqlite'))).toBe(true);
  });

  it('takes a consistent snapshot while another connection keeps writing', async () => {
    const lib = library();
    // Enough pages that the online backup takes many steps, with the writer's turns in between.
    const big = lib.db.prepare("INSERT INTO meta (key, value) VALUES (?, ?)");
    lib.db.transaction(() => {
      for (let i = 0; i < 400; i++) big.run(`filler-${i}`, 'x'.repeat(20_000));
    })();
    const village = lib.db.prepare("SELECT id FROM unit WHERE tier = 'village'").get() as { id: number };
    const other = open(lib.dir);
    let writes = 0;
    let stop = false;
    const writer = (async () => {
      while (!stop) {
        // A household is a unit row and a household row, in one transaction: the snapshot has both or neither.
        addHousehold(other, village.id, `户${writes}`, `36012410120199${String(writes).padStart(2, '0')}`);
        writes++;
        await new Promise((r) => setImmediate(r));
      }
    })();
    const result = await backup(lib, tempDir());
    stop = true;
    await writer;
    expect(writes).toBeGreaterThan(0);

    const copy = new Database(join(result.path, 'data', 'dangka.sqlite'), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    const count = (sql: string) => (copy.prepare(sql).get() as { n: number }).n;
    expect(count("SELECT count(*) AS n FROM unit WHERE tier = 'household'")).toBe(count('SELECT count(*) AS n FROM household'));
    // The snapshot is of one moment while the writer ran: some of its households, each whole.
    expect(count('SELECT count(*) AS n FROM household')).toBeGreaterThan(2);
    expect(count('SELECT count(*) AS n FROM household')).toBeLessThanOrEqual(2 + writes);
    copy.close();
    expect((await verifyBag(result.path, detachedContext())).valid).toBe(true);
  });

  it('refuses a tampered bag and a non-empty target, leaving nothing behind', async () => {
    const lib = library();
    const bag = (await backup(lib, tempDir())).path;

    const occupied = tempDir();
    writeFileSync(join(occupied, '说明.txt'), '已有内容');
    await expect(restore(bag, occupied)).rejects.toThrow(/不是空文件夹/);
    expect(readdirSync(occupied)).toEqual(['说明.txt']);

    const blob = filesUnder(bag).find((p) => p.startsWith('data/files/'))!;
    appendFileSync(join(bag, blob), 'x');
    const parent = tempDir();
    await expect(restore(bag, join(parent, 'lib'))).rejects.toMatchObject({ code: 'PACKAGE_INVALID', message: expect.stringContaining('已改动或损坏') });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('re-hashes what it copies and cleans up when a file changes after verification or the clerk cancels', async () => {
    const lib = library();
    const bag = (await backup(lib, tempDir())).path;
    const last = filesUnder(bag).filter((p) => p.startsWith('data/files/')).at(-1)!;
    const parent = tempDir();
    // The stick changes under us once copying has begun (the database is copied first).
    const tampering = { ...detachedContext(), progress: (phase: string) => phase.startsWith('恢复') && appendFileSync(join(bag, last), 'x') };
    await expect(restoreBackup(bag, join(parent, 'lib'), tampering)).rejects.toThrow(`复制后校验不符：${last}`);
    expect(readdirSync(parent)).toEqual([]);

    const fresh = (await backup(lib, tempDir())).path;
    const controller = new AbortController();
    const cancelling = { ...detachedContext(controller.signal), progress: (phase: string) => phase.startsWith('恢复') && controller.abort() };
    await expect(restoreBackup(fresh, join(parent, 'lib'), cancelling)).rejects.toMatchObject({ code: 'JOB_CANCELLED' });
    expect(readdirSync(parent)).toEqual([]);

    // Folders made on the way to the target go as well.
    const again = new AbortController();
    const cancelAgain = { ...detachedContext(again.signal), progress: (phase: string) => phase.startsWith('恢复') && again.abort() };
    await expect(restoreBackup(fresh, join(parent, '新建', '档案库', 'lib'), cancelAgain)).rejects.toMatchObject({ code: 'JOB_CANCELLED' });
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a bag whose manifest names a file outside the library layout', async () => {
    const lib = library();
    const bag = (await backup(lib, tempDir())).path;
    // A well-formed bag that smuggles another file in: valid BagIt, but not a backup's content.
    writeFileSync(join(bag, 'data', 'autorun.inf'), '[autorun]');
    const sha = (p: string) => spawnSync('sha256sum', [p], { cwd: bag, encoding: 'utf8' }).stdout;
    appendFileSync(join(bag, 'manifest-sha256.txt'), sha('data/autorun.inf'));
    writeFileSync(join(bag, 'bag-info.txt'), readFileSync(join(bag, 'bag-info.txt'), 'utf8').replace(/^Payload-Oxum: .*\n/m, ''));
    writeFileSync(join(bag, 'tagmanifest-sha256.txt'), ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'].map(sha).join(''));
    expect((await verifyBag(bag, detachedContext())).valid).toBe(true);
    const parent = tempDir();
    await expect(restore(bag, join(parent, 'lib'))).rejects.toThrow(/不属于档案库的文件.*autorun\.inf/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('leaves no bag when the drive fills up', async () => {
    const lib = library();
    const out = tempDir();
    let copies = 0;
    const full: WriterIo = {
      ...nodeIo,
      copyFile: (from, to) => {
        if (++copies === 3) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        nodeIo.copyFile(from, to);
      },
    };
    await expect(backup(lib, out, { io: full })).rejects.toMatchObject({ code: 'EXPORT_FAILED', message: expect.stringContaining('空间已满') });
    expect(readdirSync(out)).toEqual([]);
  });

  it('backs up automatically only when the library changed, keeping the newest N', async () => {
    const lib = library();
    const dir = join(lib.dir, 'backups', 'auto');
    let clock = new Date(2025, 0, 1, 8, 0, 0).getTime();
    const auto = () => autoBackup(lib, { keep: 2, now: new Date((clock += 60_000)) });

    const first = await auto();
    expect(first).toBe(join(dir, 'dangka-backup-20250101-080100'));
    expect(await auto()).toBeNull();

    // Closing and reopening the library (SQLite checkpoints on close) is not a change.
    const dirOfLib = lib.dir;
    opened.splice(opened.indexOf(lib), 1);
    lib.close();
    const reopened = open(dirOfLib);
    expect(await autoBackup(reopened, { keep: 2, now: new Date((clock += 60_000)) })).toBeNull();

    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      storeBlob(reopened, Buffer.from(`新扫描件${i}`), 'image/jpeg');
      const path = await autoBackup(reopened, { keep: 2, now: new Date((clock += 60_000)) });
      expect(path).not.toBeNull();
      made.push(path!);
    }
    expect(readdirSync(dir).filter((n) => n.startsWith('dangka-backup-')).sort()).toEqual(made.slice(-2).map((p) => relative(dir, p)));
    expect(JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8')).name).toBe(relative(dir, made[2]!));
    // The newest automatic backup restores to what the library holds now.
    const target = join(tempDir(), 'lib');
    await restore(made[2]!, target);
    expect(rows(open(target))).toEqual(rows(reopened));
  });
});

describe('dangka backup / restore', () => {
  async function run(...args: string[]) {
    const program = new Command('dangka').exitOverride();
    registerBackup(program);
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
    try {
      await program.parseAsync(args, { from: 'user' });
      return { code: process.exitCode, out: out.join(''), err: err.join('') };
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
      process.exitCode = undefined;
    }
  }

  it('backs up with exit 0, restores with exit 0, and refuses a non-empty target with exit 1', async () => {
    const lib = library();
    const out = tempDir();
    const backedUp = await run('backup', '--library', lib.dir, '--out', out, '--label', '月底');
    expect(backedUp.code, backedUp.err).toBe(0);
    expect(backedUp.out).toMatch(/已备份：.*dangka-backup-\d{8}-\d{6}（4 个文件，/);
    const bag = join(out, readdirSync(out)[0]!);

    const target = join(tempDir(), 'restored');
    const restored = await run('restore', bag, '--to', target);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain(`已恢复：${target}`);

    const refused = await run('restore', bag, '--to', lib.dir);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('不是空文件夹');
  });
});
