// 下载模板 in the roster import dialog and in the forms import: the browser receives the workbook, whose data sheet
// has the required columns marked and whose 说明 sheet explains them.
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { expect, test } from './fixtures';
import { village } from './library';
import { RosterDialog } from './pages';

async function workbookOf(download: Download): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(readFileSync((await download.path())!) as unknown as ArrayBuffer);
  return wb;
}

test('the roster dialog and the forms import each offer their Excel template', async ({ app, served, shot }) => {
  const dialog = new RosterDialog(app);
  await dialog.open();
  await expect(dialog.dialog().getByTestId('template-roster')).toHaveText(/下载模板/);
  await shot('template-roster-dialog');
  const [rosterDownload] = await Promise.all([app.waitForEvent('download'), dialog.dialog().getByTestId('template-roster').click()]);
  expect(rosterDownload.suggestedFilename()).toBe('花名册导入模板.xlsx');
  const roster = await workbookOf(rosterDownload);
  expect(roster.worksheets.map((s) => s.name)).toEqual(['花名册', '说明']);
  const headers: string[] = [];
  roster.getWorksheet('花名册')!.getRow(1).eachCell((c) => headers.push(String(c.value)));
  expect(headers).toContain('＊证件号码');
  expect(headers).toContain('联系电话');
  await app.keyboard.press('Escape');

  const { village: v } = village(served.library, 0, 2);
  await app.goto(`${served.base}#/check/${v.id}`);
  await expect(app.getByTestId('check-title')).toContainText(v.name);
  await app.getByRole('button', { name: '从Excel导入表单' }).click();
  const forms = app.getByRole('dialog');
  await expect(forms.getByTestId('template-forms')).toBeVisible();
  await shot('template-forms-dialog');
  const [formsDownload] = await Promise.all([app.waitForEvent('download'), forms.getByTestId('template-forms').click()]);
  expect(formsDownload.suggestedFilename()).toBe('表单导入模板.xlsx');
  const names = (await workbookOf(formsDownload)).worksheets.map((s) => s.name);
  expect(names).toEqual(expect.arrayContaining(['申请书', '四议会议', '公示公告', '明白卡', '说明']));
});
