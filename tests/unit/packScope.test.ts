// Package scope and identity (issue 17): a package changes only the units inside its declared root. Its catalog can
// be edited and its manifests regenerated (BagIt cannot prevent that), so the library's own tree decides: a household
// or unit the library keeps elsewhere is a conflict named with both places, and nothing is imported. Packages name
// who made them, from which library; a county can record the townships it takes packages from.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleAllows } from '../../shared/api';
import { unwrap, type Engine } from '../../engine/api/engine';
import { runAs } from '../../engine/audit/trail';
import { createUnit } from '../../engine/catalog/units';
import { detachedContext } from '../../engine/jobs/jobs';
import { readMeta } from '../../engine/library/library';
import { parseBagInfo } from '../../engine/pack/bagit';
import { verifyPackage } from '../../engine/pack/fourProperties';
import type { FourPropertyCheck } from '../../shared/fixity';
import { packUnit } from '../../engine/pack/pack';
import { regenerateManifests } from '../fixtures/bags';
import { filesUnder, importInto, tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

function addHousehold(engine: Engine, villageId: number, name: string, no: string, idNumber: string) {
  const unit = createUnit(fixtureWriter(engine.lib.db), { parentId: villageId, tier: 'household', name });
  engine.lib.db.prepare("INSERT INTO household (unit_id, household_no, phone, status) VALUES (?, ?, '13812345678', 'stable')").run(unit.id, no);
  engine.lib.db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, ?, ?, '户主')").run(unit.id, name, idNumber);
  return unit;
}

/** 示例县/青山镇 with 桃园村 (王芳, 李强) and 西山村 (张伟), as a township keeps it. */
function township() {
  const engine = tempEngine();
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县', officialCode: '360124' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇', officialCode: '101' });
  const taoyuan = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村', officialCode: '201' });
  const xishan = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '西山村', officialCode: '202' });
  const wang = addHousehold(engine, taoyuan.id, '王芳', '3601241012010001', '11010519491231002X');
  addHousehold(engine, taoyuan.id, '李强', '3601241012010002', '110105194912310037');
  addHousehold(engine, xishan.id, '张伟', '3601241012020001', '110105194912310045');
  return { engine, county, town, taoyuan, xishan, wang };
}

async function pack(engine: Engine, unitId: number, maskPersonal = false): Promise<string> {
  const r = await packUnit(engine.lib, { unitId, outDir: tempDir(), include: { masters: true, pdfs: true }, maxPartBytes: null, maskPersonal }, detachedContext());
  return r.bags[0]!.path;
}


/** Edits catalog.json and regenerates every manifest, as anyone with a text editor and sha256sum can. */
function tamper(original: string, change: (catalog: any, info: string, bag: string) => string | void): string {
  const bag = join(tempDir(), 'bag');
  cpSync(original, bag, { recursive: true });
  const catalog = JSON.parse(readFileSync(join(bag, 'data', 'catalog.json'), 'utf8'));
  const info = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
  const newInfo = change(catalog, info, bag) ?? info;
  writeFileSync(join(bag, 'data', 'catalog.json'), JSON.stringify(catalog));
  regenerateManifests(bag, newInfo);
  return bag;
}

/** Every row an import could change, and the stored files. */
function snapshot(engine: Engine) {
  const db = engine.lib.db;
  return {
    units: db.prepare('SELECT id, parent_id, name, archive_code, updated_at FROM unit ORDER BY id').all(),
    households: db.prepare('SELECT * FROM household ORDER BY unit_id').all(),
    members: db.prepare('SELECT * FROM member ORDER BY id').all(),
    documents: db.prepare('SELECT count(*) AS n FROM document').get(),
    files: filesUnder(engine.lib.files.root),
  };
}

/**
 * The county: 示例县 with 青山镇 as its township sent it, and 白水镇/东村 with 陈刚 (户编号 3601241020010001) that
 * the county keeps itself.
 */
async function countyWithTwoTownships() {
  const t = township();
  const bag = await pack(t.engine, t.town.id);
  const county = tempEngine();
  expect((await importInto(county, bag)).applied).toBe(true);
  const db = county.lib.db;
  const countyId = (db.prepare("SELECT id FROM unit WHERE tier = 'county'").get() as { id: number }).id;
  const baishui = createUnit(fixtureWriter(db), { parentId: countyId, tier: 'township', name: '白水镇', officialCode: '102' });
  const dongcun = createUnit(fixtureWriter(db), { parentId: baishui.id, tier: 'village', name: '东村', officialCode: '201' });
  const chen = addHousehold(county, dongcun.id, '陈刚', '3601241020010001', '110105195001010011');
  return { ...t, bag, county, baishui, dongcun, chen };
}

