// Form records from a village's spreadsheet: every sheet read into records (a 公示 from several rows, a 明白卡
// from a row per measure), checked at once; a workbook with a bad row imports nothing and says which row and
// column; importing again replaces what the last import brought and leaves hand-entered records alone.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { FormsImportResult } from '../../shared/domain';
import { unwrap, type Engine } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { tempEngine } from './helpers';

async function demo() {
  const engine = tempEngine();
  await buildDemoLibrary(engine.lib, generateCounty({ households: 40, seed: 9 }));
  const db = engine.lib.db;
  const village = db.prepare("SELECT id, name FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number; name: string };
  const households = db
    .prepare("SELECT u.id, u.name, h.household_no AS no FROM unit u JOIN household h ON h.unit_id = u.id WHERE u.parent_id = ? ORDER BY u.id LIMIT 2")
    .all(village.id) as { id: number; name: string; no: string }[];
  return { engine, village, households };
}

async function workbook(sheets: Record<string, (string | number)[][]>): Promise<string> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

async function importWorkbook(engine: Engine, contentBase64: string): Promise<FormsImportResult> {
  const { jobId } = unwrap(await engine.call('forms.importStart', { fileName: '表单.xlsx', contentBase64 }));
  const state = await engine.jobs.wait(jobId);
  expect(state.status, state.error?.message).toBe('done');
  return state.result as FormsImportResult;
}

describe('form records from Excel', () => {
  it('reads every sheet into records, groups rows of one 公示 and one 明白卡, and checks them at once', async () => {
    const { engine, village, households } = await demo();
    const [a, b] = households;
    const result = await importWorkbook(
      engine,
      await workbook({
        申请书: [
          ['户编号', '申请日期', '申请人', '申请人签字'],
          [a!.no, '2019年3月10日', a!.name, '是'],
          [b!.no, '2019-03-01', b!.name, '是'],
        ],
        四议会议: [
          ['村', '识别年度', '会议', '会议日期', '应到', '实到', '签到', '赞成', '反对', '参会人员签字'],
          [village.name, 2019, '提议', '2019-03-05', 7, 7, 7, 7, 0, '是'],
        ],
        公示公告: [
          ['村', '识别年度', '类别', '发布日期', '公示天数', '户主', '家庭人数', '致贫原因'],
          [village.name, 2019, '第一次公示', '2019-03-21', 7, a!.name, 3, '因病'],
          [village.name, 2019, '第一次公示', '2019-03-21', 7, b!.name, 2, '因学'],
        ],
        明白卡: [
          ['户编号', '措施类别', '措施内容', '金额', '帮扶成效', '户主签字'],
          [a!.no, '产业扶贫', '养殖补助', 2000, '年增收3000元', '是'],
          [a!.no, '健康扶贫', '慢病签约', '', '', ''],
        ],
      }),
    );
    expect(result).toMatchObject({ applied: true, problems: [], records: { application: 2, meeting: 1, notice: 1, householdCard: 1, survey: 0 } });
    const notice = unwrap(await engine.call('forms.list', { unitId: village.id })).find((f) => f.type === 'notice')!;
    expect(notice.fields.households).toEqual([
      { head: a!.name, size: 3, cause: '因病' },
      { head: b!.name, size: 2, cause: '因学' },
    ]);
    const card = unwrap(await engine.call('forms.list', { unitId: a!.id })).find((f) => f.type === 'householdCard')!;
    expect(card).toMatchObject({ source: 'excel', fields: { effect: '年增收3000元', measures: [{ category: '产业扶贫', amount: 2000 }, { category: '健康扶贫', content: '慢病签约' }] } });
    // The village was checked: a's application (3-10) is later than the 提议 meeting (3-05).
    const problems = unwrap(await engine.call('problems.list', { unitId: village.id })).problems.filter((p) => p.ruleId === 'D1');
    expect(problems.map((p) => p.unit.id)).toEqual([a!.id]);
  });

  it('imports nothing from a workbook with a bad row, naming the row, the column and what is wrong', async () => {
    const { engine, households } = await demo();
    const result = await importWorkbook(
      engine,
      await workbook({
        申请书: [
          ['户编号', '申请日期', '申请人'],
          [households[0]!.no, '2019-03-01', '甲'],
          ['99999999', '2019-03-01', '乙'],
          [households[1]!.no, '2019-02-30', '丙'],
        ],
        信息采集表: [
          ['户编号', '家庭人数', '转移性收入'],
          [households[0]!.no, '三', '1200'],
        ],
      }),
    );
    expect(result.applied).toBe(false);
    expect(result.problems).toEqual([
      { row: 3, column: '户编号', householdNo: '99999999', message: '申请书：档案库中没有户编号为 99999999 的户（请先导入花名册）' },
      { row: 4, column: '申请日期', householdNo: households[1]!.no, message: '申请书：“申请日期”的值“2019-02-30”无法识别（应为日期，如 2019-03-15 或 2019年3月15日）' },
      { row: 2, column: '家庭人数', householdNo: households[0]!.no, message: '信息采集表：“家庭人数”的值“三”无法识别（应为整数）' },
    ]);
    expect(unwrap(await engine.call('forms.list', { unitId: households[0]!.id }))).toEqual([]);
  });

  it('replaces what the last import brought on a re-import, and keeps records entered by hand', async () => {
    const { engine, households } = await demo();
    const h = households[0]!;
    unwrap(await engine.call('forms.save', { unitId: h.id, type: 'householdCard', fields: { measures: [{ category: '教育扶贫', content: '雨露计划' }], effect: '子女完成学业' } }));
    const sheet = (date: string) => workbook({ 申请书: [['户编号', '申请日期', '申请人'], [h.no, date, h.name]] });
    await importWorkbook(engine, await sheet('2019-03-01'));
    await importWorkbook(engine, await sheet('2019-02-20'));
    const forms = unwrap(await engine.call('forms.list', { unitId: h.id }));
    expect(forms.map((f) => [f.type, f.source, f.type === 'application' ? f.fields.date : null])).toEqual([
      ['application', 'excel', '2019-02-20'],
      ['householdCard', 'manual', null],
    ]);
  });
});
