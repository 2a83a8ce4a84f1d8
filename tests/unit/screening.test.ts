// The seeds' screening checklists as household records (issue 14 item 6): migration 0140, saving a list whole through
// the API, and rules H1 (missing/incomplete), H2 (an exclusion case still registered), H3 (脱贫 without 两不愁三保障),
// each with a passing and a failing case.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { screeningChecklists } from '../../engine/catalog/screening';
import { loadDefaultTemplate } from '../../engine/catalog/template';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { migrate } from '../../engine/library/library';
import { MIGRATIONS } from '../../engine/library/migrations/index';
import { RULES } from '../../engine/validate/check';
import { parseRules, type RuleSetting } from '../../engine/validate/config';
import type { Finding, HouseholdData, VillageData } from '../../engine/validate/model';
import type { ScreeningAnswer } from '../../shared/screening';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourcesDir } from '../../engine/resources';
import { tempEngine } from './helpers';

const defaultRules = parseRules(readFileSync(join(resourcesDir(), 'rules', 'default.json'), 'utf8'), 'default.json');
const { lists } = screeningChecklists(defaultRules);
const listById = (id: string) => lists.find((l) => l.id === id)!;

describe('migration 0140', () => {
  it('adds screening answers to an existing library: one per item, yes/no only, audited, gone with the household', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 110));
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (1, NULL, 'county', '示例县', '990001', 'JF·990001')").run();
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (2, 1, 'household', '王建国', '0001', 'JF·0001')").run();
    db.prepare("INSERT INTO household (unit_id, household_no) VALUES (2, 'H1')").run();
    migrate(db, null, MIGRATIONS.filter((m) => m.version <= 140));
    expect(db.pragma('user_version', { simple: true })).toBe(140);
    const insert = db.prepare(
      "INSERT INTO screening_answer (household_id, checklist, item, result, checked_by, checked_on, recorded_by, recorded_at) VALUES (2, 'wubulu', ?, ?, '刘调查', '2016-03-10', '王录入', '2026-01-01')",
    );
    insert.run('家庭成员有财政供养人员', 0);
    expect(() => insert.run('家庭成员有财政供养人员', 0)).toThrow(/UNIQUE/);
    expect(() => insert.run('现任村"两委"干部家庭', 2)).toThrow(/CHECK/);
    expect(db.prepare("SELECT count(*) AS n FROM audit WHERE tbl = 'screening_answer' AND unit_id = 2").get()).toEqual({ n: 1 });
    db.prepare('DELETE FROM household WHERE unit_id = 2').run();
    expect(db.prepare('SELECT count(*) AS n FROM screening_answer').get()).toEqual({ n: 0 });
  });
});

// --- the rules, on a household built in memory ---------------------------------------------------------------------

const template = loadDefaultTemplate();
const TODAY = new Date('2026-11-22T00:00:00Z');

/** A registered household that left poverty in 2019 and passed every list as the seeds want. */
function screenedHousehold(extra: Partial<HouseholdData> = {}): HouseholdData {
  const screening = new Map<string, Map<string, boolean>>();
  for (const list of lists) screening.set(list.id, new Map(list.items.map((item) => [item, list.kind !== 'exclusion' && list.kind !== 'priority'])));
  return {
    id: 101,
    name: '王建国',
    householdNo: 'H101',
    mainCause: '因病',
    perCapitaIncome: 4200,
    exitYear: 2019,
    declaredSize: 1,
    phone: null,
    status: 'ordinary',
    members: [],
    contacts: [],
    forms: [],
    items: new Set(),
    screening,
    ...extra,
  };
}

function run(ruleId: string, h: HouseholdData): Finding[] {
  const village: VillageData = { id: 10, name: '桃园村', forms: [], items: new Set(), households: [h] };
  const rule = RULES.find((r) => r.id === ruleId)!;
  const setting = defaultRules.get(ruleId) as RuleSetting;
  const findings: Finding[] = [];
  rule.check(village, { setting, template, today: TODAY, sharedIds: new Map(), checklists: lists }, (f) => findings.push({ ...f, ruleId, severity: setting.severity }));
  return findings;
}

