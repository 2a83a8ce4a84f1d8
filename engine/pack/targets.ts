// Where the wizard offers to write a package: the USB sticks mounted now, with their free space, and the library's
// own exports folder. Linux (统信/麒麟) mounts sticks under /media/<user>, /run/media/<user> or /mnt, as listed in
// /proc/mounts; Windows gives each a drive letter.
import { existsSync, mkdirSync, readFileSync, statfsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { PackTarget } from '../../shared/domain';
import type { Library } from '../library/library';

const REMOVABLE_FS = new Set(['vfat', 'exfat', 'ntfs', 'ntfs3', 'fuseblk', 'msdos']);

function space(path: string): { freeBytes: number; totalBytes: number } | null {
  try {
    const s = statfsSync(path);
    return { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    return null;
  }
}

/** Mount points of removable media: Linux /proc/mounts (octal escapes decoded), Windows drive letters D:–Z:. */
export function removableMounts(platform = process.platform, mountsFile = '/proc/mounts'): string[] {
  if (platform === 'win32') {
    return 'DEFGHIJKLMNOPQRSTUVWXYZ'
      .split('')
      .map((l) => `${l}:\\`)
      .filter((p) => existsSync(p));
  }
  if (!existsSync(mountsFile)) return [];
  return readFileSync(mountsFile, 'utf8')
    .split('\n')
    .map((line) => line.split(' '))
    .filter((f) => f.length >= 3 && REMOVABLE_FS.has(f[2]!))
    .map((f) => f[1]!.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8))))
    .filter((p) => /^\/(media|run\/media|mnt)\//.test(p));
}

export function packTargets(lib: Library): PackTarget[] {
  const targets: PackTarget[] = [];
  for (const path of removableMounts()) {
    const s = space(path);
    if (s) targets.push({ path, label: `U盘 ${basename(path) || path}`, removable: true, ...s });
  }
  const exports = join(lib.dir, 'exports');
  mkdirSync(exports, { recursive: true });
  const s = space(exports);
  if (s) targets.push({ path: exports, label: '本机：档案库的导出文件夹', removable: false, ...s });
  return targets;
}
