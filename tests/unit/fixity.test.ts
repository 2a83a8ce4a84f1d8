// Fixity (issue 17): a stored file that vanished or changed on disk is named by `dangka fsck` (and library.fixityStart)
// with where the clerk meets it, and a backup refuses to call itself verified while files are missing.
import { spawnSync } from 'node:child_process';
import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FixityReport } from '../../shared/fixity';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { storeBlob } from '../../engine/library/blobs';
import { tempDir, tempEngine } from './helpers';

function library() {
  const engine = tempEngine();
  const db = engine.lib.db;
  const county = createUnit(db, { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(db, { parentId: county.id, tier: 'township', name: '青山镇' });
  const doc = Number(db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '青山镇审核意见', 'file')").run(town.id).lastInsertRowid);
  const pages = [Buffer.from('page one scan'), Buffer.from('page two scan'), Buffer.from('page three scan')].map((b) => storeBlob(engine.lib, b, 'image/jpeg'));
  pages.forEach((sha, i) => db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (?, ?, ?)').run(doc, i + 1, sha));
  return { engine, pages };
}

async function fixity(engine: Engine): Promise<FixityReport> {
  const state = await engine.jobs.wait(unwrap(await engine.call('library.fixityStart', {})).jobId);
  expect(state.status).toBe('done');
  return state.result as FixityReport;
}

describe('fixity (四性检测 · 完整性)', () => {
  it('re-hashes every stored file and names what is missing or changed, with where it is used', async () => {
    const { engine, pages } = library();
    expect(await fixity(engine)).toMatchObject({ files: 3, ok: true, missing: [], changed: [] });

    rmSync(engine.lib.files.pathOf(pages[0]!));
    appendFileSync(engine.lib.files.pathOf(pages[2]!), 'x');
    const report = await fixity(engine);
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([{ sha256: pages[0], size: 13, usedBy: '文件“青山镇审核意见”（示例县/青山镇）第1页' }]);
    expect(report.changed).toEqual([{ sha256: pages[2], size: 15, usedBy: '文件“青山镇审核意见”（示例县/青山镇）第3页' }]);
    const trail = engine.lib.db.prepare("SELECT after FROM audit WHERE after LIKE '%核对存储文件%' ORDER BY id DESC").get() as { after: string };
    expect(JSON.parse(trail.after)).toMatchObject({ missing: 1, changed: 1 });
  });

  it('a backup refuses to run while a stored file is missing, naming it', async () => {
    const { engine, pages } = library();
    rmSync(engine.lib.files.pathOf(pages[1]!));
    const out = tempDir();
    const state = await engine.jobs.wait(unwrap(await engine.call('library.backupStart', { outDir: out })).jobId);
    expect(state.status).toBe('failed');
    expect(state.error?.message).toMatch(/档案库缺少 1 个文件，没有生成备份.*文件“青山镇审核意见”（示例县\/青山镇）第2页/);
  });

  it('dangka fsck exits 1 and prints what is missing', () => {
    const { engine, pages } = library();
    rmSync(engine.lib.files.pathOf(pages[0]!));
    const root = join(import.meta.dirname, '..', '..');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), 'fsck', '--library', engine.lib.dir], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toContain('已核对 3 个文件');
    expect(run.stdout).toMatch(/缺失（1 个）：\n  文件“青山镇审核意见”（示例县\/青山镇）第1页/);
    expect(run.status).toBe(1);
  });
});