describe('screening rules', () => {
  it.each(['H1', 'H2', 'H3'])('%s: a household screened as the seeds want passes', (id) => {
    expect(run(id, screenedHousehold())).toEqual([]);
  });

  it('H1: a required list not recorded, recorded in part, or with steps not done', () => {
    const h = screenedHousehold();
    h.screening.delete('shiyizhongren');
    h.screening.get('wukan')!.delete('看粮');
    h.screening.get('yijin_erkan')!.set('三算: 算收入、支出、债务', false);
    expect(run('H1', h).map((f) => f.message)).toEqual([
      '王建国户“一进二看三算四比五议”有1项未做：三算: 算收入、支出、债务',
      '王建国户没有“十一种人”核查记录',
      '王建国户“五看”核查记录缺1项：看粮',
    ]);
    // 六优先 is not required: leaving it out is no finding; a 边缘户 is not asked for registration screening at all.
    const noPriority = screenedHousehold();
    noPriority.screening.delete('liuyouxian');
    expect(run('H1', noPriority)).toEqual([]);
    expect(run('H1', screenedHousehold({ status: 'marginal', screening: new Map() }))).toEqual([]);
  });

  it('H2: one of 十一种人 or a 五不录 case still registered poor; a 边缘户 with the same answer is not flagged', () => {
    const h = screenedHousehold();
    h.screening.get('shiyizhongren')!.set('拥有小轿车等非生产必需车辆、大型农机、工程机械、船舶', true);
    h.screening.get('wubulu')!.set('家庭成员有财政供养人员', true);
    expect(run('H2', h).map((f) => f.message)).toEqual([
      '王建国户“十一种人”核查为“拥有小轿车等非生产必需车辆、大型农机、工程机械、船舶”，按规定不应识别为贫困户，却登记在册',
      '王建国户“五不录”核查为“家庭成员有财政供养人员”，按规定不应识别为贫困户，却登记在册',
    ]);
    expect(run('H2', { ...h, status: 'marginal' })).toEqual([]);
  });

  it('H3: marked 脱贫 while part of 两不愁三保障 is not secured; not yet due to leave poverty is not flagged', () => {
    const h = screenedHousehold();
    h.screening.get('liangbuchou')!.set('住房安全有保障', false);
    expect(run('H3', h).map((f) => f.message)).toEqual(['王建国户已于2019年脱贫，但“两不愁三保障”中住房安全有保障未达到']);
    expect(run('H3', { ...h, exitYear: 2027 })).toEqual([]);
    expect(run('H3', { ...h, exitYear: null, status: 'stable' }).map((f) => f.message)).toEqual(['王建国户已标为稳定脱贫，但“两不愁三保障”中住房安全有保障未达到']);
  });
});

// --- through the API, on a demo library -----------------------------------------------------------------------------

async function demoHousehold(): Promise<{ engine: Engine; householdId: number }> {
  const engine = tempEngine();
  await buildDemoLibrary(engine.lib, generateCounty({ households: 12, seed: 3 }));
  const row = engine.lib.db.prepare("SELECT unit_id FROM household WHERE status <> 'marginal' ORDER BY unit_id LIMIT 1").get() as { unit_id: number };
  return { engine, householdId: row.unit_id };
}

const answersOf = (id: string, result: (item: string) => boolean): ScreeningAnswer[] =>
  listById(id).items.map((item) => ({ item, result: result(item), note: '', checkedBy: '刘调查', checkedOn: '2016-03-10' }));

