// Fixity (issue 17): a stored file that vanished or changed on disk is named by `dangka fsck` (and library.fixityStart)
// with where the clerk meets it, and a backup refuses to call itself verified while files are missing.
import { spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { FixityReport } from '../../shared/fixity';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { storeBlob } from '../../engine/library/blobs';
import { tempDir, tempEngine } from './helpers';
import { pdftotext } from './pdfTools';
import { fixtureWriter } from '../fixtureWriter';

function failuresOf(report: FixityReport, property: string): string[] {
  return report.checks.filter((c) => c.property === property).flatMap((c) => c.failures);
}

/** Three small real JPEGs (the 可用性 check reads the format from the bytes): their sizes are what the tests name. */
async function scans(): Promise<Buffer[]> {
  return Promise.all(['#fafaf0', '#f0f0fa', '#f0faf0'].map((background) => sharp({ create: { width: 40, height: 30, channels: 3, background } }).jpeg().toBuffer()));
}

async function library() {
  const engine = tempEngine();
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
  const doc = Number(db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '青山镇审核意见', 'file')").run(town.id).lastInsertRowid);
  const bytes = await scans();
  const pages = bytes.map((b) => storeBlob(engine.lib, b, 'image/jpeg'));
  pages.forEach((sha, i) => db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (?, ?, ?)').run(doc, i + 1, sha));
  return { engine, pages, sizes: bytes.map((b) => b.length) };
}

async function fixity(engine: Engine): Promise<FixityReport> {
  const state = await engine.jobs.wait(unwrap(await engine.call('library.fixityStart', {})).jobId);
  expect(state.status).toBe('done');
  return state.result as FixityReport;
}

describe('fixity (四性检测 of the library)', () => {
  it('re-hashes every stored file and names what is missing or changed, with where it is used', async () => {
    const { engine, pages, sizes } = await library();
    const clean = await fixity(engine);
    expect(clean).toMatchObject({ files: 3, ok: true, missing: [], changed: [] });
    expect(clean.checks.map((c) => [c.property, c.passed])).toEqual([
      ['真实性', true],
      ['真实性', true],
      ['完整性', true],
      ['完整性', true],
      ['可用性', true],
      ['安全性', true],
    ]);

    rmSync(engine.lib.files.pathOf(pages[0]!));
    appendFileSync(engine.lib.files.pathOf(pages[2]!), 'x');
    const report = await fixity(engine);
    expect(report.ok).toBe(false);
    expect(report.missing).toEqual([{ sha256: pages[0], size: sizes[0], usedBy: '文件“青山镇审核意见”（示例县/青山镇）第1页' }]);
    expect(report.changed).toEqual([{ sha256: pages[2], size: sizes[2], usedBy: '文件“青山镇审核意见”（示例县/青山镇）第3页' }]);
    expect(failuresOf(report, '真实性')).toEqual([`文件“青山镇审核意见”（示例县/青山镇）第3页：内容已改变（损坏或在档卡之外被改动）（${pages[2]!.slice(0, 12)}…）`]);
    expect(failuresOf(report, '完整性')).toEqual([`文件“青山镇审核意见”（示例县/青山镇）第1页：文件缺失（${pages[0]!.slice(0, 12)}…）`]);
    const trail = engine.lib.db.prepare("SELECT after FROM audit WHERE after LIKE '%核对存储文件%' ORDER BY id DESC").get() as { after: string };
    expect(JSON.parse(trail.after)).toMatchObject({ missing: 1, changed: 1 });
  });

  it('a backup refuses to run while a stored file is missing, naming it', async () => {
    const { engine, pages } = await library();
    rmSync(engine.lib.files.pathOf(pages[1]!));
    const out = tempDir();
    const state = await engine.jobs.wait(unwrap(await engine.call('library.backupStart', { outDir: out })).jobId);
    expect(state.status).toBe('failed');
    expect(state.error?.message).toMatch(/档案库缺少 1 个文件，没有生成备份.*文件“青山镇审核意见”（示例县\/青山镇）第2页/);
  });

  it('names a file of no known format (可用性), a program, a link and an executable file (安全性), and an edited audit record (真实性)', async () => {
    const { engine, pages } = await library();
    const [first, second, third] = pages.map((sha) => engine.lib.files.pathOf(sha!));
    writeFileSync(first!, '#!/bin/sh\nrm -rf ~\n'); // a script put in place of a scan
    chmodSync(second!, 0o755);
    rmSync(third!);
    symlinkSync('/etc/passwd', third!);
    const photo = storeBlob(engine.lib, Buffer.from('这不是图片'), 'image/jpeg');
    engine.lib.db.prepare("INSERT INTO contact_person (name, post, phone, photo_sha256) VALUES ('李明', '驻村第一书记', '13800000000', ?)").run(photo);
    engine.lib.db.prepare("UPDATE audit SET actor = '某人' WHERE id = 1").run();
    const report = await fixity(engine);
    expect(report.ok).toBe(false);
    expect(failuresOf(report, '安全性')).toHaveLength(3);
    expect(failuresOf(report, '安全性')).toEqual(expect.arrayContaining([
      expect.stringMatching(/^文件“青山镇审核意见”（示例县\/青山镇）第\d页：文件是程序或脚本，不是档案文件$/),
      expect.stringMatching(/^文件“青山镇审核意见”（示例县\/青山镇）第\d页：文件带有可执行权限$/),
      expect.stringMatching(/^文件“青山镇审核意见”（示例县\/青山镇）第\d页：存储区中是一个链接（指向别处），不是文件：未读取$/),
    ]));
    expect(failuresOf(report, '可用性')).toEqual(['联系人“李明”的照片：格式无法识别（不是 JPEG、PNG、TIFF、WEBP、PDF、XLSX）']);
    expect(failuresOf(report, '真实性')).toContainEqual(expect.stringMatching(/^第 1 条记录（.*）被改动过$/));
  });

  it('dangka fsck exits 1, prints each check with what failed, and saves the PDF report', async () => {
    const { engine, pages } = await library();
    rmSync(engine.lib.files.pathOf(pages[0]!));
    const root = join(import.meta.dirname, '..', '..');
    const pdf = join(tempDir(), '报告.pdf');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), 'fsck', '--pdf', pdf, '--library', engine.lib.dir], { cwd: root, encoding: 'utf8' });
    expect(run.stdout).toContain('【真实性】文件校验值（SHA-256）与数据库记录一致（检查 2 项）：通过');
    expect(run.stdout).toMatch(/【完整性】数据库登记的文件都在存储区中（检查 3 项）：不通过（1 项）\n {4}文件“青山镇审核意见”（示例县\/青山镇）第1页：文件缺失/);
    expect(run.stdout).toContain('结论：不通过（完整性有问题）');
    expect(run.status).toBe(1);
    // Cells wrap: compare without the line breaks.
    const text = pdftotext(pdf).replace(/\s+/g, '');
    expect(text).toContain('电子档案四性检测报告');
    expect(text).toContain('数据库登记的文件都在存储区中3不通过（1项）文件“青山镇审核意见”（示例县/青山镇）第1页：文件缺失');
  }, 90_000); // a real process: tsx compiles the CLI first, slow on a loaded machine
});
