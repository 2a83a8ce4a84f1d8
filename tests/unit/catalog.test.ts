import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { createUnit, ensureUnit, resolveUnitRef } from '../../engine/catalog/units';
import { tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

function seed(engine: ReturnType<typeof tempEngine>) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县', officialCode: '410724' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '城关镇', officialCode: '410724101000' });
  const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '东村', officialCode: '410724101201' });
  const hh = createUnit(fixtureWriter(db), { parentId: village.id, tier: 'household', name: '张三' });
  db.prepare("INSERT INTO household (unit_id, household_no, declared_size) VALUES (?, '4107240001', 2)").run(hh.id);
  db.prepare(
    "INSERT INTO member (household_id, seq, name, id_number, relation, sex) VALUES (?, 1, '张三', '11010519491231002X', '户主', '女'), (?, 2, '张小明', '110105201001010011', '之子', '男')",
  ).run(hh.id, hh.id);
  return { county, town, village, hh };
}

describe('catalog', () => {
  it('assigns 档号 from official region codes and numbers the rest itself', () => {
    const engine = tempEngine();
    const { county, town, village, hh } = seed(engine);
    expect(county.archive_code).toBe('JF·410724');
    expect(town.archive_code).toBe('JF·410724101');
    expect(village.archive_code).toBe('JF01·410724101201');
    expect(hh.archive_code).toBe('JF02·410724101201-0001');
    const second = createUnit(fixtureWriter(engine.lib.db), { parentId: town.id, tier: 'village', name: '西村' });
    // 村委会 codes start at 201; 201 is taken by 东村.
    expect(second.archive_code).toBe('JF01·410724101202');
  });

  it('finds an existing unit by name instead of creating a twin', () => {
    const engine = tempEngine();
    const { town } = seed(engine);
    const again = ensureUnit(fixtureWriter(engine.lib.db), { parentId: town.id, tier: 'village', name: '东村' });
    expect(again.created).toBe(false);
  });

  it('lists children lazily with counts and resolves units by path, 档号 or 户编号', async () => {
    const engine = tempEngine();
    const { county, village, hh } = seed(engine);
    const roots = unwrap(await engine.call('catalog.children', { parentId: null }));
    expect(roots).toEqual([expect.objectContaining({ id: county.id, name: '示例县', childCount: 1 })]);
    expect(resolveUnitRef(engine.lib.db, '示例县/城关镇/东村').id).toBe(village.id);
    expect(resolveUnitRef(engine.lib.db, 'JF02·410724101201-0001').id).toBe(hh.id);
    expect(resolveUnitRef(engine.lib.db, '示例县/城关镇/东村/4107240001').id).toBe(hh.id);
    expect(() => resolveUnitRef(engine.lib.db, '示例县/西镇')).toThrow(/找不到单位“西镇”/);
  });

  it('type-ahead finds a household by a member name or the last digits of an ID, masked', async () => {
    const engine = tempEngine();
    const { hh } = seed(engine);
    const byName = unwrap(await engine.call('catalog.search', { query: '张小明' }));
    expect(byName[0]).toMatchObject({ unitId: hh.id, pathLabel: '示例县 / 城关镇 / 东村 / 张三' });
    const byId = unwrap(await engine.call('catalog.search', { query: '0011' }));
    expect(byId[0]?.unitId).toBe(hh.id);
    expect(byId[0]?.matchedLabel).toContain('1101**********0011');
    expect(JSON.stringify(byId)).not.toContain('110105201001010011');
  });

  it('rejects a wrong phone for a contact and saves nothing; stores a person once for many households', async () => {
    const engine = tempEngine();
    const { village, hh } = seed(engine);
    const bad = await engine.call('contact.assign', {
      householdId: hh.id,
      role: 'helper',
      person: { name: '李四', post: '科员', workUnit: '县农业局', phone: '1381234' },
    });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.fields?.['person.phone']).toMatch(/电话号码格式不对/);
    expect(engine.lib.db.prepare('SELECT count(*) AS n FROM contact_person').get()).toEqual({ n: 0 });

    const saved = unwrap(
      await engine.call('contact.assign', {
        householdId: hh.id,
        role: 'helper',
        person: { name: '李四', post: '科员', workUnit: '县农业局', phone: '138 1234 5678' },
      }),
    );
    expect(saved.contacts.helper).toMatchObject({ name: '李四', phone: '13812345678', householdCount: 1 });
    const other = createUnit(fixtureWriter(engine.lib.db), { parentId: village.id, tier: 'household', name: '王五' });
    engine.lib.db.prepare("INSERT INTO household (unit_id, household_no) VALUES (?, '4107240002')").run(other.id);
    const linked = unwrap(
      await engine.call('contact.assign', { householdId: other.id, role: 'helper', personId: saved.contacts.helper!.id }),
    );
    expect(linked.contacts.helper?.householdCount).toBe(2);
    expect(engine.lib.db.prepare('SELECT count(*) AS n FROM contact_person').get()).toEqual({ n: 1 });
  });

  it('counts what lies below a unit, not the unit itself', async () => {
    const engine = tempEngine();
    const { county, village } = seed(engine);
    expect(unwrap(await engine.call('catalog.unit', { id: county.id })).counts).toEqual({ counties: 0, townships: 1, villages: 1, households: 1, persons: 2 });
    const v = unwrap(await engine.call('catalog.unit', { id: village.id }));
    expect(v.counts).toEqual({ counties: 0, townships: 0, villages: 0, households: 1, persons: 2 });
    expect(v.template.map((c) => c.name)).toEqual(['村情概况', '规划计划', '工作记录', '公示公告', '审核批复', '表格信息', '帮扶项目']);
  });
});
