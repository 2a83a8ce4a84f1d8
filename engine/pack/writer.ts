// Writing a bag to a USB stick so that what looks finished is finished: everything goes into a hidden temporary
// folder on the target, each file is fsynced and read back against its digest, the tag files come last, and only
// then is the folder renamed to the bag's name. A full or pulled drive, a write error or a cancel removes the
// temporary folder (when the drive still answers). A folder left behind (the program killed, the power cut) is
// never named like a bag; it is removed by the next export to that drive once its writer is no longer running.
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmSync, statfsSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DangkaError } from '../../shared/errors';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import { BAGIT_TXT, bagInfoText, hashFile, manifestText } from './bagit';
import type { PayloadEntry } from './contents';

/** The file operations a bag is written with; tests swap in one that fails like a full or pulled drive. */
export interface WriterIo {
  copyFile(from: string, to: string): void;
  writeFile(path: string, bytes: Uint8Array): void;
  /** Flushes a file (or folder, where the OS allows) to the device. */
  sync(path: string): void;
}

export const nodeIo: WriterIo = {
  copyFile: (from, to) => copyFileSync(from, to),
  writeFile: (path, bytes) => {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
  },
  sync: (path) => {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (err) {
      // Windows cannot open a folder to flush it; its entries are flushed with the files.
      if ((err as NodeJS.ErrnoException).code === 'EISDIR' || (err as NodeJS.ErrnoException).code === 'EPERM') return;
      throw err;
    }
    try {
      fsyncSync(fd);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL' && (err as NodeJS.ErrnoException).code !== 'EPERM') throw err;
    } finally {
      closeSync(fd);
    }
  },
};

/** FAT32 cannot hold a file of 4 GiB or more. */
export const FAT32_MAX_FILE = 4 * 1024 ** 3 - 1;
/** Room kept per file for the file system's cluster rounding (exFAT sticks use clusters of up to 128 KB). */
export const SLACK_PER_FILE = 64 * 1024;