async function refused(county: Engine, bag: string): Promise<string> {
  const before = snapshot(county);
  const r = await importInto(county, bag);
  expect(r.applied).toBe(false);
  expect(snapshot(county)).toEqual(before);
  return r.problems.map((p) => `${p.kind}: ${p.message}`).join('\n');
}

describe('package scope', () => {
  it('a household of another township, slipped into the catalog by 户编号, is a conflict naming both places; nothing changes', async () => {
    const { bag, county } = await countyWithTwoTownships();
    const hostile = tamper(bag, (c) => {
      const wang = c.units.find((u: any) => u.name === '王芳');
      wang.household.householdNo = '3601241020010001';
      wang.household.members[0].name = '冒名';
      wang.changedAt = '2099-01-01T00:00:00.000Z';
    });
    const problems = await refused(county, hostile);
    expect(problems).toContain('conflict: 户编号 3601241020010001（王芳）在本库属于 示例县/白水镇/东村，数据包称其属于 示例县/青山镇/桃园村');
    expect((county.lib.db.prepare("SELECT name FROM member WHERE name = '陈刚'").get() as { name: string }).name).toBe('陈刚');
  });

  it('a village of another township, claimed by its 档号, is a conflict', async () => {
    const { bag, county, dongcun } = await countyWithTwoTownships();
    const code = (county.lib.db.prepare('SELECT archive_code FROM unit WHERE id = ?').get(dongcun.id) as { archive_code: string }).archive_code;
    const hostile = tamper(bag, (c) => {
      const xishan = c.units.find((u: any) => u.name === '西山村');
      const old = xishan.archiveCode;
      xishan.name = '东村';
      for (const u of c.units) {
        if (u.archiveCode === old) u.archiveCode = code;
        if (u.parentArchiveCode === old) u.parentArchiveCode = code;
      }
      for (const d of c.documents) if (d.unitArchiveCode === old) d.unitArchiveCode = code;
    });
    expect(await refused(county, hostile)).toMatch(new RegExp(`conflict: 村“东村”（档号 ${code}）在本库属于 示例县/白水镇，数据包称其属于 示例县/青山镇`));
  });

  it('a package declaring one village but packing the whole township is refused', async () => {
    const { bag, county } = await countyWithTwoTownships();
    const hostile = tamper(bag, (c, info) => {
      const taoyuan = c.units.find((u: any) => u.name === '桃园村');
      c.source = { archiveCode: taoyuan.archiveCode, name: '桃园村', tier: 'village' };
      return info.replace(/^External-Identifier: .*$/m, `External-Identifier: ${taoyuan.archiveCode}`);
    });
    expect(await refused(county, hostile)).toMatch(/conflict: 户编号 3601241012020001（张伟）不在数据包声明的范围“示例县\/青山镇\/桃园村”之内/);
  });

  it('a package of another county does not add a second county to a county library', async () => {
    const { county } = await countyWithTwoTownships();
    const other = tempEngine();
    const c2 = createUnit(fixtureWriter(other.lib.db), { parentId: null, tier: 'county', name: '邻县', officialCode: '360125' });
    const t2 = createUnit(fixtureWriter(other.lib.db), { parentId: c2.id, tier: 'township', name: '河口镇', officialCode: '101' });
    createUnit(fixtureWriter(other.lib.db), { parentId: t2.id, tier: 'village', name: '前村', officialCode: '201' });
    expect(await refused(county, await pack(other, t2.id))).toMatch(/conflict: 数据包属于“邻县”.*本库是“示例县”的档案库/);
  });

  it('a household moved between villages of the packed township moves, and the result names both places', async () => {
    const { engine, county, wang, xishan } = await countyWithTwoTownships();
    engine.lib.db.prepare("UPDATE unit SET parent_id = ?, code = '0009', updated_at = ? WHERE id = ?").run(xishan.id, '2030-01-01T00:00:00.000Z', wang.id);
    const r = await importInto(county, await pack(engine, (engine.lib.db.prepare("SELECT id FROM unit WHERE tier = 'township'").get() as { id: number }).id));
    expect(r.applied).toBe(true);
    expect(r.conflicts).toEqual([expect.objectContaining({ name: '王芳', kept: 'package' })]);
    expect(r.conflicts[0]!.reason).toMatch(/由 示例县\/青山镇\/桃园村 迁至 示例县\/青山镇\/西山村/);
  });
});

