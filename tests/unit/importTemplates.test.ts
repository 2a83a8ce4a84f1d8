// The Excel templates a clerk downloads: required columns marked, a 说明 sheet, lists for fixed values — and a
// template filled in with two households imports cleanly through the importers as they are.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import type { FormsImportResult, RosterImportResult } from '../../shared/domain';
import { householdRows } from '../fixtures/rosterFile';
import { tempEngine } from './helpers';

async function template(engine: Engine, kind: 'roster' | 'forms') {
  const file = unwrap(await engine.call('importTemplate.get', { kind }));
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
  return { file, wb };
}

/** The header texts of a sheet's first row, without the required mark, → their column numbers. */
function headerColumns(ws: ExcelJS.Worksheet): Map<string, number> {
  const out = new Map<string, number>();
  ws.getRow(1).eachCell((cell, col) => out.set(String(cell.value).replace(/^＊/, ''), col));
  return out;
}

/** Writes rows given by header text under the template's header row. */
function fill(ws: ExcelJS.Worksheet, rows: Record<string, string | number>[]): void {
  const cols = headerColumns(ws);
  rows.forEach((values, i) => {
    for (const [header, value] of Object.entries(values)) {
      const col = cols.get(header);
      if (col === undefined) throw new Error(`模板的“${ws.name}”中没有“${header}”列`);
      ws.getCell(i + 2, col).value = value;
    }
  });
}

async function runImport<R>(engine: Engine, method: 'roster.importStart' | 'forms.importStart', fileName: string, wb: ExcelJS.Workbook): Promise<R> {
  const contentBase64 = Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
  const { jobId } = unwrap(await engine.call(method, method === 'roster.importStart' ? { fileName, contentBase64, keepValid: false } : { fileName, contentBase64 }));
  const state = await engine.jobs.wait(jobId);
  expect(state.status, state.error?.message).toBe('done');
  return state.result as R;
}

describe('import templates', () => {
  it('the roster template marks the required columns, explains every column and offers fixed values as a list', async () => {
    const engine = tempEngine();
    const { file, wb } = await template(engine, 'roster');
    expect(file.fileName).toBe('花名册导入模板.xlsx');
    const sheet = wb.getWorksheet('花名册')!;
    const header = sheet.getRow(1);
    const required: string[] = [];
    header.eachCell((cell) => {
      if (String(cell.value).startsWith('＊')) required.push(String(cell.value).slice(1));
    });
    expect(required).toEqual(['县', '乡(镇)', '行政村', '户编号', '姓名', '证件号码', '与户主关系']);
    expect(header.getCell(headerColumns(sheet).get('姓名')!).font?.color?.argb).toBe('FFC00000');
    const sex = headerColumns(sheet).get('性别')!;
    expect(sheet.getCell(2, sex).dataValidation).toMatchObject({ type: 'list', formulae: ['"男,女"'] });
    const status = sheet.getCell(2, headerColumns(sheet).get('户类型')!).dataValidation;
    expect(status.formulae).toEqual(['"一般户,脱贫户,监测户,返贫户,边缘户"']);
    const explanation = wb.getWorksheet('说明')!;
    const idRow = explanation.getRows(1, explanation.rowCount)!.find((r) => r.getCell(2).value === '证件号码')!;
    expect(idRow.getCell(3).value).toBe('必填');
    expect(String(idRow.getCell(4).value)).toContain('18位');
  });

  it('a roster template filled with two households imports cleanly', async () => {
    const engine = tempEngine();
    const { wb } = await template(engine, 'roster');
    const rows = [...householdRows('4199990000001', { size: 3, seq: 1 }), ...householdRows('4199990000002', { size: 2, seq: 2 })];
    fill(
      wb.getWorksheet('花名册')!,
      rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v as string | number]))),
    );
    const result = await runImport<RosterImportResult>(engine, 'roster.importStart', '花名册.xlsx', wb);
    expect(result).toMatchObject({ applied: true, problems: [], persons: 5, households: { created: 2 } });
  });

  it('a forms template filled for two households and their village imports cleanly', async () => {
    const engine = tempEngine();
    await buildDemoLibrary(engine.lib, generateCounty({ households: 20, seed: 9 }));
    const db = engine.lib.db;
    const village = db.prepare("SELECT id, name FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number; name: string };
    const [a, b] = db
      .prepare('SELECT u.id, u.name, h.household_no AS no FROM unit u JOIN household h ON h.unit_id = u.id WHERE u.parent_id = ? ORDER BY u.id LIMIT 2')
      .all(village.id) as { id: number; name: string; no: string }[];
    const { file, wb } = await template(engine, 'forms');
    expect(file.fileName).toBe('表单导入模板.xlsx');
    const meeting = wb.getWorksheet('四议会议')!;
    expect(meeting.getCell(2, headerColumns(meeting).get('会议')!).dataValidation.formulae).toEqual(['"提议,商议,审议,决议"']);
    fill(wb.getWorksheet('申请书')!, [
      { 户编号: a!.no, 申请日期: '2019-03-10', 申请人: a!.name },
      { 户编号: b!.no, 申请日期: '2019-03-11', 申请人: b!.name },
    ]);
    fill(meeting, [{ 村: village.name, 识别年度: 2019, 会议: '提议', 会议日期: '2019-03-05', 应到人数: 7, 实到人数: 7, 签到人数: 7, 赞成票: 7 }]);
    fill(wb.getWorksheet('公示公告')!, [
      { 村: village.name, 识别年度: 2019, 类别: '第一次公示', 发布日期: '2019-03-21', '公示期（天）': 7, 户主: a!.name, 家庭人数: 3 },
      { 村: village.name, 识别年度: 2019, 类别: '第一次公示', 发布日期: '2019-03-21', '公示期（天）': 7, 户主: b!.name, 家庭人数: 2 },
    ]);
    fill(wb.getWorksheet('明白卡')!, [
      { 户编号: a!.no, 措施类别: '产业扶贫', 措施内容: '养殖补助', '金额（元）': 2000 },
      { 户编号: b!.no, 措施类别: '健康扶贫', 措施内容: '慢病签约' },
    ]);
    const result = await runImport<FormsImportResult>(engine, 'forms.importStart', '表单.xlsx', wb);
    expect(result).toMatchObject({ applied: true, problems: [], records: { application: 2, meeting: 1, notice: 1, householdCard: 2 } });
    const notice = unwrap(await engine.call('forms.list', { unitId: village.id })).find((f) => f.type === 'notice')!;
    // 公示期（天） is read from its own header, full-width brackets and all.
    expect(notice.fields).toMatchObject({ periodDays: 7, households: [{ head: a!.name, size: 3 }, { head: b!.name, size: 2 }] });
  });
});