export function freeSpace(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(2)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(n / 1024))} KB`;
}

/** Space a bag needs on the target: its bytes plus cluster slack per file. */
export function spaceNeeded(bytes: number, files: number): number {
  return bytes + files * SLACK_PER_FILE + 1024 * 1024;
}

/** A payload file of a bag, its bytes already made (catalog, index, report) or to be copied/made while writing. */
export interface BagFile {
  path: string;
  sha256: string | null;
  size: number;
  source: PayloadEntry['source'] | { bytes: Uint8Array };
}

export interface BagToWrite {
  /** The bag folder's final name. */
  name: string;
  files: BagFile[];
  /** Files made once the others are written and their digests known (the catalog that lists them). */
  finish?: (written: ReadonlyMap<string, { sha256: string; size: number }>) => BagFile[];
  /** bag-info.txt labels besides Bag-Size and Payload-Oxum, which are computed here. */
  info: [string, string][];
}

export interface WriteProgress {
  /** Prefix of the phase label, e.g. "第 1/2 卷". */
  label: string;
  /** Bytes already written in earlier bags of the same job, and the job's total. */
  bytesBefore: number;
  bytesTotal: number;
}

const ABANDONED = /^\..+\.writing-(\d+)-[0-9a-f]{8}$/;

/** Removes temporary folders of exports that were killed (their process is gone), freeing the stick's space. */
export function removeAbandoned(outDir: string): void {
  for (const name of readdirSync(outDir)) {
    const m = ABANDONED.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    let alive = pid === process.pid;
    if (!alive) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (!alive) rmSync(join(outDir, name), { recursive: true, force: true });
  }
}

/** The first free name `name`, `name-2`, … in dir: an existing package is never overwritten. */
export function freeBagName(dir: string, name: string): string {
  let candidate = name;
  for (let n = 2; existsSync(join(dir, candidate)); n++) candidate = `${name}-${n}`;
  return candidate;
}

/** Writes the bag into outDir (temp folder, fsync, read-back, rename); returns its final path and figures. */
export async function writeBag(lib: Library, outDir: string, bag: BagToWrite, ctx: JobContext, progress: WriteProgress, io: WriterIo = nodeIo): Promise<{ path: string; files: number; bytes: number }> {
  for (const f of bag.files) {
    if (f.size > FAT32_MAX_FILE) {
      throw new DangkaError('INVALID_INPUT', `文件 ${f.path} 超过4GB，FAT32格式的U盘无法存放。请把U盘格式化为 exFAT 或 NTFS 后再导出`);
    }
  }
  const finalPath = join(outDir, bag.name);
  if (existsSync(finalPath)) throw new DangkaError('INVALID_INPUT', `目标位置已有同名数据包：${finalPath}`);
  // The writer's pid in the name lets a later export remove what a killed one left (removeAbandoned).
  const tmp = join(outDir, `.${bag.name}.writing-${process.pid}-${randomBytes(4).toString('hex')}`);
  const madeDirs = new Set<string>();
  const ensureDir = (dir: string) => {
    if (madeDirs.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    madeDirs.add(dir);
  };
  let written = 0;
  let lastYield = Date.now();
  try {
    ensureDir(join(tmp, 'data'));
    const manifest = new Map<string, { sha256: string; size: number }>();
    const writeFiles = async (files: readonly BagFile[]) => {
      for (const f of files) {
        ctx.throwIfCancelled('已取消，目标位置没有留下不完整的数据包');
        const target = join(tmp, ...f.path.split('/'));
        ensureDir(dirname(target));
        if ('blob' in f.source) io.copyFile(lib.files.pathOf(f.source.blob), target);
        else io.writeFile(target, 'bytes' in f.source ? f.source.bytes : await f.source.make());
        io.sync(target);
        // Read back from the target: a stick that lies about a write, or a library file that rotted, stops here.
        let size = 0;
        const actual = hashFile(target, 'sha256', (n) => {
          size += n;
        });
        written += size;
        if (f.sha256 !== null && actual !== f.sha256) {
          throw new DangkaError(
            'EXPORT_FAILED',
            'blob' in f.source ? `写入后校验不符：${f.path}。U盘可能有坏块，或档案库中的文件已损坏，请换一个U盘重试` : `写入后校验不符：${f.path}，请换一个U盘重试`,
          );
        }
        manifest.set(f.path, { sha256: actual, size });
        const done = progress.bytesBefore + written;
        ctx.progress(`${progress.label}：已写 ${manifest.size}/${total} 个文件`, done, Math.max(progress.bytesTotal, done), 'bytes');
        if (Date.now() - lastYield > 50) {
          await ctx.yield();
          lastYield = Date.now();
        }
      }
    };
    let total = bag.files.length + 4;
    await writeFiles(bag.files);
    const late = bag.finish?.(manifest) ?? [];
    total = manifest.size + late.length;
    await writeFiles(late);

    // Tag files last: until the tag manifest is written the folder is not a complete bag.
    const octets = [...manifest.values()].reduce((sum, m) => sum + m.size, 0);
    const tags: [string, string][] = [
      ['bagit.txt', BAGIT_TXT],
      ['bag-info.txt', bagInfoText([...bag.info, ['Bag-Size', formatBytes(octets)], ['Payload-Oxum', `${octets}.${manifest.size}`]])],
      ['manifest-sha256.txt', manifestText([...manifest].map(([path, m]) => ({ path, sha256: m.sha256 })))],
    ];
    const tagManifest: { path: string; sha256: string }[] = [];
    for (const [name, text] of tags) {
      const path = join(tmp, name);
      io.writeFile(path, Buffer.from(text));
      io.sync(path);
      tagManifest.push({ path: name, sha256: hashFile(path) });
    }
    const tagPath = join(tmp, 'tagmanifest-sha256.txt');
    io.writeFile(tagPath, Buffer.from(manifestText(tagManifest)));
    io.sync(tagPath);
    for (const dir of [...madeDirs].sort((a, b) => b.length - a.length)) io.sync(dir);
    io.sync(tmp);
    renameSync(tmp, finalPath);
    io.sync(outDir);
    return { path: finalPath, files: manifest.size, bytes: octets };
  } catch (err) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // The drive is gone; what is left has a temporary name and no tag manifest.
    }
    throw translateWriteError(err, outDir);
  }
}

function translateWriteError(err: unknown, outDir: string): Error {
  if (err instanceof DangkaError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? '';
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') {
    return new DangkaError('EXPORT_FAILED', `U盘（或目标磁盘）空间已满，数据包没有写完，已清除未完成的部分：${outDir}。请换一个更大的U盘，或选择分卷`);
  }
  if (code === 'EIO' || code === 'ENODEV' || code === 'ENXIO' || code === 'ENOENT' || code === 'EROFS' || code === 'ESHUTDOWN') {
    return new DangkaError('EXPORT_FAILED', `写入U盘失败（U盘可能已被拔出、只读或损坏），数据包没有写完：${outDir}。请重新插好U盘后再导出`);
  }
  if (code === 'EACCES' || code === 'EPERM') return new DangkaError('EXPORT_FAILED', `没有权限写入：${outDir}`);
  return err instanceof Error ? err : new Error(String(err));
}
