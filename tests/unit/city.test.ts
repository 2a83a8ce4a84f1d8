// The optional 市 above the counties (issue 14 item 7; seed 003: 市、县、乡、村四级档案): made, filled with counties and
// emptied again from the API and the CLI, each change in the trail with its reason; counties keep their 档号; the
// tree, CLI paths, completeness check, binder and packages (a 市 package, a county package into a 市 library) handle it.
import { describe, expect, it, vi } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit, resolveUnitRef, unitPath } from '../../engine/catalog/units';
import { main } from '../../engine/cli/main';
import { detachedContext } from '../../engine/jobs/jobs';
import { packUnit } from '../../engine/pack/pack';
import { importInto, tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

function addHousehold(engine: Engine, villageId: number, name: string, no: string, idNumber: string) {
  const unit = createUnit(fixtureWriter(engine.lib.db), { parentId: villageId, tier: 'household', name });
  engine.lib.db.prepare("INSERT INTO household (unit_id, household_no, phone, status) VALUES (?, ?, '13812345678', 'stable')").run(unit.id, no);
  engine.lib.db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, ?, ?, '户主')").run(unit.id, name, idNumber);
  return unit;
}

/** 获嘉县 (410724) / 城关镇 / 东关村 with one household, as a county library keeps it. */
function countyLibrary(engine = tempEngine(), name = '获嘉县', code = '410724', householdNo = '4107241012010001', idNumber = '11010519491231002X') {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name, officialCode: code });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '城关镇', officialCode: '101' });
  const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '东关村', officialCode: '201' });
  const household = addHousehold(engine, village.id, '王芳', householdNo, idNumber);
  return { engine, county, town, village, household };
}

const archiveCodes = (engine: Engine) => engine.lib.db.prepare('SELECT id, archive_code FROM unit ORDER BY id').all();

