import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { detachedContext, type JobContext } from '../../engine/jobs/jobs';
import { importRoster } from '../../engine/roster/import';
import type { JobState, RosterImportResult } from '../../shared/domain';
import { householdRows, rosterCsv, rosterXlsx, ROSTER_HEADERS, type RosterRow } from '../fixtures/rosterFile';
import { tempEngine } from './helpers';

async function importFile(engine: Engine, fileName: string, bytes: Buffer, keepValid = false): Promise<JobState> {
  const { jobId } = unwrap(await engine.call('roster.importStart', { fileName, contentBase64: bytes.toString('base64'), keepValid }));
  return engine.jobs.wait(jobId);
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
    ['rows of a household in two villages', (r) => (r[2]!['行政村'] = '示范二村'), /行政村与第2行不一致/, '行政村'],
    ['rows of a household in two townships', (r) => (r[1]!['乡(镇)'] = '示例二镇'), /乡\(镇\)与第2行不一致/, '乡(镇)'],
    ['an ID too short', (r) => (r[0]!['证件号码'] = '41999919600315001'), /应为18位/, '证件号码'],
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
      // Problem lists are shown and printed: never a full ID number in them.
      expect(JSON.stringify(result.problems)).not.toMatch(/\d{17}[\dX]/);
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

  it('reads CSV in UTF-8 with or without BOM and in GB18030 as Excel in China saves it', async () => {
    const withBom = rosterCsv(twoHouseholds(), 'utf8');
    expect([...withBom.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const files: [string, Buffer][] = [
      ['UTF-8 with BOM', withBom],
      ['UTF-8 without BOM', withBom.subarray(3)],
      ['GB18030', rosterCsv(twoHouseholds(), 'gb18030')],
    ];
    for (const [what, bytes] of files) {
      const engine = tempEngine();
      const state = await importFile(engine, 'r.csv', bytes);
      expect(state.result, what).toMatchObject({ applied: true, persons: 5, problems: [] });
      const hit = unwrap(await engine.call('catalog.search', { query: '示范二村' }));
      expect(hit[0]?.name).toBe('示范二村');
    }
  });

  it('reads IDs that a CSV export kept as text with ="…", and a header missing a required column is named', async () => {
    const engine = tempEngine();
    const rows = twoHouseholds().map((r) => ({ ...r, 证件号码: `="${String(r['证件号码'])}"` }));
    const state = await importFile(engine, 'r.csv', rosterCsv(rows));
    expect(state.result).toMatchObject({ applied: true, persons: 5 });
    const noVillage = ROSTER_HEADERS.filter((h) => h !== '行政村');
    const refused = (await importFile(engine, 'r.csv', rosterCsv(twoHouseholds(), 'utf8', noVillage))).result as RosterImportResult;
    expect(refused.problems).toEqual([{ row: null, column: null, householdNo: null, message: expect.stringMatching(/^表头缺少必需的列：行政村/) }]);
  });

  it('refuses broken files with a clear message and changes nothing', async () => {
    const engine = tempEngine();
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const emptySheet = await rosterXlsx([], { headers: [] });
    const wrongHeaders = await rosterXlsx([{ 甲: 1, 乙: 2 }], { headers: ['甲', '乙'] });
    const truncated = (await rosterXlsx(twoHouseholds())).subarray(0, 3000);
    // Cut near its end, where a streaming read has already passed most of the file: the failure must still surface.
    const manyRows = await rosterXlsx(Array.from({ length: 300 }, (_, i) => householdRows(String(4199990000001 + i), { size: 3, seq: i + 1 })).flat());
    const truncatedLate = manyRows.subarray(0, Math.round(manyRows.length * 0.95));
    const headerOnly = await rosterXlsx([]);
    const oldExcel = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), random]);
    const badQuote = Buffer.from(`${ROSTER_HEADERS.join(',')}\r\n示例市,示例县,"示例一镇,示范一村\r\n`);
    const files: [string, Buffer, RegExp][] = [
      ['r.xlsx', Buffer.from('姓名,证件号码\n张三,1'), /不是有效的 Excel/],
      ['r.xlsx', random, /不是有效的 Excel/],
      ['r.xlsx', truncated, /无法读取该 Excel 文件/],
      ['r.xlsx', truncatedLate, /无法读取该 Excel 文件/],
      ['r.xlsx', emptySheet, /表格是空的/],
      ['r.xlsx', wrongHeaders, /找不到表头/],
      ['r.xlsx', headerOnly, /只有表头/],
      ['r.xlsx', oldExcel, /旧版 .xls/],
      ['r.csv', badQuote, /CSV 文件格式有误：有未配对的双引号/],
      ['r.csv', random, /不是文本格式的 CSV|找不到表头/],
      ['花名册', random, /不支持的文件类型“无扩展名”/],
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

  it('reports an ID or a 户编号 that Excel stored as a number (digits lost)', async () => {
    const engine = tempEngine();
    const rows = twoHouseholds();
    rows[0]!['证件号码'] = Number(String(rows[0]!['证件号码']).slice(0, 17) + '0');
    for (const r of rows.slice(3)) r['户编号'] = 41999900000000002;
    const result = await importRows(engine, rows);
    expect(result.problems.map((p) => [p.row, p.column, p.message.split('，')[0]])).toEqual([
      [2, '证件号码', '证件号码被 Excel 存成了数字'],
      [5, '户编号', '户编号被 Excel 存成了数字'],
      [6, '户编号', '户编号被 Excel 存成了数字'],
    ]);
  });

  it('a job cancelled while it reads and checks ends cancelled and changes nothing', async () => {
    const engine = tempEngine();
    const rows: RosterRow[] = [];
    for (let i = 1; i <= 2500; i++) rows.push(...householdRows(`41999900${String(i).padStart(5, '0')}`, { seq: i }));
    const bytes = await rosterXlsx(rows);
    const { jobId } = unwrap(await engine.call('roster.importStart', { fileName: 'r.xlsx', contentBase64: bytes.toString('base64'), keepValid: false }));
    const seen: string[] = [];
    const state = await engine.jobs.wait(
      jobId,
      (s) => {
        seen.push(s.phase);
        if (s.status === 'running' && (s.phase === '读取表格' || s.phase === '检查') && s.done > 0) engine.jobs.cancel(jobId);
      },
    );
    expect(seen).toContain('读取表格');
    expect(state.status).toBe('cancelled');
    expect(state.error?.message).toMatch(/已取消/);
    expect(count(engine, 'unit')).toBe(0);
  });

  it('reports its phases in Chinese and yields to the event loop while it reads and checks', async () => {
    const engine = tempEngine();
    const rows: RosterRow[] = [];
    for (let i = 1; i <= 2000; i++) rows.push(...householdRows(`41999900${String(i).padStart(5, '0')}`, { seq: i }));
    const phases: string[] = [];
    let yields = 0;
    const ctx: JobContext = {
      ...detachedContext(),
      progress: (phase) => void (phases.at(-1) === phase || phases.push(phase)),
      yield: async () => void yields++,
    };
    const result = await importRoster(engine.lib, { fileName: 'r.xlsx', bytes: await rosterXlsx(rows) }, { keepValid: false }, ctx);
    expect(result).toMatchObject({ applied: true, persons: 6000 });
    expect(phases).toEqual(['读取表格', '检查', '写入数据库']);
    expect(yields).toBeGreaterThanOrEqual(4);
  });

  it('a failure in the middle of the write rolls the whole import back', async () => {
    const engine = tempEngine();
    // A fault after the first household's members are in: the county, township, villages and a household exist.
    // In the schema, not TEMP: the import writes on a connection of its own.
    engine.lib.db.exec("CREATE TRIGGER fail_write BEFORE INSERT ON main.member WHEN (SELECT count(*) FROM main.member) >= 3 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END");
    const state = await importFile(engine, 'r.xlsx', await rosterXlsx(twoHouseholds()));
    expect(state.status).toBe('failed');
    // In the clerk's words: nothing of it was saved.
    expect(state.error?.message).toMatch(/这次的操作没有保存/);
    expect(count(engine, 'unit')).toBe(0);
    expect(count(engine, 'household')).toBe(0);
    expect(count(engine, 'member')).toBe(0);
  });

  it('checks a birth date column against the ID, whether Excel stored a date or text', async () => {
    const engine = tempEngine();
    const headers = [...ROSTER_HEADERS, '出生日期'];
    const rows = twoHouseholds();
    rows[0]!['出生日期'] = new Date(Date.UTC(1960, 2, 15)); // an Excel date cell
    rows[1]!['出生日期'] = '1962年7月';
    rows[2]!['出生日期'] = '19901020';
    rows[3]!['出生日期'] = '1960/3/15';
    rows[4]!['出生日期'] = '1962-07-02'; // the ID says 1962-07-01 (plus the sequence's day offset)
    const result = (await importFile(engine, 'r.xlsx', await rosterXlsx(rows, { headers }))).result as RosterImportResult;
    expect(result.applied).toBe(false);
    expect(result.problems).toEqual([
      { row: 6, column: '出生日期', householdNo: '4199990000002', message: expect.stringMatching(/^出生日期 1962-07-02 与证件号码不符（证件号码中为 1962-07-\d\d）$/) },
    ]);
  });

  it('reports formula cells without a result, error cells, full-width digits and impossible dates by row, and imports nothing', async () => {
    const engine = tempEngine();
    const headers = [...ROSTER_HEADERS, '出生日期'];
    const rows = twoHouseholds();
    rows[0]!['证件号码'] = { formula: 'CONCATENATE("4199","99")' } as never;
    rows[1]!['姓名'] = { error: '#N/A' } as never;
    rows[2]!['证件号码'] = String(rows[2]!['证件号码']).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
    rows[3]!['出生日期'] = 1; // Excel's serial day 1: 1899-12-31, nobody's birthday on a roster
    rows[4]!['出生日期'] = '1962-02-30';
    const result = (await importFile(engine, 'r.xlsx', await rosterXlsx(rows, { headers }))).result as RosterImportResult;
    expect(result.applied).toBe(false);
    expect(result.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [2, '证件号码', '“证件号码”是没有计算结果的公式：请在 Excel 或 WPS 中复制该列，“选择性粘贴→数值”后重新导出'],
      [3, '姓名', '“姓名”是错误值 #N/A：请在 Excel 中改正后重新导出'],
      [4, '证件号码', '“证件号码”中有全角数字（如“１２３”）：请改成半角数字后重新导出'],
      [5, '出生日期', '出生日期“1”无法识别：应如 1960-03-15 或 1960年3月'],
      [6, '出生日期', '出生日期“1962-02-30”无法识别：应如 1960-03-15 或 1960年3月'],
    ]);
    expect(JSON.stringify(result)).not.toContain('[object Object]');
    expect(count(engine, 'unit')).toBe(0);
  });

  it('an ID number the library has in another household is a problem naming both households; a move within the file is not', async () => {
    const engine = tempEngine();
    const first = twoHouseholds();
    expect((await importRows(engine, first)).applied).toBe(true);
    const spouse = String(first[1]!['证件号码']);
    const joined = householdRows('4199990000003', { size: 2, seq: 3 });
    joined[1]!['证件号码'] = spouse;
    const refused = await importRows(engine, joined);
    expect(refused.applied).toBe(false);
    expect(refused.problems).toEqual([
      {
        row: 3,
        column: '证件号码',
        householdNo: '4199990000003',
        message: expect.stringMatching(/^证件号码 \d{4}\*{10}[\dX]{4}（.+）在本库已登记在户编号 4199990000001（示例县\/示例一镇\/示范一村\/.+），花名册把此人列在户编号 4199990000003（示例一镇\/示范一村）：同一人不能在两户/),
      },
    ]);
    expect(count(engine, 'household')).toBe(2);

    // The roster moves her: household 1 without her, household 3 with her.
    const moved = await importRows(engine, [...householdRows('4199990000001', { size: 1, seq: 1 }), ...joined]);
    expect(moved.problems).toEqual([]);
    expect(moved.applied).toBe(true);
  });

  it('importing an unchanged roster again writes nothing: no audit rows, no unit clock moved; one change writes only its household', async () => {
    const engine = tempEngine();
    const rows = twoHouseholds();
    await importRows(engine, rows);
    const audit = () => count(engine, 'audit');
    const clocks = () => engine.lib.db.prepare('SELECT id, updated_at FROM unit ORDER BY id').all();
    const before = { audit: audit(), clocks: clocks() };
    const again = await importRows(engine, rows);
    expect(again.applied).toBe(true);
    expect(audit()).toBe(before.audit);
    expect(clocks()).toEqual(before.clocks);

    rows[4]!['文化程度'] = '高中';
    await importRows(engine, rows);
    const written = engine.lib.db.prepare('SELECT DISTINCT tbl, unit_id FROM audit WHERE id > ?').all(before.audit) as { tbl: string; unit_id: number }[];
    const second = (engine.lib.db.prepare("SELECT unit_id FROM household WHERE household_no = '4199990000002'").get() as { unit_id: number }).unit_id;
    expect(written).toEqual([{ tbl: 'member', unit_id: second }]);
  });

  it('accepts 男性/女性, a starred header, and reports an unreadable birth date', async () => {
    const engine = tempEngine();
    const headers = [...ROSTER_HEADERS.map((h) => (h === '姓名' ? '*姓名' : h)), '出生年月'];
    const rows = twoHouseholds().map((r): RosterRow => ({ ...r, '*姓名': r['姓名'], 性别: `${String(r['性别'])}性` }));
    rows[2]!['出生年月'] = '九〇年';
    const result = (await importFile(engine, 'r.xlsx', await rosterXlsx(rows, { headers }))).result as RosterImportResult;
    expect(result.problems).toEqual([{ row: 4, column: '出生年月', householdNo: '4199990000001', message: '出生年月“九〇年”无法识别：应如 1960-03-15 或 1960年3月' }]);
  });

  it('reports two 户主 even when one of their IDs is wrong, and no “no 户主” on top of an empty relation', async () => {
    const engine = tempEngine();
    const rows = twoHouseholds();
    rows[1]!['与户主关系'] = '户主';
    rows[1]!['证件号码'] = '419999196207010000';
    rows[4]!['与户主关系'] = '';
    rows[3]!['与户主关系'] = '配偶';
    const result = (await importFile(engine, 'r.xlsx', await rosterXlsx(rows))).result as RosterImportResult;
    const messages = result.problems.map((p) => `${p.row} ${p.column} ${p.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^2 与户主关系 该户有2个“户主”（第2、3行）/),
      expect.stringMatching(/^3 证件号码 身份证号/),
      '6 与户主关系 “与户主关系”不能为空',
    ]);
  });

  it('maps a 户类型 column to the household status, and keeps the status when the column is absent', async () => {
    const engine = tempEngine();
    const headers = [...ROSTER_HEADERS, '户类型'];
    const rows = twoHouseholds().map((r) => ({ ...r, 户类型: r['户编号'] === '4199990000001' ? '脱贫不稳定户' : '' }));
    const first = (await importFile(engine, 'r.xlsx', await rosterXlsx(rows, { headers }))).result as RosterImportResult;
    expect(first.applied).toBe(true);
    const statusOf = (no: string) => (engine.lib.db.prepare('SELECT status FROM household WHERE household_no = ?').get(no) as { status: string }).status;
    expect([statusOf('4199990000001'), statusOf('4199990000002')]).toEqual(['monitored', 'ordinary']);
    rows[3]!['户类型'] = '返贫户';
    rows[4]!['户类型'] = '返贫户';
    await importFile(engine, 'r.xlsx', await rosterXlsx(rows, { headers }));
    expect(statusOf('4199990000002')).toBe('returned');
    await importRows(engine, twoHouseholds());
    expect([statusOf('4199990000001'), statusOf('4199990000002')]).toEqual(['monitored', 'returned']);
    rows[0]!['户类型'] = '困难户';
    const refused = (await importFile(engine, 'r.xlsx', await rosterXlsx(rows, { headers }))).result as RosterImportResult;
    expect(refused.problems).toEqual([{ row: 2, column: '户类型', householdNo: '4199990000001', message: expect.stringMatching(/户类型“困难户”无法识别/) }]);
  });

  it('moves a household whose village changed: its 档号 stays and no 档号 or 案卷号 is given twice', async () => {
    const engine = tempEngine();
    await importRows(engine, twoHouseholds());
    const archiveCodes = () =>
      Object.fromEntries(
        (engine.lib.db.prepare('SELECT h.household_no AS no, u.archive_code AS code FROM household h JOIN unit u ON u.id = h.unit_id').all() as { no: string; code: string }[]).map((r) => [r.no, r.code]),
      );
    const before = archiveCodes();
    // 0000001 moves into 示范二村, which already has a household numbered 0001; a new household joins 示范一村.
    const moved = [
      ...householdRows('4199990000001', { size: 3, seq: 1, village: '示范二村' }),
      ...householdRows('4199990000002', { size: 2, seq: 2, village: '示范二村' }),
      ...householdRows('4199990000003', { size: 2, seq: 3 }),
    ];
    const result = await importRows(engine, moved);
    expect(result).toMatchObject({ applied: true, households: { created: 1, updated: 2 } });
    const after = archiveCodes();
    expect(after['4199990000001']).toBe(before['4199990000001']);
    expect(after['4199990000002']).toBe(before['4199990000002']);
    expect(new Set(Object.values(after)).size).toBe(3);
    const village2 = unwrap(await engine.call('catalog.search', { query: '示范二村' }))[0]!.unitId;
    expect(unwrap(await engine.call('catalog.children', { parentId: village2 })).map((n) => n.name).sort()).toEqual(['张建国1', '张建国2']);
  });

  it('with keepValid leaves a skipped household as it was in the library', async () => {
    const engine = tempEngine();
    await importRows(engine, twoHouseholds());
    const rows = twoHouseholds().map((r): RosterRow => ({ ...r, 人均纯收入: 9999 }));
    rows[0]!['联系电话'] = '12345';
    const result = await importRows(engine, rows, true);
    expect(result).toMatchObject({ applied: true, households: { created: 0, updated: 1, skipped: 1 } });
    const income = (no: string) => (engine.lib.db.prepare('SELECT per_capita_income AS v FROM household WHERE household_no = ?').get(no) as { v: number }).v;
    expect([income('4199990000001'), income('4199990000002')]).toEqual([8000, 9999]);
  });
});
