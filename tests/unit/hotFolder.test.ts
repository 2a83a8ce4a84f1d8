import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { roleAllows } from '../../shared/api';
import { unwrap } from '../../engine/api/engine';
import { FAILED_DIR, HotFolder, IMPORTED_DIR } from '../../engine/ingest/hotFolder';
import { scanFolderRefusal } from '../../engine/ingest/hotFolderSafety';
import { tempDir, tempEngine } from './helpers';

describe('scanner hot folder', () => {
  it('a file taken away while an earlier one is imported fails alone: the files after it are still handled', async () => {
    const dir = tempDir();
    const handled: string[] = [];
    const folder = new HotFolder(dir, async (path) => {
      handled.push(path);
      if (path.endsWith('a.jpg')) rmSync(join(dir, 'b.jpg')); // the clerk moves b away meanwhile
      return existsSync(path) ? { ok: true } : { ok: false, message: '文件已不在' };
    }, { stableMs: 10 });
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg']) writeFileSync(join(dir, name), name);
    await folder.poll(0);
    await folder.poll(100);
    expect(handled.map((p) => p.slice(dir.length + 1))).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    expect(readdirSync(join(dir, IMPORTED_DIR)).sort()).toEqual(['a.jpg', 'c.jpg']);
    expect(existsSync(join(dir, FAILED_DIR))).toBe(false);
  });

  it('waits until a file has stopped growing, then imports it once and moves it to 已导入', async () => {
    const dir = tempDir();
    const taken: string[] = [];
    const folder = new HotFolder(dir, async (path) => {
      taken.push(readFileSync(path, 'utf8'));
      return { ok: true };
    }, { stableMs: 3000 });
    const file = join(dir, 'scan0001.jpg');
    writeFileSync(file, 'part1');
    expect(await folder.poll(0)).toEqual([]);
    appendFileSync(file, '-part2'); // the scanner is still writing
    expect(await folder.poll(2000)).toEqual([]);
    expect(await folder.poll(4000)).toEqual([]); // changed at 2000: not stable for 3 s yet
    expect(await folder.poll(5500)).toEqual([file]);
    expect(taken).toEqual(['part1-part2']);
    expect(readdirSync(join(dir, IMPORTED_DIR))).toEqual(['scan0001.jpg']);
    expect(await folder.poll(9000)).toEqual([]);
    expect(taken).toHaveLength(1);
  });

  it('ignores temporary names and empty files', async () => {
    const dir = tempDir();
    const folder = new HotFolder(dir, async () => ({ ok: true }), { stableMs: 10 });
    writeFileSync(join(dir, 'scan.jpg.part'), 'x');
    writeFileSync(join(dir, '~$doc.xlsx'), 'x');
    writeFileSync(join(dir, 'empty.jpg'), '');
    await folder.poll(0);
    expect(await folder.poll(100)).toEqual([]);
  });

  it('moves a file it could not import to 未能导入 with the reason, never deleting it', async () => {
    const dir = tempDir();
    const folder = new HotFolder(dir, async () => ({ ok: false, message: '文件不是图片' }), { stableMs: 10 });
    writeFileSync(join(dir, 'a.jpg'), 'not an image');
    await folder.poll(0);
    await folder.poll(100);
    const failed = join(dir, FAILED_DIR);
    expect(readdirSync(failed).sort()).toEqual(['a.jpg', 'a.jpg.txt']);
    expect(readFileSync(join(failed, 'a.jpg'), 'utf8')).toBe('not an image');
    expect(readFileSync(join(failed, 'a.jpg.txt'), 'utf8')).toContain('文件不是图片');
    // A second file of the same name does not overwrite the first.
    writeFileSync(join(dir, 'a.jpg'), 'again');
    await folder.poll(200);
    await folder.poll(300);
    expect(existsSync(join(failed, 'a (2).jpg'))).toBe(true);
  });
});

