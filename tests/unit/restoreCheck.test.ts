// 从备份恢复 in 用户管理: the check names the backup and the new folder, refuses what must not be restored, and the
// job restores a library that opens with the backed-up units.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { backupLibrary } from '../../engine/backup/backup';
import { createUnit } from '../../engine/catalog/units';
import { detachedContext } from '../../engine/jobs/jobs';
import { openLibrary } from '../../engine/library/library';
import type { RestoreResult } from '../../shared/methods/restore';
import { tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

async function backedUp() {
  const engine = tempEngine();
  createUnit(fixtureWriter(engine.lib.db), { parentId: null, tier: 'county', name: '示例县', officialCode: '360124' });
  const backup = await backupLibrary(engine.lib, tempDir(), detachedContext(), { label: '月底' });
  return { engine, backup: backup.path };
}

describe('library.restoreCheck / library.restoreStart', () => {
  it('describes the backup and target, then restores it into a new library that has its units', async () => {
    const { engine, backup } = await backedUp();
    const target = join(tempDir(), '恢复的档案库');
    const preview = unwrap(await engine.call('library.restoreCheck', { backupDir: backup, targetDir: target }));
    expect(preview).toMatchObject({ backupDir: backup, targetDir: target, label: '月底' });
    expect(preview.files).toBeGreaterThan(0);
    expect(preview.madeOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const state = await engine.jobs.wait(unwrap(await engine.call('library.restoreStart', { backupDir: backup, targetDir: target })).jobId);
    expect(state.status).toBe('done');
    expect((state.result as RestoreResult).dir).toBe(target);
    const restored = openLibrary(target);
    try {
      expect(restored.db.prepare("SELECT name FROM unit WHERE tier = 'county'").all()).toEqual([{ name: '示例县' }]);
    } finally {
      restored.close();
    }
    expect(engine.lib.db.prepare("SELECT count(*) AS n FROM audit WHERE op = 'event' AND after LIKE '%从备份恢复档案库%'").get()).toEqual({ n: 1 });
  });

  it('refuses in Chinese: a folder that is not a backup, a target that is not empty, a target inside this library', async () => {
    const { engine, backup } = await backedUp();
    const message = async (backupDir: string, targetDir: string) => {
      const r = await engine.call('library.restoreCheck', { backupDir, targetDir });
      return r.ok ? null : r.error.message;
    };
    const plain = tempDir();
    expect(await message(plain, join(tempDir(), 'new'))).toMatch(/这不是档卡的档案库备份/);
    const full = tempDir();
    writeFileSync(join(full, '旧文件.txt'), 'x');
    expect(await message(backup, full)).toMatch(/不是空文件夹/);
    const nested = join(engine.lib.dir, '恢复');
    expect(await message(backup, nested)).toMatch(/在当前档案库的文件夹之内/);
    // The job is refused the same way before it starts, and leaves nothing behind.
    const start = await engine.call('library.restoreStart', { backupDir: backup, targetDir: nested });
    expect(start.ok).toBe(false);
    expect(await message(backup, 'relative/path')).toMatch(/完整的文件夹位置/);
  });
});