describe('package identity', () => {
  it('names who made it and in which library, in bag-info.txt and catalog.json alike', async () => {
    const { engine, town } = township();
    const bag = await runAs({ userId: null, name: '王芳（录入员）', displayName: '王芳', role: 'clerk', action: 'pack.start' }, () => pack(engine, town.id));
    const info = parseBagInfo(readFileSync(join(bag, 'bag-info.txt'), 'utf8'));
    const catalog = JSON.parse(readFileSync(join(bag, 'data', 'catalog.json'), 'utf8'));
    const libraryId = readMeta(engine.lib.db, 'library_id')!;
    expect(libraryId).toMatch(/^[0-9a-f]{32}$/);
    expect(info).toMatchObject({ 'Dangka-Made-By': '王芳（录入员）', 'Dangka-Library-Id': libraryId, 'Dangka-Made-At': catalog.createdAt });
    expect(catalog.maker).toEqual({ account: null, name: '王芳（录入员）', libraryId });
    const county = tempEngine();
    const r = await importInto(county, bag);
    expect(r.source).toMatch(new RegExp(`王芳（录入员）于 \\d{4}-\\d{2}-\\d{2} 制作，来源档案库 ${libraryId.slice(0, 8)}`));
  });

  it('a catalog whose maker differs from bag-info.txt is refused', async () => {
    const { engine, town } = township();
    const bag = await pack(engine, town.id);
    const hostile = tamper(bag, (c) => {
      c.maker.name = '县档案局（管理员）';
    });
    expect(await refused(tempEngine(), hostile)).toMatch(/包信息 Dangka-Made-By 与目录不一致/);
  });

  it('a county that recorded its townships refuses a package from any other, naming both', async () => {
    const { bag, county, baishui, town: _ } = await countyWithTwoTownships();
    expect(roleAllows('reviewer', 'packageSources.set')).toBe(false);
    expect(roleAllows('admin', 'packageSources.set')).toBe(true);
    const sources = unwrap(await county.call('packageSources.set', { unitIds: [baishui.id] }));
    expect(sources.expected).toEqual([expect.objectContaining({ unitId: baishui.id, path: '示例县/白水镇' })]);
    expect(await refused(county, bag)).toMatch(/conflict: 数据包来自“青山镇”.*不在本库登记的数据包来源乡镇之中（示例县\/白水镇）/);

    const qingshan = (county.lib.db.prepare("SELECT id FROM unit WHERE name = '青山镇'").get() as { id: number }).id;
    unwrap(await county.call('packageSources.set', { unitIds: [baishui.id, qingshan] }));
    expect((await importInto(county, bag)).applied).toBe(true);
    const village = (county.lib.db.prepare("SELECT id FROM unit WHERE name = '东村'").get() as { id: number }).id;
    expect((await county.call('packageSources.set', { unitIds: [village] })).ok).toBe(false);
    const trail = county.lib.db.prepare("SELECT after FROM audit WHERE after LIKE '%设置数据包来源乡镇%'").all() as { after: string }[];
    expect(trail.length).toBe(2);
  });
});

describe('四性检测 of a package (dangka verify)', () => {
  async function fourProperties(bag: string) {
    return (await verifyPackage(bag, detachedContext())).checks;
  }
  const failures = (checks: FourPropertyCheck[], property: string) => checks.filter((c) => c.property === property).flatMap((c) => c.failures);

  it('a package as Dangka writes it passes all four: its catalog, index, report PDF (text layer) and workbook open', async () => {
    const { engine, town } = township();
    const checks = await fourProperties(await pack(engine, town.id));
    expect(checks.map((c) => [c.property, c.passed, c.failures])).toEqual(checks.map((c) => [c.property, true, []]));
    expect(checks.find((c) => c.property === '可用性')!.checked).toBeGreaterThanOrEqual(4);
  });

  it('names a planted script (安全性), an image that does not decode (可用性) and a whole ID number in a package declared masked (安全性), even with regenerated manifests', async () => {
    const { engine, town } = township();
    const bag = tamper(await pack(engine, town.id, true), (catalog, _info, dir) => {
      const wang = catalog.units.find((u: { name: string }) => u.name === '王芳');
      wang.household.members[0].idNumber = '11010519491231002X';
      writeFileSync(join(dir, 'data', 'run.sh'), '#!/bin/sh\nrm -rf ~\n');
      writeFileSync(join(dir, 'data', '坏.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]));
    });
    const checks = await fourProperties(bag);
    expect(failures(checks, '真实性')).toEqual([]);
    expect(failures(checks, '完整性')).toEqual([]);
    expect(failures(checks, '可用性')).toEqual(['data/坏.jpg：文件无法打开（图像无法解码）']);
    expect(failures(checks, '安全性')).toEqual(['data/run.sh：文件是程序或脚本，不是档案文件', '王芳：王芳 的身份证号未隐藏']);
  });
});