describe('the 市 tier', () => {
  it('is made by an administrator; counties go under it and out again, keeping their 档号, each move in the trail with its reason', async () => {
    const { engine, county, village, household } = countyLibrary();
    const codesBefore = archiveCodes(engine);
    const city = unwrap(await engine.call('units.createCity', { name: '新乡市', code: '4107' }));
    expect(city.tier).toBe('city');
    expect(engine.lib.db.prepare('SELECT archive_code, code_official FROM unit WHERE id = ?').get(city.id)).toEqual({ archive_code: 'JF·4107', code_official: 1 });

    unwrap(await engine.call('units.placeCounty', { countyId: county.id, cityId: city.id, reason: '按市级四级档案归档' }));
    expect(unitPath(engine.lib.db, household.id).map((u) => u.name)).toEqual(['新乡市', '获嘉县', '城关镇', '东关村', '王芳']);
    // Nothing below the county changed its 档号 or 区划代码 (the county's 6 digits begin with the 市's 4).
    expect(archiveCodes(engine).filter((r) => (r as { id: number }).id !== city.id)).toEqual(codesBefore);
    expect(unwrap(await engine.call('catalog.children', { parentId: null })).map((u) => [u.tier, u.name, u.childCount])).toEqual([['city', '新乡市', 1]]);
    const trail = engine.lib.db.prepare("SELECT after FROM audit WHERE tbl = 'event' ORDER BY id DESC LIMIT 1").get() as { after: string };
    expect(JSON.parse(trail.after)).toMatchObject({ what: '县划入市', county: '获嘉县', to: '新乡市', reason: '按市级四级档案归档' });
    // Both ways of naming the county on the command line find it.
    expect(resolveUnitRef(engine.lib.db, '获嘉县/城关镇/东关村').id).toBe(village.id);
    expect(resolveUnitRef(engine.lib.db, '新乡市/获嘉县/城关镇/东关村').id).toBe(village.id);

    unwrap(await engine.call('units.placeCounty', { countyId: county.id, cityId: null, reason: '划错了市' }));
    expect(unitPath(engine.lib.db, village.id).map((u) => u.name)).toEqual(['获嘉县', '城关镇', '东关村']);
  });

  it('refuses what an inspector would not accept, with a Chinese message and nothing changed', async () => {
    const { engine, county, town } = countyLibrary();
    const city = unwrap(await engine.call('units.createCity', { name: '安阳市', code: '4105' }));
    // A county whose official code is another 市's.
    const wrong = await engine.call('units.placeCounty', { countyId: county.id, cityId: city.id, reason: '测试划入' });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error.message).toMatch(/410724 不属于“安阳市”（4105）/);
    expect(engine.lib.db.prepare('SELECT parent_id FROM unit WHERE id = ?').get(county.id)).toEqual({ parent_id: null });
    // Only counties go under a 市, only under a 市; a reason is required; names and codes of 市 are checked.
    const notCounty = await engine.call('units.placeCounty', { countyId: town.id, cityId: city.id, reason: '测试划入' });
    expect(!notCounty.ok && notCounty.error.message).toMatch(/只有县可以放到市下面/);
    const noReason = await engine.call('units.placeCounty', { countyId: county.id, cityId: city.id, reason: '' });
    expect(!noReason.ok && noReason.error.message).toMatch(/请填写理由/);
    const twice = await engine.call('units.createCity', { name: '安阳市', code: null });
    expect(!twice.ok && twice.error.message).toMatch(/已有名为“安阳市”的市/);
    const badName = await engine.call('units.createCity', { name: '安阳', code: null });
    expect(!badName.ok && badName.error.message).toMatch(/应以“市”/);
  });

  it('counts in the full check: the 市 has its own file (市级档案 四类) and its missing items are a finding', async () => {
    const { engine } = countyLibrary();
    const city = unwrap(await engine.call('units.createCity', { name: '新乡市', code: '4107' }));
    const detail = unwrap(await engine.call('catalog.unit', { id: city.id }));
    expect(detail.template.map((c) => c.name)).toEqual(['综合类', '精准识别类', '精准施策类', '精准脱贫类']);
    unwrap(await engine.call('check.run', {}));
    const problems = engine.lib.db.prepare("SELECT description FROM problem WHERE unit_id = ? AND rule_id = 'K1'").all(city.id) as { description: string }[];
    expect(problems[0]?.description).toMatch(/^新乡市档案缺少\d+项/);
  });

  it('travels in packages: a county package goes into a 市 library under its 市; a 市 package into a new library whole', async () => {
    // The 市 library: 新乡市 with 获嘉县 placed under it.
    const city = countyLibrary();
    const xinxiang = unwrap(await city.engine.call('units.createCity', { name: '新乡市', code: '4107' }));
    unwrap(await city.engine.call('units.placeCounty', { countyId: city.county.id, cityId: xinxiang.id, reason: '四级档案' }));

    // 辉县市's own library (a county-level 市, tier 县) sends its package: it lands under 新乡市.
    const hui = countyLibrary(tempEngine(), '辉县市', '410782', '4107821012010001', '110105194912310037');
    const bag = (await packUnit(hui.engine.lib, { unitId: hui.county.id, outDir: tempDir(), include: { masters: true, pdfs: true }, maxPartBytes: null }, detachedContext())).bags[0]!.path;
    const result = await importInto(city.engine, bag);
    expect(result.applied).toBe(true);
    const placed = resolveUnitRef(city.engine.lib.db, '辉县市');
    expect(unitPath(city.engine.lib.db, placed.id).map((u) => u.name)).toEqual(['新乡市', '辉县市']);
    // Re-imported (the county library sends it again): still under the 市, not a second 辉县市.
    await importInto(city.engine, bag, 'package');
    expect(city.engine.lib.db.prepare("SELECT count(*) AS n FROM unit WHERE name = '辉县市'").get()).toEqual({ n: 1 });

    // The 市's own package carries the 市 and both counties into an empty library.
    const cityBag = (await packUnit(city.engine.lib, { unitId: xinxiang.id, outDir: tempDir(), include: { masters: true, pdfs: true }, maxPartBytes: null }, detachedContext())).bags[0]!.path;
    const empty = tempEngine();
    expect((await importInto(empty, cityBag)).applied).toBe(true);
    const tree = unwrap(await empty.call('catalog.children', { parentId: null }));
    expect(tree.map((u) => [u.tier, u.name])).toEqual([['city', '新乡市']]);
    expect(unwrap(await empty.call('catalog.children', { parentId: tree[0]!.id })).map((u) => u.name)).toEqual(['获嘉县', '辉县市']);
  });

  it('works from the command line: city add, place, remove, and the tree shows the 市', async () => {
    const { engine } = countyLibrary();
    const dir = engine.lib.dir;
    engine.close();
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((s) => (out.push(String(s)), true));
    try {
      await main(['city', 'add', '新乡市', '--code', '4107', '--library', dir]);
      await main(['city', 'place', '获嘉县', '新乡市', '--reason', '四级档案', '--library', dir]);
      await main(['tree', '--library', dir]);
      expect(process.exitCode ?? 0).toBe(0);
      await main(['city', 'remove', '新乡市/获嘉县', '--reason', '划错了', '--library', dir]);
    } finally {
      spy.mockRestore();
    }
    const text = out.join('');
    expect(text).toContain('已新建市：新乡市  档号 JF·4107');
    expect(text).toContain('已将 获嘉县 划入 新乡市');
    expect(text).toMatch(/市 新乡市[\s\S]*县 获嘉县/);
    expect(text).toContain('已将 获嘉县 移出所属的市');
  });
});
