// Where the scanner folder may not be (issue 17). Whatever lands in the scanner folder is moved away after import, so
// a folder that holds anything else — the library itself (its dangka.sqlite was moved into 未能导入/ once), a system
// folder, the top of a home folder — would lose files. Refused: the library or a folder inside or above it, a system
// root or anything under one, a home root or the folder of all homes, a drive root, and a folder Dangka cannot write
// to (it could not move a file out after importing it). Pure over the path flavour, so Windows rules are tested here.
import { accessSync, constants, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** System folders: refused with everything under them. */
const POSIX_SYSTEM = ['/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/libx32', '/opt', '/proc', '/sbin', '/srv', '/sys', '/usr', '/var'];
/** Folders whose subfolders are where people and USB sticks keep things: only the folder itself is refused. */
const POSIX_ROOTS_ONLY = ['/', '/home', '/media', '/mnt', '/root', '/run', '/run/media', '/tmp'];
const WINDOWS_SYSTEM = ['windows', 'program files', 'program files (x86)', 'programdata', '$recycle.bin', 'system volume information'];

export interface ScanFolderContext {
  platform: 'posix' | 'win32';
  libraryDir: string;
  home: string;
}

/** Why a folder cannot be the scanner folder, in Chinese; null when it can (writability is checked apart). */
export function scanFolderRefusal(dir: string, ctx: ScanFolderContext): string | null {
  const path = ctx.platform === 'win32' ? win32 : posix;
  const norm = (p: string) => {
    const resolved = path.resolve(p);
    // A root keeps its separator (C: alone means the current folder on drive C).
    const n = resolved === path.parse(resolved).root ? resolved : resolved.replace(/[\\/]+$/, '');
    return ctx.platform === 'win32' ? n.toLowerCase() : n;
  };
  const target = norm(dir);
  const within = (parent: string, child: string) => {
    const rel = path.relative(parent, child);
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  };
  const library = norm(ctx.libraryDir);
  if (within(library, target)) return `不能把档案库文件夹（或其中的文件夹）设为扫描文件夹：${dir}。扫描文件夹里的文件导入后会被移走，档案库会因此损坏`;
  if (within(target, library)) return `不能把档案库所在的上级文件夹设为扫描文件夹：${dir}。请单独建一个文件夹（如“扫描”）给扫描仪`;
  const home = norm(ctx.home);
  if (target === home) return `不能把用户主文件夹设为扫描文件夹：${dir}。其中的文件会被移走。请在其中新建一个文件夹（如“扫描”）给扫描仪`;
  if (ctx.platform === 'win32') {
    const segments = win32.relative(win32.parse(target).root, target).split('\\').filter(Boolean);
    if (segments.length === 0) return `不能把整个磁盘（${dir}）设为扫描文件夹。请新建一个文件夹（如 D:\\扫描）给扫描仪`;
    if (WINDOWS_SYSTEM.includes(segments[0]!)) return `不能把系统文件夹设为扫描文件夹：${dir}`;
    if (segments[0] === 'users' && segments.length <= 2) return `不能把用户文件夹的顶层设为扫描文件夹：${dir}。请在其中新建一个文件夹（如“扫描”）给扫描仪`;
    return null;
  }
  if (POSIX_ROOTS_ONLY.includes(target)) return `不能把 ${dir} 设为扫描文件夹：其中的文件会被移走。请新建一个文件夹（如“扫描”）给扫描仪`;
  if (POSIX_SYSTEM.some((sys) => within(sys, target))) return `不能把系统文件夹设为扫描文件夹：${dir}`;
  if (within('/home', target) && posix.relative('/home', target).split('/').length === 1) return `不能把用户主文件夹设为扫描文件夹：${dir}。请在其中新建一个文件夹（如“扫描”）给扫描仪`;
  return null;
}

/** The checks for this computer: real paths (a symlink cannot smuggle the library in), then write permission. */
export function checkScanFolder(dir: string, libraryDir: string): string | null {
  let real: string;
  let library: string;
  try {
    real = realpathSync(dir);
    library = realpathSync(libraryDir);
  } catch {
    return `找不到文件夹：${dir}（请确认扫描仪保存文件的位置）`;
  }
  const platform = process.platform === 'win32' ? 'win32' : 'posix';
  const refusal = scanFolderRefusal(real, { platform, libraryDir: library, home: homedir() }) ?? (real === dir ? null : scanFolderRefusal(dir, { platform, libraryDir: library, home: homedir() }));
  if (refusal) return refusal;
  try {
    accessSync(real, constants.W_OK | constants.R_OK);
  } catch {
    return `档卡对该文件夹没有读写权限：${dir}。导入后需要把扫描件移到其中的“已导入”文件夹，请换一个文件夹或请管理员开放权限`;
  }
  return null;
}
