// Lists subfolders for the browser's folder picker (`dangka serve` has no system dialog), confined to the allowed
// places: the path and every entry are resolved through links (realpath) and must stay under one of them, so a link
// cannot lead elsewhere.
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { DangkaError } from '../../shared/errors';
import type { FolderEntry, FolderListing } from '../../shared/methods/folders';

/** Enough for any real folder a clerk browses; a folder with more shows these and says so. */
const MAX_SHOWN = 500;

function under(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The allowed places that exist, each resolved; one inside another is kept once (the outer one). */
export function allowedRoots(libraryDir: string): FolderEntry[] {
  const candidates: FolderEntry[] = [
    { name: '主文件夹', path: homedir() },
    { name: 'U盘和移动硬盘（/media）', path: '/media' },
    { name: '挂载的磁盘（/mnt）', path: '/mnt' },
    { name: '档案库所在的文件夹', path: dirname(libraryDir) },
  ];
  const roots: FolderEntry[] = [];
  for (const c of candidates) {
    if (!existsSync(c.path)) continue;
    const real = realpathSync(c.path);
    if (roots.some((r) => under(r.path, real))) continue;
    for (let i = roots.length - 1; i >= 0; i--) if (under(real, roots[i]!.path)) roots.splice(i, 1);
    roots.push({ name: c.name, path: real });
  }
  return roots;
}

export function listFolders(libraryDir: string, path: string | null): FolderListing {
  const roots = allowedRoots(libraryDir);
  if (path === null) return { path: null, parent: null, folders: roots, truncated: false, roots };
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    throw new DangkaError('INVALID_INPUT', `找不到这个文件夹：${path}`);
  }
  const root = roots.find((r) => under(r.path, real));
  if (!root) throw new DangkaError('INVALID_INPUT', `只能浏览主文件夹、U盘（/media、/mnt）和档案库所在的文件夹：${path}`);
  if (!statSync(real).isDirectory()) throw new DangkaError('INVALID_INPUT', `这不是文件夹：${path}`);
  let names: string[];
  try {
    names = readdirSync(real);
  } catch {
    throw new DangkaError('INVALID_INPUT', `没有权限打开这个文件夹：${real}`);
  }
  const folders: FolderEntry[] = [];
  for (const name of names.filter((n) => !n.startsWith('.')).sort((a, b) => a.localeCompare(b, 'zh-CN'))) {
    const full = join(real, name);
    try {
      // A link counts only when it leads to a folder inside an allowed place.
      const target = realpathSync(full);
      if (statSync(target).isDirectory() && roots.some((r) => under(r.path, target))) folders.push({ name, path: full });
    } catch {
      // A broken link or an entry that vanished: not offered.
    }
  }
  return { path: real, parent: real === root.path ? null : dirname(real), folders: folders.slice(0, MAX_SHOWN), truncated: folders.length > MAX_SHOWN, roots };
}
