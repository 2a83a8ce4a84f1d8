// The 四性检测 of a package in the app (issue 17 item 3): pack.verifyStart runs the same checks as `dangka verify`
// (verifyPackage), with progress and 取消, reports each failure under its property with the file named, keeps the
// report (PDF) as its result file; an import refuses a package that fails 真实性、完整性 or 安全性, and changes nothing.
// Each tampered package below has its manifests regenerated where that is what hides it from BagIt.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { detachedContext } from '../../engine/jobs/jobs';
import { storeBlob } from '../../engine/library/blobs';
import { packageReportText } from '../../engine/pack/fourProperties';
import { packUnit } from '../../engine/pack/pack';
import type { JobState } from '../../shared/domain';
import type { FourProperty, PackageVerifyReport } from '../../shared/fixity';
import type { BagImportPlan } from '../../shared/importPlan';
import { regenerateManifests } from '../fixtures/bags';
import { filesUnder, importInto, tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

async function jpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 120 + seed, height: 160, channels: 3, background: { r: 180 + seed, g: 200, b: 190 } } }).jpeg().toBuffer();
}

/** 示例县/青山镇/桃园村 with 王芳 and her 申请书 (one scanned page: master, access copy, thumbnail), packed. */
async function packedTownship(): Promise<{ engine: Engine; bag: string }> {
  const engine = tempEngine();
  const db = fixtureWriter(engine.lib.db);
  const county = createUnit(db, { parentId: null, tier: 'county', name: '示例县', officialCode: '360124' });
  const town = createUnit(db, { parentId: county.id, tier: 'township', name: '青山镇', officialCode: '101' });
  const village = createUnit(db, { parentId: town.id, tier: 'village', name: '桃园村', officialCode: '201' });
  const wang = createUnit(db, { parentId: village.id, tier: 'household', name: '王芳' });
  db.prepare("INSERT INTO household (unit_id, household_no, phone, status) VALUES (?, '3601241012010001', '13812345678', 'stable')").run(wang.id);
  db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, '王芳', '11010519491231002X', '户主')").run(wang.id);
  const doc = Number(db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '王芳申请书', 'file')").run(wang.id).lastInsertRowid);
  const master = await jpeg(1);
  const [m, a, t] = [storeBlob(engine.lib, master, 'image/jpeg'), storeBlob(engine.lib, await jpeg(2), 'image/jpeg'), storeBlob(engine.lib, await jpeg(3), 'image/jpeg')];
  db.prepare("INSERT INTO page (document_id, seq, master_sha256, access_sha256, thumb_sha256, width, height, dpi, ocr_status) VALUES (?, 1, ?, ?, ?, 121, 160, 200, 'pending')").run(doc, m, a, t);
  const packed = await packUnit(engine.lib, { unitId: town.id, outDir: tempDir(), include: { masters: true, pdfs: false }, maxPartBytes: null, maskPersonal: false }, detachedContext());
  return { engine, bag: packed.bags[0]!.path };
}

/** A copy of the bag, changed by `change`, its manifests regenerated unless told not to. */
function tampered(bag: string, change: (copy: string) => void, regenerate = true): string {
  const copy = join(tempDir(), 'bag');
  cpSync(bag, copy, { recursive: true });
  change(copy);
  if (regenerate) regenerateManifests(copy);
  return copy;
}

const scanIn = (bag: string) => filesUnder(bag).find((p) => p.startsWith('data/units/') && p.endsWith('.jpg'))!;

/** pack.verifyStart as the 校验数据包 tab starts it, with every progress report it made. */
async function verifyInApp(engine: Engine, dir: string): Promise<{ state: JobState; report: PackageVerifyReport; progress: JobState[] }> {
  const progress: JobState[] = [];
  const state = await engine.jobs.wait(unwrap(await engine.call('pack.verifyStart', { dir })).jobId, (s) => progress.push(s));
  if (state.status !== 'done') throw new Error(state.error?.message ?? state.status);
  return { state, report: state.result as PackageVerifyReport, progress };
}

/** Every failure, by the property it was reported under. */
function failuresBy(report: PackageVerifyReport): Record<FourProperty, string[]> {
  const by: Record<FourProperty, string[]> = { 真实性: [], 完整性: [], 可用性: [], 安全性: [] };
  for (const c of report.checks) by[c.property].push(...c.failures);
  return by;
}

