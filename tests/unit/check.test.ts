// Checking through the API, as the clerk and the reviewer live it: form records entered, a defect found and
// listed as a problem, the fix closing it (销号), a reviewer's acceptance, problems added by hand, the roll-up,
// the review stages, and `dangka check`'s exit status.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { tempEngine } from './helpers';

const root = join(import.meta.dirname, '..', '..');

async function demo(): Promise<{ engine: Engine; villageId: number; householdId: number; townshipId: number; countyId: number }> {
  const engine = tempEngine();
  await buildDemoLibrary(engine.lib, generateCounty({ households: 60, seed: 3 }));
  const db = engine.lib.db;
  const county = db.prepare("SELECT id FROM unit WHERE tier = 'county'").get() as { id: number };
  const village = db.prepare("SELECT id, parent_id FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number; parent_id: number };
  const household = db.prepare("SELECT id FROM unit WHERE tier = 'household' AND parent_id = ? ORDER BY id LIMIT 1").get(village.id) as { id: number };
  return { engine, villageId: village.id, householdId: household.id, townshipId: village.parent_id, countyId: county.id };
}

const SIGNED = { 申请人: true, 参会人员: true };

async function openProblems(engine: Engine, unitId: number, ruleId: string) {
  return unwrap(await engine.call('problems.list', { unitId, status: 'all', limit: 500 })).problems.filter((p) => p.ruleId === ruleId);
}

describe('checks through the API', () => {
  it('finds a date-order defect as an open error, closes it when the date is fixed, and opens it again if it comes back', async () => {
    const { engine, villageId, householdId, countyId } = await demo();
    unwrap(await engine.call('check.run', {}));
    unwrap(await engine.call('forms.save', { unitId: villageId, type: 'meeting', fields: { round: 2019, stage: '提议', date: '2019-03-05', due: 7, present: 7, signedIn: 7, votesFor: 7, signatures: SIGNED } }));
    const app = unwrap(await engine.call('forms.save', { unitId: householdId, type: 'application', fields: { date: '2019-03-10', applicant: '申请人', signatures: SIGNED } }));

    // Saving the form re-checked its village at once.
    const [problem] = await openProblems(engine, countyId, 'D1');
    expect(problem).toMatchObject({ status: 'open', severity: 'error', unit: { id: householdId } });
    expect(problem!.description).toContain('申请书日期（2019年3月10日）不早于');
    expect(problem!.refs).toContainEqual({ formId: app.id, field: 'date' });
    expect(unwrap(await engine.call('check.summary', { unitId: countyId })).openErrors).toBe(1);

    unwrap(await engine.call('forms.save', { id: app.id, unitId: householdId, type: 'application', fields: { date: '2019-03-01', applicant: '申请人', signatures: SIGNED } }));
    const [closed] = await openProblems(engine, countyId, 'D1');
    expect(closed).toMatchObject({ id: problem!.id, status: 'closed', closedHow: 'rule_passed', closedBy: '系统检查' });
    expect(unwrap(await engine.call('check.summary', { unitId: countyId })).openErrors).toBe(0);

    unwrap(await engine.call('forms.save', { id: app.id, unitId: householdId, type: 'application', fields: { date: '2019-03-12', applicant: '申请人', signatures: SIGNED } }));
    const [again] = await openProblems(engine, countyId, 'D1');
    expect(again).toMatchObject({ id: problem!.id, status: 'open', closedHow: null });
  });

  it('keeps a problem a reviewer accepted closed, and never closes one added by hand', async () => {
    const { engine, villageId, householdId } = await demo();
    unwrap(await engine.call('forms.save', { unitId: villageId, type: 'meeting', fields: { round: 2019, stage: '提议', date: '2019-03-05', due: 7, present: 7, signedIn: 7, votesFor: 7, signatures: SIGNED } }));
    unwrap(await engine.call('forms.save', { unitId: householdId, type: 'application', fields: { date: '2019-03-10', applicant: '申请人', signatures: SIGNED } }));
    const [problem] = await openProblems(engine, villageId, 'D1');
    unwrap(await engine.call('problems.update', { id: problem!.id, measure: '核实申请日期并补正', responsibleUnit: '村委会', responsiblePerson: '张三', deadline: '2020-01-31' }));
    expect(unwrap(await engine.call('problems.list', { unitId: villageId })).problems.find((p) => p.id === problem!.id)).toMatchObject({ overdue: true, measure: '核实申请日期并补正' });
    const accepted = unwrap(await engine.call('problems.accept', { id: problem!.id, by: '李审核', note: '原件日期为笔误，已附情况说明' }));
    expect(accepted).toMatchObject({ status: 'closed', closedHow: 'accepted', closedBy: '李审核' });
    unwrap(await engine.call('check.run', { unitId: villageId }));
    expect((await openProblems(engine, villageId, 'D1'))[0]).toMatchObject({ status: 'closed', closedHow: 'accepted' });

    const manual = unwrap(await engine.call('problems.add', { unitId: villageId, severity: 'warning', description: '会议记录缺少乡镇参会人员签字', createdBy: '王督查', deadline: '2030-06-30' }));
    unwrap(await engine.call('check.run', {}));
    expect(unwrap(await engine.call('problems.list', { unitId: villageId })).problems.find((p) => p.id === manual.id)).toMatchObject({ status: 'open', ruleId: null, overdue: false });
  });

  it('rolls completeness up from households and villages to the county, and names what a village lacks', async () => {
    const { engine, villageId, townshipId, countyId } = await demo();
    unwrap(await engine.call('check.run', {}));
    const county = unwrap(await engine.call('check.summary', { unitId: countyId }));
    const townships = county.children;
    expect(townships.length).toBeGreaterThan(0);
    // The county's figures are its own items plus the sum of its townships'.
    const own = county.missing.length;
    expect(county.required).toBe(townships.reduce((n, t) => n + t.required, 0) + own);
    const village = unwrap(await engine.call('check.summary', { unitId: villageId }));
    expect(village.missing).toContain('公示公告/贫困户识别两公示一公告');
    expect(village.percent).toBeLessThan(100);
    const township = unwrap(await engine.call('check.summary', { unitId: townshipId }));
    expect(township.children.find((c) => c.unit.id === villageId)).toMatchObject({ required: village.required, present: village.present });
  });

  it('counts a 十有 entry as present when a template item that fulfils it has a document, even in a household', async () => {
    const { engine, villageId, householdId } = await demo();
    const file = async (unitId: number, item: string, title: string) => {
      const sha = engine.lib.files.put(Buffer.from(title));
      engine.lib.db.prepare("INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, 1, 'image/jpeg')").run(sha);
      const id = Number(engine.lib.db.prepare("INSERT INTO document (title, source) VALUES (?, 'file')").run(title).lastInsertRowid);
      engine.lib.db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (?, 1, ?)').run(id, sha);
      unwrap(await engine.call('documents.file', { id, unitId, item }));
    };
    const missing = async () => unwrap(await engine.call('check.summary', { unitId: villageId })).missing;
    expect(await missing()).toEqual(expect.arrayContaining(['十有/审核及公示材料', '十有/贫困户申请书', '十有/形式板']));
    await file(villageId, '公示公告/贫困户识别两公示一公告', '第一次公示');
    await file(householdId, '村级户档/贫困户申请书', '申请书');
    await file(villageId, '十有/形式板', '形式板照片');
    const after = await missing();
    expect(after).not.toContain('公示公告/贫困户识别两公示一公告');
    expect(after).not.toContain('十有/审核及公示材料');
    expect(after).not.toContain('十有/贫困户申请书');
    expect(after).not.toContain('十有/形式板');
    expect(after).toContain('十有/脱贫致富清单');
  });

  it('refuses a form with a bad field or on the wrong tier, saying which and why', async () => {
    const { engine, villageId, householdId } = await demo();
    const bad = await engine.call('forms.save', { unitId: householdId, type: 'application', fields: { date: '2019-02-30', applicant: '王' } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('不是有效的日期'), fields: { date: '不是有效的日期' } } });
    const wrongTier = await engine.call('forms.save', { unitId: villageId, type: 'application', fields: { date: '2019-02-03', applicant: '王' } });
    expect(wrongTier).toMatchObject({ ok: false, error: { message: expect.stringContaining('贫困户申请书应填在户上') } });
  });

  it('signs the review stages in order: 核查 → 复核 → 审核', async () => {
    const { engine, villageId } = await demo();
    const early = await engine.call('review.signoff', { unitId: villageId, stage: '复核', reviewer: '乡镇审核员', result: '通过' });
    expect(early).toMatchObject({ ok: false, error: { message: '请先完成“核查”并通过，再进行“复核”' } });
    unwrap(await engine.call('review.signoff', { unitId: villageId, stage: '核查', reviewer: '村文书', result: '通过', note: '已逐户核对' }));
    const signed = unwrap(await engine.call('review.signoff', { unitId: villageId, stage: '复核', reviewer: '乡镇审核员', result: '不通过', note: '三户缺申请书' }));
    expect(signed.map((s) => [s.stage, s.reviewer, s.result])).toEqual([
      ['核查', '村文书', '通过'],
      ['复核', '乡镇审核员', '不通过'],
    ]);
    expect(await engine.call('review.signoff', { unitId: villageId, stage: '审核', reviewer: '县审核员', result: '通过' })).toMatchObject({ ok: false });
  });
});

describe('dangka check', () => {
  it('prints completeness and the open problems, and exits 1 while an error is open', async () => {
    const { engine, villageId, householdId } = await demo();
    const dir = engine.lib.dir;
    unwrap(await engine.call('forms.save', { unitId: villageId, type: 'meeting', fields: { round: 2019, stage: '提议', date: '2019-03-05', due: 7, present: 7, signedIn: 7, votesFor: 7, signatures: SIGNED } }));
    unwrap(await engine.call('forms.save', { unitId: householdId, type: 'application', fields: { date: '2019-03-10', applicant: '申请人', signatures: SIGNED } }));
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), 'check', ...args, '--library', dir], { cwd: root, encoding: 'utf8' });
    const text = cli();
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^县 示例县：.*完整率 \d+\.\d%/);
    expect(text.stdout).toContain('[错误] D1');
    const json = JSON.parse(cli('--json').stdout) as { summary: { openErrors: number }; problems: { ruleId: string }[] };
    expect(json.summary.openErrors).toBe(1);
    expect(json.problems.some((p) => p.ruleId === 'D1')).toBe(true);
  });
});