describe('screening through the API', () => {
  it('lists the rules file’s checklists with the demo’s answers, and the check finds nothing on them', async () => {
    const { engine, householdId } = await demoHousehold();
    const s = unwrap(await engine.call('screening.get', { householdId }));
    expect(s.lists.map((l) => [l.checklist.title, l.required])).toEqual([
      ['一进二看三算四比五议', true],
      ['十一种人', true],
      ['五看', true],
      ['五不录', true],
      ['六优先', false],
      ['两不愁三保障', true],
    ]);
    expect(s.lists[1]!.answers).toHaveLength(11);
    unwrap(await engine.call('check.run', {}));
    const problems = unwrap(await engine.call('problems.list', { unitId: householdId, status: 'all', limit: 500 }));
    expect(problems.problems.filter((p) => p.ruleId?.startsWith('H'))).toEqual([]);
  });

  it('refuses a list with an item left out or unknown, keeping what was saved; a full list saves and re-checks', async () => {
    const { engine, householdId } = await demoHousehold();
    const before = unwrap(await engine.call('screening.get', { householdId }));
    const partial = answersOf('wubulu', () => true).slice(1);
    const refused = await engine.call('screening.save', { householdId, checklist: 'wubulu', answers: partial });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toBe('“五不录”还有1项未填写：家庭成员有财政供养人员');
    const unknown = await engine.call('screening.save', { householdId, checklist: 'wubulu', answers: [...answersOf('wubulu', () => false), { item: '看房', result: true, note: '', checkedBy: '刘调查', checkedOn: '2016-03-10' }] });
    expect(!unknown.ok && unknown.error.message).toBe('“五不录”中没有这些项目：看房');
    expect(unwrap(await engine.call('screening.get', { householdId }))).toEqual(before);

    const saved = unwrap(await engine.call('screening.save', { householdId, checklist: 'wubulu', answers: answersOf('wubulu', (item) => item === '经营企业或长期雇工') }));
    const wubulu = saved.lists.find((l) => l.checklist.id === 'wubulu')!;
    expect(wubulu.answers.find((a) => a.item === '经营企业或长期雇工')).toMatchObject({ result: true, checkedBy: '刘调查', checkedOn: '2016-03-10' });
    // Saving re-checked the village: the household is now a 五不录 case on the problem ledger.
    const problems = unwrap(await engine.call('problems.list', { unitId: householdId, status: 'open', limit: 500 }));
    expect(problems.problems.filter((p) => p.ruleId === 'H2').map((p) => p.description)).toEqual([expect.stringContaining('“五不录”核查为“经营企业或长期雇工”')]);
  });
});

describe('dangka screening', () => {
  it('shows a household’s lists, records one (the --yes items 是, the rest 否) and refuses an item the list lacks', async () => {
    const { engine, householdId } = await demoHousehold();
    const library = engine.lib.dir;
    const archiveCode = (engine.lib.db.prepare('SELECT archive_code FROM unit WHERE id = ?').get(householdId) as { archive_code: string }).archive_code;
    engine.close();
    const dangka = (...args: string[]) => {
      const run = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', '..', 'engine', 'cli', 'bin.ts'), 'screening', archiveCode, '--library', library, ...args], { cwd: join(import.meta.dirname, '..', '..'), encoding: 'utf8', env: { ...process.env, DANGKA_LIBRARY: '' } });
      return { code: run.status, out: run.stdout, err: run.stderr };
    };
    expect(dangka().out).toContain('两不愁三保障（liangbuchou，必填）\n  不愁吃：有保障');
    const set = dangka('--list', 'liangbuchou', '--yes', '不愁吃', '--yes', '不愁穿', '--note', '住房安全有保障=危房未改造', '--by', '刘调查', '--on', '2016-03-12');
    expect(set.code).toBe(0);
    expect(set.out).toContain('  住房安全有保障：未保障（危房未改造）  刘调查 2016-03-12');
    const wrong = dangka('--list', 'wubulu', '--yes', '看房', '--by', '刘调查', '--on', '2016-03-12');
    expect(wrong).toMatchObject({ code: 2, err: '错误：“五不录”中没有这些项目：看房\n' });
    // Three real processes on two shared cores: each starts tsx, like the CLI tests.
  }, 120_000);
});
