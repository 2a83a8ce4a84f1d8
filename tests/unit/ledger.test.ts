// The ledgers as a township hands them over: four household ledgers by 户类型 and the problem ledger, in Excel
// (one sheet each, 户编号 kept as text) and as a PDF whose text is the same.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { pdftotext } from './pdfTools';
import { tempDir, tempEngine } from './helpers';

async function demo() {
  const engine = tempEngine();
  await buildDemoLibrary(engine.lib, generateCounty({ households: 60, seed: 4 }));
  const db = engine.lib.db;
  const village = db.prepare("SELECT id, parent_id, name FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number; parent_id: number; name: string };
  const households = db
    .prepare("SELECT u.id, u.name, h.household_no AS no FROM unit u JOIN household h ON h.unit_id = u.id WHERE u.parent_id = ? ORDER BY u.id LIMIT 4")
    .all(village.id) as { id: number; name: string; no: string }[];
  const statuses = ['stable', 'monitored', 'returned', 'marginal'] as const;
  for (const [i, h] of households.entries()) unwrap(await engine.call('household.setStatus', { id: h.id, status: statuses[i]! }));
  return { engine, village, households };
}

describe('ledgers', () => {
  it('puts each household in the ledger of its 户类型, as Excel sheets with 户编号 as text', async () => {
    const { engine, village, households } = await demo();
    const out = unwrap(await engine.call('ledger.export', { unitId: village.id, kind: 'households', format: 'xlsx' }));
    expect(out.fileName).toBe(`${village.name}户类型台账.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(out.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['稳定脱贫户台账', '监测户台账', '返贫户台账', '边缘户台账']);
    for (const [i, h] of households.entries()) {
      const sheet = wb.worksheets[i]!;
      const rows = sheet.getSheetValues().slice(4) as unknown as (string | undefined)[][];
      const row = rows.find((r) => r?.[3] === h.name);
      expect(row, `${h.name} in ${sheet.name}`).toBeDefined();
      expect(row![4]).toBe(h.no);
      // 序号, 人数, 脱贫年度 and 人均纯收入 are numbers (a clerk sums and sorts them); 户编号 and phone stay text.
      expect(typeof row![1]).toBe('number');
      expect(typeof row![5]).toBe('number');
      const income = row![9] as unknown;
      if (income !== undefined && income !== '') expect(typeof income).toBe('number');
      const excelRow = sheet.getRow(rows.indexOf(row!) + 4);
      expect(excelRow.getCell(5).numFmt).toBe('0');
      expect(typeof row![10] === 'string' || row![10] === undefined).toBe(true);
      for (const [k, other] of wb.worksheets.entries()) if (k !== i) expect((other.getSheetValues() as unknown as unknown[][]).some((r) => r?.[3] === h.name)).toBe(false);
    }
  });

  it('hands over both problem ledgers of seed 002 — households with 边缘户 (附件19) and the village (附件20) — with acceptance columns, overdue rows red, in Excel and PDF', async () => {
    const { engine, village, households } = await demo();
    const p = unwrap(
      await engine.call('problems.add', {
        unitId: village.id,
        severity: 'error',
        description: '第二次公示缺少公章',
        createdBy: '督查组',
        measure: '补盖公章并重新公示',
        deadline: '2030-12-31',
        acceptanceDue: '2031-01-15',
        acceptanceUnit: '镇脱贫攻坚办',
      }),
    );
    unwrap(await engine.call('problems.report', { id: p.id }));
    unwrap(await engine.call('problems.accept', { id: p.id, by: '王验收', note: '已补盖公章' }));
    const marginal = households[3]!;
    unwrap(await engine.call('problems.add', { unitId: marginal.id, severity: 'warning', description: '边缘户未建立帮扶台账', createdBy: '督查组', measure: '补建台账', deadline: '2020-01-31' }));
    unwrap(await engine.call('review.signoff', { unitId: village.parent_id, stage: '核查', reviewer: '李核查', result: '通过' }));
    const xlsx = unwrap(await engine.call('ledger.export', { unitId: village.parent_id, kind: 'problems', format: 'xlsx' }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.contentBase64, 'base64') as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['贫困户（含边缘户）问题整改及验收销号台账', '村级问题整改及验收销号台账']);
    const villageRows = wb.worksheets[1]!.getSheetValues() as unknown as unknown[][];
    const header = villageRows[3]!.slice(1);
    expect(header).toEqual(['序号', '单位', '问题', '整改措施', '责任单位', '责任人', '整改时限', '验收时间', '验收责任单位', '状态', '验收人', '验收意见']);
    const row = villageRows.find((r) => r?.[3] === '第二次公示缺少公章')!;
    expect(row.slice(4)).toEqual(['补盖公章并重新公示', '', '', '2030-12-31', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), '镇脱贫攻坚办', '已销号', '王验收', '已补盖公章']);
    const householdSheet = wb.worksheets[0]!;
    const hRowIndex = (householdSheet.getSheetValues() as unknown as unknown[][]).findIndex((r) => r?.[5] === '边缘户未建立帮扶台账');
    const hRow = householdSheet.getRow(hRowIndex);
    expect([hRow.getCell(3).value, hRow.getCell(4).value, hRow.getCell(8).value, hRow.getCell(11).value]).toEqual([marginal.name, '边缘户', '2020-01-31（逾期）', '待整改']);
    // Overdue: the whole row on a red ground.
    expect(hRow.getCell(2).fill).toMatchObject({ type: 'pattern', fgColor: { argb: 'FFFEE2E2' } });
    expect(wb.worksheets[1]!.getRow(villageRows.indexOf(row)).getCell(2).fill).not.toMatchObject({ fgColor: { argb: 'FFFEE2E2' } });

    const pdf = unwrap(await engine.call('ledger.export', { unitId: village.parent_id, kind: 'problems', format: 'pdf' }));
    const file = join(tempDir(), 'ledger.pdf');
    writeFileSync(file, Buffer.from(pdf.contentBase64, 'base64'));
    const text = pdftotext(file).replace(/\s+/g, '');
    expect(text).toContain('贫困户（含边缘户）问题整改及验收销号台账');
    expect(text).toContain('村级问题整改及验收销号台账');
    expect(text).toContain('边缘户未建立帮扶台账');
    expect(text).toContain('第二次公示缺少公章');
    expect(text).toContain('王验收');
    // The review stages signed for the township head the ledger.
    expect(text).toContain('核查：李核查通过');
    expect(text).toContain('复核：未签');
    expect(text).toMatch(/第1页\/共\d+页/);
  });
});
