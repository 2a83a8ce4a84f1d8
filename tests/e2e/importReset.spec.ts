// The previous import's result is cleared when a new one starts: the roster dialog, the forms import and the scan
// import each show only the import under way or just finished, never the last one's problems beside it.
import ExcelJS from 'exceljs';
import { householdRows, rosterXlsx } from '../fixtures/rosterFile';
import { callApi as call, expect, test } from './fixtures';
import { village } from './library';
import { ImportScreen, RosterDialog } from './pages';

async function formsWorkbook(rows: (string | number)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('申请书').addRows(rows);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

test('roster, forms and scan imports each start clean of the previous result', async ({ app, served, shot }) => {
  test.setTimeout(120_000);
  // Roster: a bad file's problems, then the dialog closed and opened again shows the file chooser, not them.
  const roster = new RosterDialog(app);
  await roster.open();
  const bad = householdRows('4199998899001', { seq: 9901, village: '清空测试村' });
  bad[0]!['证件号码'] = '4199991990';
  await roster.choose('花名册.xlsx', await rosterXlsx(bad));
  await roster.start();
  await expect(roster.result()).toContainText('未导入任何数据');
  await roster.close();
  await roster.open();
  await expect(roster.result()).toHaveCount(0);
  await expect(roster.dialog().getByText('点击选择，或把花名册文件拖到这里')).toBeVisible();
  await app.keyboard.press('Escape');

  // Forms: a workbook with a bad row lists its problem; opened again the dialog is clean, and a good workbook
  // shows only its own result.
  const { village: v } = village(served.library, 0, 4);
  const [first] = (await call(app, 'catalog.children', { parentId: v.id })) as { id: number }[];
  const h = (await call(app, 'catalog.household', { id: first!.id })) as { householdNo: string; headName: string };
  await app.goto(`${served.base}#/check/${v.id}`);
  await expect(app.getByTestId('check-title')).toContainText(v.name);
  const openForms = () => app.getByRole('button', { name: '从Excel导入表单' }).click();
  await openForms();
  const dialog = app.getByRole('dialog');
  const choose = async (rows: (string | number)[][]) =>
    dialog.locator('input[type=file]').setInputFiles({ name: '表单.xlsx', mimeType: 'application/octet-stream', buffer: await formsWorkbook(rows) });
  await choose([['户编号', '申请日期', '申请人'], [h.householdNo, '不是日期', h.headName]]);
  await expect(dialog.getByTestId('forms-import-problems')).toBeVisible();
  await dialog.locator('.ant-modal-close').click();
  await expect(dialog).toBeHidden();
  await openForms();
  await expect(dialog.getByTestId('forms-import-problems')).toHaveCount(0);
  await choose([['户编号', '申请日期', '申请人'], [h.householdNo, '2019-03-01', h.headName]]);
  await expect(dialog.getByTestId('forms-import-done')).toBeVisible();
  await expect(dialog.getByTestId('forms-import-problems')).toHaveCount(0);
  await shot('forms-import-clean');
  await dialog.locator('.ant-modal-close').click();

  // Scans: a failed file's row is gone once the next files are dropped.
  await app.goto(`${served.base}#/import`);
  const importing = new ImportScreen(app);
  await app.getByTestId('target-inbox').click();
  await importing.drop([{ name: '坏文件一.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是图片') }]);
  await expect(importing.row('坏文件一.jpg')).toContainText('失败');
  await importing.drop([{ name: '坏文件二.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这也不是图片') }]);
  await expect(importing.row('坏文件二.jpg')).toContainText('失败');
  await expect(importing.row('坏文件一.jpg')).toHaveCount(0);
});