describe('四性检测 of a package in the app (pack.verifyStart)', () => {
  it('passes a package as Dangka writes it, counts its files as it goes, and keeps the report (PDF) the CLI writes', async () => {
    const { engine, bag } = await packedTownship();
    const { state, report, progress } = await verifyInApp(engine, bag);
    expect(report.ok && report.admissible && report.valid && !report.backup).toBe(true);
    expect(failuresBy(report)).toEqual({ 真实性: [], 完整性: [], 可用性: [], 安全性: [] });
    // Progress: bytes hashed, then files opened, counted against their total.
    const opened = progress.filter((p) => p.phase === '检测文件可用性');
    expect(opened.at(-1)).toMatchObject({ done: filesUnder(join(bag, 'data')).length, total: filesUnder(join(bag, 'data')).length });
    expect(progress.some((p) => p.unit === 'bytes' && p.total > 0)).toBe(true);
    // 保存检测报告: the job's result file, a PDF with the report's text.
    const file = unwrap(await engine.call('job.resultFile', { jobId: state.id }));
    expect(file.mime).toBe('application/pdf');
    expect(file.fileName).toMatch(/^四性检测报告-.*青山镇.*\.pdf$/);
    const pdf = join(tempDir(), 'report.pdf');
    writeFileSync(pdf, Buffer.from(file.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('电子档案四性检测报告');
    expect(text).toContain('全部通过');
    expect(packageReportText(report)).toContain('结论：四性检测全部通过');
  });

  it('a file replaced and the manifests regenerated: 真实性, the file named (the catalog still records its digest)', async () => {
    const { engine, bag } = await packedTownship();
    const scan = scanIn(bag);
    const other = await jpeg(9);
    const copy = tampered(bag, (dir) => writeFileSync(join(dir, scan), other));
    const { report } = await verifyInApp(engine, copy);
    expect(report.valid).toBe(true); // BagIt alone is satisfied
    expect(failuresBy(report)).toEqual({ 真实性: [`目录记录的校验值与清单不符：${scan}`], 完整性: [], 可用性: [], 安全性: [] });
    expect(report.admissible).toBe(false);
    expect(report.refusals).toEqual([expect.objectContaining({ kind: 'changed', path: scan })]);
  });

  it('a file removed: 完整性, whether the manifests were regenerated or not', async () => {
    const { engine, bag } = await packedTownship();
    const scan = scanIn(bag);
    const hidden = await verifyInApp(engine, tampered(bag, (dir) => rmSync(join(dir, scan))));
    expect(failuresBy(hidden.report)).toEqual({ 真实性: [], 完整性: [`目录指向的文件不在数据包中：${scan}`], 可用性: [], 安全性: [] });
    const plain = await verifyInApp(engine, tampered(bag, (dir) => rmSync(join(dir, scan)), false));
    expect(failuresBy(plain.report).完整性.join('\n')).toContain(scan);
    expect(failuresBy(plain.report).真实性).toEqual([]);
    expect(failuresBy(plain.report).安全性).toEqual([]);
  });

  it('a script slipped in with regenerated manifests: 安全性, named; nothing else fails', async () => {
    const { engine, bag } = await packedTownship();
    const copy = tampered(bag, (dir) => writeFileSync(join(dir, 'data', '说明.txt'), '#!/bin/sh\nrm -rf ~\n'));
    const { report } = await verifyInApp(engine, copy);
    expect(failuresBy(report)).toEqual({ 真实性: [], 完整性: [], 可用性: [], 安全性: ['data/说明.txt：文件是程序或脚本，不是档案文件'] });
    expect(report.refusals).toEqual([expect.objectContaining({ kind: 'unsafe', path: 'data/说明.txt' })]);
  });

  it('a manifest path escaping the bag: 安全性, named', async () => {
    const { engine, bag } = await packedTownship();
    const copy = tampered(bag, () => undefined);
    const manifest = join(copy, 'manifest-sha256.txt');
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}${'0'.repeat(64)}  data/../../etc/passwd\n`);
    // The tag manifest made again for the edited manifest, so only the escaping path is wrong.
    const sha = (p: string) => execFileSync('sha256sum', [join(copy, p)], { encoding: 'utf8' }).slice(0, 64);
    writeFileSync(join(copy, 'tagmanifest-sha256.txt'), ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'].map((t) => `${sha(t)}  ${t}\n`).join(''));
    const { report } = await verifyInApp(engine, copy);
    expect(failuresBy(report).安全性).toContain('校验清单中有包外路径（不允许）：data/../../etc/passwd');
    expect(report.admissible).toBe(false);
  });

  it('a backup passes as a backup; its database changed on the stick is 真实性', async () => {
    const { engine } = await packedTownship();
    const out = tempDir();
    const backup = await engine.jobs.wait(unwrap(await engine.call('library.backupStart', { outDir: out })).jobId);
    expect(backup.status).toBe('done');
    const dir = (backup.result as { path: string }).path;
    const good = await verifyInApp(engine, dir);
    expect(good.report.backup && good.report.ok).toBe(true);
    const db = join(dir, 'data', 'dangka.sqlite');
    const bytes = readFileSync(db);
    bytes[bytes.length - 1] = bytes.at(-1)! ^ 0xff;
    writeFileSync(db, bytes);
    const bad = await verifyInApp(engine, dir);
    expect(failuresBy(bad.report).真实性.join('\n')).toContain('data/dangka.sqlite');
  });

  it('a folder that is not a package is named as such, and nothing in it is opened', async () => {
    const { engine } = await packedTownship();
    const folder = tempDir();
    mkdirSync(join(folder, 'data'));
    writeFileSync(join(folder, 'data', '照片.jpg'), 'not a picture');
    const { report } = await verifyInApp(engine, folder);
    expect(report.admissible).toBe(false);
    expect(failuresBy(report).完整性).toEqual(['缺少 bagit.txt：这不是 BagIt 数据包，或包不完整']);
    expect(report.checks.find((c) => c.property === '可用性')!.checked).toBe(0);
  });

  it('取消 stops the check: the job ends cancelled with nothing kept', async () => {
    const { engine, bag } = await packedTownship();
    const { jobId } = unwrap(await engine.call('pack.verifyStart', { dir: bag }));
    unwrap(await engine.call('job.cancel', { jobId }));
    const state = await engine.jobs.wait(jobId);
    expect(state.status).toBe('cancelled');
    expect(state.resultSha256).toBeNull();
  });
});

describe('an import checks 四性检测 first', () => {
  it('the preview shows the four properties; a package failing 安全性 is refused with the file named, the library unchanged', async () => {
    const { bag } = await packedTownship();
    const county = tempEngine();
    const plan = async (dir: string) => {
      const state = await county.jobs.wait(unwrap(await county.call('pack.importPlanStart', { dir, onConflict: 'newer' })).jobId);
      return state.result as BagImportPlan;
    };
    const good = await plan(bag);
    expect(good.ready).toBe(true);
    expect(good.checks.map((c) => c.passed)).toEqual(good.checks.map(() => true));

    const unsafe = tampered(bag, (dir) => writeFileSync(join(dir, 'data', 'units', 'run.sh'), '#!/bin/sh\necho hi\n'));
    const refusedPlan = await plan(unsafe);
    expect(refusedPlan.ready).toBe(false);
    expect(refusedPlan.checks.filter((c) => !c.passed).map((c) => c.property)).toEqual(['安全性']);
    const units = () => county.lib.db.prepare('SELECT count(*) AS n FROM unit').get();
    const before = { units: units(), files: filesUnder(county.lib.files.root) };
    const result = await importInto(county, unsafe);
    expect(result.applied).toBe(false);
    expect(result.problems).toEqual([expect.objectContaining({ kind: 'unsafe', path: 'data/units/run.sh', message: 'data/units/run.sh：文件是程序或脚本，不是档案文件' })]);
    expect({ units: units(), files: filesUnder(county.lib.files.root) }).toEqual(before);
    // The intact package still imports.
    expect((await importInto(county, bag)).applied).toBe(true);
  });

  it('a file that cannot be opened (可用性) is shown in the preview but does not refuse the package', async () => {
    const { bag } = await packedTownship();
    const county = tempEngine();
    const broken = tampered(bag, (dir) => writeFileSync(join(dir, 'data', 'units', '坏.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46])));
    const state = await county.jobs.wait(unwrap(await county.call('pack.importPlanStart', { dir: broken, onConflict: 'newer' })).jobId);
    const plan = state.result as BagImportPlan;
    expect(plan.ready).toBe(true);
    expect(plan.checks.filter((c) => !c.passed).map((c) => [c.property, c.failures])).toEqual([['可用性', ['data/units/坏.jpg：文件无法打开（图像无法解码）']]]);
    expect((await importInto(county, broken)).applied).toBe(true);
  });

  it('a backup is refused as a package: it is restored, never merged', async () => {
    const { engine } = await packedTownship();
    const backup = await engine.jobs.wait(unwrap(await engine.call('library.backupStart', { outDir: tempDir() })).jobId);
    const result = await importInto(tempEngine(), (backup.result as { path: string }).path);
    expect(result.applied).toBe(false);
    expect(result.problems.map((p) => p.message).join('\n')).toContain('这是档案库备份，不是验收数据包');
  });
});
