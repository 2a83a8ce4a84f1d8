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
  it('finds a date-order defect as an open error, marks it 已整改待验收 (never closed) when fixed, and opens it again if it comes back', async () => {
    const { engine, villageId, householdId, countyId } = await demo();
    unwrap(await engine.call('check.run', {}));
    unwrap(await engine.call('forms.save', { unitId: villageId, type: 'meeting', fields: { round: 2019, stage: '提议', date: '2019-03-05', due: 7, present: 7, signedIn: 7, votesFor: 7, signatures: SIGNED } }));
    const app = unwrap(await engine.call('forms.save', { unitId: householdId, type: 'application', fields: { date: '2019-03-10', applicant: '申请人', signatures: SIGNED } }));

    // Saving the form re-checked its village at once.
    const [problem] = await openProblems(engine, countyId, 'D1');
    expect(problem).toMatchObject({ status: 'open', stage: 'open', severity: 'error', unit: { id: householdId } });
    expect(problem!.description).toContain('申请书日期（2019年3月10日）不早于');
    expect(problem!.refs).toContainEqual({ formId: app.id, field: 'date' });
    // The partial records also leave the procedure incomplete (P1) and the applicant off the roster (N2): errors too.
    const errorsBefore = unwrap(await engine.call('check.summary', { unitId: countyId })).openErrors;
    expect(errorsBefore).toBeGreaterThanOrEqual(1);

    unwrap(await engine.call('forms.save', { id: app.id, unitId: householdId, type: 'application', fields: { date: '2019-03-01', applicant: '申请人', signatures: SIGNED } }));
    const [rectified] = await openProblems(engine, countyId, 'D1');
    // The system never signs a 销号: a person of the review team has to accept it.
    expect(rectified).toMatchObject({ id: problem!.id, status: 'open', stage: 'rectified', closedHow: null, closedBy: null });
    expect(rectified!.rectifiedAt).not.toBeNull();
    expect(unwrap(await engine.call('problems.list', { unitId: countyId, status: 'rectified' })).problems.map((p) => p.id)).toContain(problem!.id);
    // Still open (counted) until a person accepts it.
    expect(unwrap(await engine.call('check.summary', { unitId: countyId })).openErrors).toBe(errorsBefore);

    unwrap(await engine.call('forms.save', { id: app.id, unitId: householdId, type: 'application', fields: { date: '2019-03-12', applicant: '申请人', signatures: SIGNED } }));
    const [again] = await openProblems(engine, countyId, 'D1');
    expect(again).toMatchObject({ id: problem!.id, status: 'open', stage: 'open', rectifiedAt: null });
  });

  it('closes a problem only by a reviewer: accepted with a note and a name, or sent back with a reason', async () => {
    const { engine, villageId, householdId } = await demo();
    unwrap(await engine.call('forms.save', { unitId: villageId, type: 'meeting', fields: { round: 2019, stage: '提议', date: '2019-03-05', due: 7, present: 7, signedIn: 7, votesFor: 7, signatures: SIGNED } }));
    const app = unwrap(await engine.call('forms.save', { unitId: householdId, type: 'application', fields: { date: '2019-03-10', applicant: '申请人', signatures: SIGNED } }));
    const [problem] = await openProblems(engine, villageId, 'D1');
    unwrap(
      await engine.call('problems.update', { id: problem!.id, measure: '核实申请日期并补正', responsibleUnit: '村委会', responsiblePerson: '张三', deadline: '2020-01-31', acceptanceDue: '2020-02-15', acceptanceUnit: '镇扶贫办' }),
    );
    expect(await engine.call('problems.update', { id: problem!.id, acceptanceDue: '2020-01-01' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('不能早于整改时限') } });
    expect((await openProblems(engine, villageId, 'D1'))[0]).toMatchObject({ overdue: true, measure: '核实申请日期并补正', acceptanceUnit: '镇扶贫办' });
    // The clerk cannot report it done while the check still finds it.
    expect(await engine.call('problems.report', { id: problem!.id })).toMatchObject({ ok: false, error: { message: expect.stringContaining('检查仍发现该问题') } });
    // Sending back needs something waiting for acceptance.
    expect(await engine.call('problems.return', { id: problem!.id, by: '李审核', reason: '未改' })).toMatchObject({ ok: false });

    unwrap(await engine.call('forms.save', { id: app.id, unitId: householdId, type: 'application', fields: { date: '2019-03-01', applicant: '申请人', signatures: SIGNED } }));
    const returned = unwrap(await engine.call('problems.return', { id: problem!.id, by: '李审核', reason: '只改了录入的日期，申请书原件未补正' }));
    expect(returned).toMatchObject({ status: 'open', stage: 'returned', returnedBy: '李审核', returnedReason: '只改了录入的日期，申请书原件未补正' });
    // A passing check does not undo the reviewer's 退回: the clerk reports the rectification again.
    unwrap(await engine.call('check.run', { unitId: villageId }));
    expect((await openProblems(engine, villageId, 'D1'))[0]).toMatchObject({ stage: 'returned' });
    expect(unwrap(await engine.call('problems.report', { id: problem!.id }))).toMatchObject({ stage: 'rectified', returnedReason: null });

    const accepted = unwrap(await engine.call('problems.accept', { id: problem!.id, by: '李审核', note: '原件已补正，附情况说明' }));
    expect(accepted).toMatchObject({ status: 'closed', stage: 'closed', closedHow: 'accepted', closedBy: '李审核', closeNote: '原件已补正，附情况说明', overdue: false });
    unwrap(await engine.call('check.run', { unitId: villageId }));
    expect((await openProblems(engine, villageId, 'D1'))[0]).toMatchObject({ status: 'closed', closedHow: 'accepted' });

    const manual = unwrap(await engine.call('problems.add', { unitId: villageId, severity: 'warning', description: '会议记录缺少乡镇参会人员签字', createdBy: '王督查', deadline: '2030-06-30' }));
    unwrap(await engine.call('check.run', {}));
    expect(unwrap(await engine.call('problems.list', { unitId: villageId })).problems.find((p) => p.id === manual.id)).toMatchObject({ status: 'open', stage: 'open', ruleId: null, overdue: false });
    expect(unwrap(await engine.call('problems.report', { id: manual.id }))).toMatchObject({ stage: 'rectified' });
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

  it('signs the review stages in order: 核查 → 复核 → 审核, never two stages by the same person', async () => {
    const { engine, villageId } = await demo();
    const early = await engine.call('review.signoff', { unitId: villageId, stage: '复核', reviewer: '乡镇审核员', result: '通过' });
    expect(early).toMatchObject({ ok: false, error: { message: '请先完成“核查”并通过，再进行“复核”' } });
    unwrap(await engine.call('review.signoff', { unitId: villageId, stage: '核查', reviewer: '村文书', result: '通过', note: '已逐户核对' }));
    expect(await engine.call('review.signoff', { unitId: villageId, stage: '复核', reviewer: '村文书', result: '通过' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('同一人不能签同一单位的两个环节') },
    });
    const signed = unwrap(await engine.call('review.signoff', { unitId: villageId, stage: '复核', reviewer: '乡镇审核员', result: '不通过', note: '三户缺申请书' }));
    expect(signed.map((s) => [s.stage, s.reviewer, s.result])).toEqual([
      ['核查', '村文书', '通过'],
      ['复核', '乡镇审核员', '不通过'],
    ]);
    expect(await engine.call('review.signoff', { unitId: villageId, stage: '审核', reviewer: '县审核员', result: '通过' })).toMatchObject({ ok: false });
  });
});

