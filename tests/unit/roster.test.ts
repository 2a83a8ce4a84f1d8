import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import type { JobState, RosterImportResult } from '../../shared/domain';
import { householdRows, rosterCsv, rosterXlsx, ROSTER_HEADERS, type RosterRow } from '../fixtures/rosterFile';
import { tempEngine } from './helpers';

async function importFile(engine: Engine, fileName: string, bytes: Buffer, keepValid = false): Promise<JobState> {
  const { jobId } = unwrap(await engine.call('roster.importStart', { fileName, contentBase64: bytes.toString('base64'), keepValid }));
  return engine.jobs.wait(jobId, undefined, 10);
}

async function importRows(engine: Engine, rows: RosterRow[], keepValid = false): Promise<RosterImportResult> {
  const state = await importFile(engine, '花名册.xlsx', await rosterXlsx(rows), keepValid);
  expect(state.status).toBe('done');
  return state.result as RosterImportResult;
}

const count = (engine: Engine, table: string) => (engine.lib.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function twoHouseholds(): RosterRow[] {
  return [...householdRows('4199990000001', { size: 3, seq: 1 }), ...householdRows('4199990000002', { size: 2, seq: 2, village: '示范二村' })];
}

describe('roster import', () => {
  it('builds the tree and the households, with sex and birth date read from the ID', async () => {
    const engine = tempEngine();
    const result = await importRows(engine, twoHouseholds());
    expect(result).toMatchObject({ applied: true, persons: 5, households: { created: 2, updated: 0, skipped: 0 }, townshipsCreated: 1, villagesCreated: 2 });
    expect(result.problems).toEqual([]);
    const [county] = unwrap(await engine.call('catalog.children', { parentId: null }));
    expect(county).toMatchObject({ name: '示例县', tier: 'county' });
    const hit = unwrap(await engine.call('catalog.search', { query: '4199990000001' }))[0]!;
    const h = unwrap(await engine.call('catalog.household', { id: hit.unitId }));
    expect(h.members.map((m) => m.relation)).toEqual(['户主', '配偶', '之子']);
    expect(h.members[1]).toMatchObject({ sex: '女', birthDate: expect.stringMatching(/^1962-07/) });
    expect(h).toMatchObject({ declaredSize: 3, phone: '13800001234', exitYear: 2018, perCapitaIncome: 8000, mainCause: '缺技术' });
  });

  it('finds columns by header text in any order, below a title row, ignoring unknown columns', async () => {
    const engine = tempEngine();
    const headers = ['备注', ...[...ROSTER_HEADERS].reverse()].map((h) => (h === '证件号码' ? '身份证号' : h === '乡(镇)' ? '乡（镇）' : h));
    const rows = twoHouseholds().map((r) => ({ ...r, 身份证号: r['证件号码'], '乡（镇）': r['乡(镇)'], 备注: '无' }));
    const state = await importFile(engine, 'r.xlsx', await rosterXlsx(rows, { headers, titleRows: ['示例县建档立卡人员花名册', ''] }));
    expect(state.result).toMatchObject({ applied: true, persons: 5 });
  });

  const cases: [string, (rows: RosterRow[]) => void, RegExp, string][] = [
    ['a wrong check digit', (r) => (r[1]!['证件号码'] = String(r[1]!['证件号码']).slice(0, 17) + (String(r[1]!['证件号码']).endsWith('1') ? '2' : '1')), /校验位不对/, '证件号码'],
    ['a sex that disagrees with the ID', (r) => (r[0]!['性别'] = '女'), /性别“女”与证件号码不符/, '性别'],
    ['a bad phone', (r) => (r[0]!['联系电话'] = '1380000'), /电话号码格式不对/, '联系电话'],
    ['人数 that disagrees with the rows', (r) => r.slice(0, 3).forEach((x) => (x['人数'] = 4)), /人数为 4，但表中该户有 3 行/, '人数'],
    ['two heads', (r) => (r[1]!['与户主关系'] = '户主'), /有2个“户主”/, '与户主关系'],
    ['no head', (r) => (r[0]!['与户主关系'] = '之父'), /没有“户主”/, '与户主关系'],
    ['a missing required cell', (r) => (r[2]!['姓名'] = ''), /“姓名”不能为空/, '姓名'],
    ['the same ID twice', (r) => (r[4]!['证件号码'] = r[0]!['证件号码']!), /与第2行重复/, '证件号码'],
  ];
  for (const [what, plant, message, column] of cases) {
    it(`reports ${what} with row, column and a Chinese message, and imports nothing`, async () => {
      const engine = tempEngine();
      const rows = twoHouseholds();
      plant(rows);
      const result = await importRows(engine, rows);
      expect(result.applied).toBe(false);
      const problem = result.problems.find((p) => message.test(p.message));
      expect(problem, JSON.stringify(result.problems)).toBeDefined();
      expect(problem!.column).toBe(column);
      expect(problem!.row).toBeGreaterThan(1);
      expect(count(engine, 'unit')).toBe(0);
      expect(count(engine, 'member')).toBe(0);
    });
  }

  it('with keepValid imports the valid households only and reports the rest', async () => {
    const engine = tempEngine();
    const rows = twoHouseholds();
    rows[3]!['性别'] = '女'; // second household's head is male per ID
    const result = await importRows(engine, rows, true);
    expect(result).toMatchObject({ applied: true, households: { created: 1, skipped: 1 }, persons: 3 });
    expect(result.problems[0]).toMatchObject({ row: 5, householdNo: '4199990000002' });
    expect(count(engine, 'household')).toBe(1);
  });

  it('updates in place on a second import: no duplicates, 档号 and contacts kept, new figures taken', async () => {
    const engine = tempEngine();
    await importRows(engine, twoHouseholds());
    const id = unwrap(await engine.call('catalog.search', { query: '4199990000001' }))[0]!.unitId;
    const before = unwrap(await engine.call('catalog.household', { id }));
    unwrap(await engine.call('contact.assign', { householdId: id, role: 'helper', person: { name: '赵六', post: '科员', workUnit: '县农业局', phone: '13900001111' } }));
    unwrap(await engine.call('household.setStatus', { id, status: 'monitored' }));
    const rows = twoHouseholds().map((r) => ({ ...r, 人均纯收入: r['户编号'] === '4199990000001' ? 9100 : r['人均纯收入'] }));
    const again = await importRows(engine, rows);
    expect(again).toMatchObject({ applied: true, households: { created: 0, updated: 2 }, townshipsCreated: 0, villagesCreated: 0 });
    expect(count(engine, 'unit')).toBe(1 + 1 + 2 + 2);
    expect(count(engine, 'member')).toBe(5);
    const after = unwrap(await engine.call('catalog.household', { id }));
    expect(after.unit.archiveCode).toBe(before.unit.archiveCode);
    expect(after.perCapitaIncome).toBe(9100);
    expect(after.contacts.helper?.name).toBe('赵六');
    expect(after.status).toBe('monitored');
  });

  it('reads CSV in UTF-8 with BOM and in GB18030 as Excel in China saves it', async () => {
    for (const encoding of ['utf8', 'gb18030'] as const) {
      const engine = tempEngine();
      const state = await importFile(engine, 'r.csv', rosterCsv(twoHouseholds(), encoding));
      expect(state.result, encoding).toMatchObject({ applied: true, persons: 5 });
      const hit = unwrap(await engine.call('catalog.search', { query: '示范二村' }));
      expect(hit[0]?.name).toBe('示范二村');
    }
  });

  it('refuses broken files with a clear message and changes nothing', async () => {
    const engine = tempEngine();
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const emptySheet = await rosterXlsx([], { headers: [] });
    const wrongHeaders = await rosterXlsx([{ 甲: 1, 乙: 2 }], { headers: ['甲', '乙'] });
    const truncated = (await rosterXlsx(twoHouseholds())).subarray(0, 3000);
    const files: [string, Buffer, RegExp][] = [
      ['r.xlsx', Buffer.from('姓名,证件号码\n张三,1'), /不是有效的 Excel/],
      ['r.xlsx', random, /不是有效的 Excel/],
      ['r.xlsx', truncated, /无法读取该 Excel 文件/],
      ['r.xlsx', emptySheet, /表格是空的/],
      ['r.xlsx', wrongHeaders, /找不到表头/],
      ['r.xls', random, /另存为” .xlsx/],
      ['r.docx', random, /不支持的文件类型/],
    ];
    for (const [name, bytes, message] of files) {
      const state = await importFile(engine, name, bytes);
      const result = state.result as RosterImportResult;
      expect(result.applied, name).toBe(false);
      expect(result.problems[0]?.message, String(message)).toMatch(message);
    }
    expect(count(engine, 'unit')).toBe(0);
  });

  it('reports an ID that Excel stored as a number (digits lost)', async () => {
    const engine = tempEngine();
    const rows = twoHouseholds();
    rows[0]!['证件号码'] = Number(String(rows[0]!['证件号码']).slice(0, 17) + '0');
    const result = await importRows(engine, rows);
    expect(result.problems[0]?.message).toMatch(/存成了数字/);
  });

  it('a cancelled import changes nothing', async () => {
    const engine = tempEngine();
    const rows: RosterRow[] = [];
    for (let i = 1; i <= 300; i++) rows.push(...householdRows(`41999900${String(i).padStart(5, '0')}`, { seq: i }));
    const { jobId } = unwrap(
      await engine.call('roster.importStart', { fileName: 'r.xlsx', contentBase64: (await rosterXlsx(rows)).toString('base64'), keepValid: false }),
    );
    engine.jobs.cancel(jobId);
    const state = await engine.jobs.wait(jobId, undefined, 10);
    expect(state.status).toBe('cancelled');
    expect(state.error?.message).toMatch(/已取消/);
    expect(count(engine, 'unit')).toBe(0);
  });
});