describe('where the scanner folder may be', () => {
  const posix = { platform: 'posix' as const, libraryDir: '/home/wang/.local/share/dangka', home: '/home/wang' };
  const windows = { platform: 'win32' as const, libraryDir: 'C:\\Users\\wang\\AppData\\Roaming\\dangka', home: 'C:\\Users\\wang' };

  it('refuses the library, a folder inside or above it, system and home roots, on Linux and Windows', () => {
    for (const dir of ['/home/wang/.local/share/dangka', '/home/wang/.local/share/dangka/files', '/home/wang/.local/share/dangka/']) expect(scanFolderRefusal(dir, posix), dir).toMatch(/档案库文件夹/);
    expect(scanFolderRefusal('/home/wang/.local', posix)).toMatch(/档案库所在的上级文件夹/);
    for (const dir of ['/', '/etc', '/etc/cups', '/usr/share', '/var/log', '/proc/self', '/boot']) expect(scanFolderRefusal(dir, posix), dir).toMatch(/系统文件夹|其中的文件会被移走|档案库所在/);
    for (const dir of ['/home/wang', '/home/li', '/home', '/media', '/mnt', '/tmp', '/root']) expect(scanFolderRefusal(dir, posix), dir).not.toBeNull();
    for (const dir of ['C:\\Users\\wang\\AppData\\Roaming\\dangka\\files', 'c:\\users\\WANG\\appdata\\roaming\\DANGKA']) expect(scanFolderRefusal(dir, windows), dir).toMatch(/档案库/);
    for (const dir of ['C:\\', 'D:\\', 'C:\\Windows', 'C:\\Windows\\System32', 'C:\\Program Files\\Scanner', 'C:\\Users', 'C:\\Users\\wang', 'C:\\Users\\li']) expect(scanFolderRefusal(dir, windows), dir).not.toBeNull();
  });

  it('accepts an ordinary folder of its own', () => {
    for (const dir of ['/home/wang/扫描', '/media/wang/U盘/扫描', '/tmp/scans', '/srv2/scans', '/run/media/wang/DISK/scan']) expect(scanFolderRefusal(dir, posix), dir).toBeNull();
    for (const dir of ['D:\\扫描', 'C:\\Users\\wang\\Documents\\扫描', 'E:\\scan\\2024']) expect(scanFolderRefusal(dir, windows), dir).toBeNull();
  });

  it('is set by an administrator only, never to the library, and the trail names who set it', async () => {
    expect(roleAllows('clerk', 'hotFolder.set')).toBe(false);
    expect(roleAllows('reviewer', 'hotFolder.set')).toBe(false);
    expect(roleAllows('admin', 'hotFolder.set')).toBe(true);
    const engine = tempEngine();
    for (const dir of [engine.lib.dir, join(engine.lib.dir, 'files'), join(engine.lib.dir, '..')]) {
      mkdirSync(dir, { recursive: true });
      const r = await engine.call('hotFolder.set', { dir });
      expect(r, dir).toMatchObject({ ok: false, error: { message: expect.stringMatching(/档案库/) } });
    }
    // Through a symbolic link too.
    const link = join(tempDir(), 'scans');
    symlinkSync(engine.lib.dir, link);
    expect(await engine.call('hotFolder.set', { dir: link })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/档案库/) } });
    expect(unwrap(await engine.call('hotFolder.get', {}))).toMatchObject({ dir: null, active: false });

    const folder = tempDir('dangka-scanner-');
    expect(unwrap(await engine.call('hotFolder.set', { dir: folder }))).toMatchObject({ dir: folder, active: true });
    const trail = engine.lib.db.prepare("SELECT actor, after FROM audit WHERE after LIKE '%设置扫描文件夹%'").all() as { actor: string; after: string }[];
    expect(trail).toHaveLength(1);
    expect(trail[0]!.after).toContain(folder);
    expect(trail[0]!.actor).toMatch(/命令行|系统/);
    await engine.stopHotFolder();
  });

  // root may write anywhere, so this runs only as an ordinary user (CI's test user, a clerk's PC).
  it.skipIf(process.getuid?.() === 0)('refuses a folder it cannot write to (it could not move the scans out)', async () => {
    const engine = tempEngine();
    const folder = tempDir('dangka-scanner-');
    chmodSync(folder, 0o555);
    expect(await engine.call('hotFolder.set', { dir: folder })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/没有读写权限/) } });
    chmodSync(folder, 0o755);
  });

  it('takes and moves only scan files: documents, databases, folders and links stay where they are', async () => {
    const dir = tempDir();
    const taken: string[] = [];
    const folder = new HotFolder(dir, async (path) => {
      taken.push(path);
      return { ok: true };
    }, { stableMs: 10 });
    writeFileSync(join(dir, 'scan.JPG'), 'jpeg');
    writeFileSync(join(dir, 'dangka.sqlite'), 'db');
    writeFileSync(join(dir, '工作总结.docx'), 'doc');
    writeFileSync(join(dir, 'notes'), 'no extension');
    mkdirSync(join(dir, 'sub.pdf'));
    symlinkSync('/etc/hostname', join(dir, 'link.png'));
    await folder.poll(0);
    await folder.poll(100);
    expect(taken).toEqual([join(dir, 'scan.JPG')]);
    expect(readdirSync(dir).sort()).toEqual(['dangka.sqlite', 'link.png', 'notes', 'sub.pdf', IMPORTED_DIR, '工作总结.docx'].sort());
  });

  it('a pass asked for while one is importing runs after it, and stop waits for the file being imported', async () => {
    const dir = tempDir();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const done: string[] = [];
    const folder = new HotFolder(dir, async (path) => {
      await gate;
      done.push(path);
      return { ok: true };
    }, { stableMs: 10 });
    writeFileSync(join(dir, 'a.jpg'), 'a');
    await folder.poll(0);
    const first = folder.poll(100); // takes a.jpg, waits at the gate
    const second = folder.poll(200); // must not return at once while a.jpg is being imported
    let stopped = false;
    const stopping = folder.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(stopped).toBe(false);
    release();
    expect(await first).toEqual([join(dir, 'a.jpg')]);
    expect(await second).toEqual([]);
    await stopping;
    expect(done).toEqual([join(dir, 'a.jpg')]);
  });

  it('dangka watch FOLDER --once imports the finished scans before it closes the library', async () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    const scans = join(dir, 'scans');
    mkdirSync(scans);
    await sharp({ create: { width: 600, height: 800, channels: 3, background: '#ffffff' } }).jpeg().toFile(join(scans, 'scan0001.jpg'));
    const root = join(import.meta.dirname, '..', '..');
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), ...args, '--library', library], { cwd: root, encoding: 'utf8', env: { ...process.env, DANGKA_LIBRARY: '' } });
    expect(run('init').status).toBe(0);
    const watched = run('watch', scans, '--once');
    expect(watched.stderr).not.toMatch(/not open/);
    expect(watched.stdout).toContain('已导入 1 个文件到收件箱');
    expect(watched.status).toBe(0);
    expect(readdirSync(join(scans, IMPORTED_DIR))).toEqual(['scan0001.jpg']);
  }, 120_000);
});