describe('review rounds (核查轮次)', () => {
  const groups = (overrides: Partial<Record<'核查' | '复核' | '审核', { person: string; leader?: boolean }[]>> = {}) =>
    (['核查', '复核', '审核'] as const).map((stage, i) => ({
      stage,
      deadline: `2030-0${i + 4}-30`,
      members: (overrides[stage] ?? { 核查: [{ person: '赵核查' }, { person: '钱核查' }], 复核: [{ person: '孙复核' }, { person: '李复核' }], 审核: [{ person: '周组长', leader: true }, { person: '吴审核' }] }[stage]).map((m) => ({
        leader: false,
        ...m,
      })),
    }));

  it('refuses a round whose groups break the seed: 复核 by one person, 审核 without a leader, one person in two groups', async () => {
    const { engine, townshipId } = await demo();
    const create = (stages: ReturnType<typeof groups>) => engine.call('rounds.create', { name: '2020年对标查短补短', unitIds: [townshipId], stages });
    expect(await create(groups({ 复核: [{ person: '孙复核' }] }))).toMatchObject({ ok: false, error: { message: '复核组至少两人（两人复核）' } });
    expect(await create(groups({ 审核: [{ person: '周组长' }] }))).toMatchObject({ ok: false, error: { message: '审核组须指定一名组长（挂片领导）' } });
    expect(await create(groups({ 复核: [{ person: '赵核查' }, { person: '李复核' }] }))).toMatchObject({ ok: false, error: { message: expect.stringContaining('赵核查已在“核查”组') } });
    const round = unwrap(await create(groups()));
    expect(round.stages.map((s) => [s.stage, s.minSigners, s.members.map((m) => m.person)])).toEqual([
      ['核查', 1, ['赵核查', '钱核查']],
      ['复核', 2, ['孙复核', '李复核']],
      ['审核', 1, ['周组长', '吴审核']],
    ]);
    expect(await create(groups())).toMatchObject({ ok: false, error: { message: '已有名为“2020年对标查短补短”的核查轮次' } });
  });

  it('signs a unit of the round stage by stage: group members only, two for 复核, the leader for 审核, progress per round', async () => {
    const { engine, townshipId, villageId, countyId } = await demo();
    const round = unwrap(await engine.call('rounds.create', { name: '回头看', unitIds: [townshipId], stages: groups() }));
    const sign = (stage: '核查' | '复核' | '审核', reviewer: string, result: '通过' | '不通过' = '通过') =>
      engine.call('review.signoff', { unitId: villageId, roundId: round.id, stage, reviewer, result, note: `${reviewer}意见` });
    expect(await sign('核查', '孙复核')).toMatchObject({ ok: false, error: { message: expect.stringContaining('不在“回头看”的核查组') } });
    unwrap(await sign('核查', '赵核查'));
    unwrap(await sign('复核', '孙复核'));
    // One 复核 signature is not enough for 审核.
    expect(await sign('审核', '周组长')).toMatchObject({ ok: false, error: { message: '请先完成“复核”（需2人签字通过），再进行“审核”' } });
    unwrap(await sign('复核', '李复核'));
    unwrap(await sign('审核', '吴审核'));
    let [progress] = unwrap(await engine.call('rounds.progress', { unitId: villageId }));
    expect(progress!.stages.map((s) => [s.stage, s.done])).toEqual([
      ['核查', true],
      ['复核', true],
      ['审核', false],
    ]);
    expect(progress!.next).toBe('审核');
    unwrap(await sign('审核', '周组长'));
    [progress] = unwrap(await engine.call('rounds.progress', { unitId: villageId }));
    expect(progress).toMatchObject({ round: { id: round.id, name: '回头看' }, next: null });
    expect(progress!.stages[1]!.signed.map((s) => [s.reviewer, s.result])).toEqual([
      ['孙复核', '通过'],
      ['李复核', '通过'],
    ]);
    // The database refuses one person on two stages of a unit in a round, whoever writes.
    expect(() => engine.lib.db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result, round_id) VALUES (?, '审核', '赵核查', '通过', ?)").run(villageId, round.id)).toThrow(
      /同一轮次中同一人不能签同一单位的两个环节/,
    );
    // Outside the round's scope: refused.
    const other = engine.lib.db.prepare("SELECT id FROM unit WHERE tier = 'township' AND id <> ? LIMIT 1").get(townshipId) as { id: number } | undefined;
    if (other) expect(await engine.call('review.signoff', { unitId: other.id, roundId: round.id, stage: '核查', reviewer: '赵核查', result: '通过' })).toMatchObject({ ok: false });

    // Problems found in the round's scope belong to it; the ledger can be filtered by round.
    const added = unwrap(await engine.call('problems.add', { unitId: villageId, severity: 'warning', description: '第一次公示无照片', createdBy: '赵核查' }));
    expect(added.roundId).toBe(round.id);
    const outside = unwrap(await engine.call('problems.add', { unitId: countyId, severity: 'warning', description: '县级方案未盖章', createdBy: '赵核查' }));
    expect(outside.roundId).toBeNull();
    const inRound = unwrap(await engine.call('problems.list', { unitId: countyId, status: 'all', roundId: round.id, limit: 500 })).problems;
    expect(inRound.map((p) => p.id)).toContain(added.id);
    expect(inRound.map((p) => p.id)).not.toContain(outside.id);
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
    const json = JSON.parse(cli('--json').stdout) as { summaries: { openErrors: number }[]; problems: { ruleId: string }[] };
    expect(json.summaries[0]!.openErrors).toBeGreaterThanOrEqual(1);
    expect(json.problems.some((p) => p.ruleId === 'D1')).toBe(true);
  });
});
