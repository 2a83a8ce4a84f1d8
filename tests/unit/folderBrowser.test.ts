// The browser's folder picker: subfolders of the allowed places only, no way out through a link or a path.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allowedRoots, listFolders } from '../../engine/serve/folderBrowser';
import { tempDir } from './helpers';

describe('folders.list', () => {
  it('lists the subfolders of the library’s parent, hides files and dot-folders, and goes up only to the root', () => {
    const parent = tempDir();
    const library = join(parent, '档案库');
    mkdirSync(join(parent, '备份', '2026'), { recursive: true });
    mkdirSync(library);
    mkdirSync(join(parent, '.隐藏'));
    writeFileSync(join(parent, '说明.txt'), 'x');
    expect(allowedRoots(library).some((r) => r.path === parent || parent.startsWith(`${r.path}/`))).toBe(true);
    const top = listFolders(library, parent);
    expect(top.folders.map((f) => f.name)).toEqual(expect.arrayContaining(['备份', '档案库']));
    expect(top.folders.map((f) => f.name)).not.toContain('.隐藏');
    expect(top.folders.map((f) => f.name)).not.toContain('说明.txt');
    const inner = listFolders(library, join(parent, '备份'));
    expect(inner.folders).toEqual([{ name: '2026', path: join(parent, '备份', '2026') }]);
    expect(inner.parent).toBe(parent);
    expect(listFolders(library, null).folders.length).toBeGreaterThan(0);
  });

  it('refuses a place outside the allowed ones and does not follow a link out of them', () => {
    const parent = tempDir();
    const library = join(parent, '档案库');
    mkdirSync(library);
    symlinkSync('/etc', join(parent, '系统'));
    expect(allowedRoots(library).map((r) => r.path)).not.toContain('/');
    expect(() => listFolders(library, '/etc')).toThrow(/只能浏览/);
    expect(() => listFolders(library, join(parent, '系统'))).toThrow(/只能浏览/);
    expect(listFolders(library, parent).folders.map((f) => f.name)).not.toContain('系统');
    expect(() => listFolders(library, join(parent, '..', '..', 'etc'))).toThrow(/只能浏览/);
    expect(() => listFolders(library, join(parent, '没有'))).toThrow(/找不到这个文件夹/);
  });
});
