// 著录 as a clerk does it: scans named scan1/IMG_0002 come in, the dossier's grid shows what was read off them
// (title, 文号, issuer, date) shaded as 待确认; the clerk types over a cell with the keyboard, a bad date is refused
// at its cell in Chinese, a block pasted from Excel fills 备注, rows move to set 件号, one save; the viewer shows and
// edits the same description.
import { renderScan } from '../fixtures/scans';
import { expect, reloadSignedIn, test } from './fixtures';
import { village } from './library';
import { ImportScreen, UnitScreen } from './pages';

const ITEM = '贫困户识别两公示一公告';

test('a clerk describes a dossier in the grid: suggestions from the scans, keyboard, paste from Excel, 件号, one save', async ({ app, served, shot }) => {
  test.setTimeout(180_000);
  const { village: v } = village(served.library, 1, 0);
  const circular = await renderScan({ kind: 'circular', seed: 7, skew: 1.5, noise: 0.3, jpegQuality: 80 });
  const letter = await renderScan({ kind: 'letter', seed: 12, skew: 3, noise: 0.5 });
  await app.goto(`${served.base}#/unit/${v.id}`);
  const unit = new UnitScreen(app);
  await expect(unit.title()).toHaveText(v.name);
  await unit.template().locator('tr').filter({ hasText: ITEM }).getByTestId('item-add').click();
  const importing = new ImportScreen(app);
  await importing.drop([
    { name: 'scan1.png', mimeType: 'image/png', buffer: circular.image },
    { name: 'IMG_0002.png', mimeType: 'image/png', buffer: letter.image },
  ]);
  await expect(importing.result()).toBeVisible({ timeout: 120_000 });
  await expect(importing.result()).toContainText('已识别文字 2 页');

  await app.goto(`${served.base}#/unit/${v.id}`);
  await app.getByRole('tab', { name: /著录/ }).click();
  const grid = app.getByTestId('description-grid');
  const rows = grid.getByTestId('grid-row');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).getByTestId('cell-title')).toHaveValue(circular.description!.title);
  await expect(rows.nth(0).getByTestId('cell-refNumber')).toHaveValue(circular.description!.refNumber);
  await expect(rows.nth(0).getByTestId('cell-date')).toHaveValue(circular.description!.date);
  await expect(rows.nth(1).getByTestId('cell-title')).toHaveValue(letter.description!.title);
  await expect(grid.getByTestId('grid-unconfirmed')).toHaveText('待确认 2 件');
  await shot('describe-grid-suggested');

  // Keyboard: the author of row 1, Enter to the same cell of row 2; a date that does not exist is refused there.
  const author1 = rows.nth(0).getByTestId('cell-author');
  await author1.fill(`${circular.description!.author}办公室`);
  await author1.press('Enter');
  await expect(rows.nth(1).getByTestId('cell-author')).toBeFocused();
  await rows.nth(1).getByTestId('cell-date').fill('2019-2-30');
  await rows.nth(1).getByTestId('cell-date').press('Tab');
  await expect(rows.nth(1).getByTestId('cell-problem')).toHaveText('没有这一天');
  await expect(grid.getByTestId('grid-save')).toBeDisabled();
  await shot('describe-grid-invalid');
  await rows.nth(1).getByTestId('cell-date').fill('20200108');

  // Two rows of 备注 copied from Excel, pasted into the first row's cell.
  await rows.nth(0).getByTestId('cell-remarks').focus();
  await app.evaluate(() => {
    const data = new DataTransfer();
    data.setData('text/plain', '原件存镇档案室\r\n复印件\r\n');
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(rows.nth(0).getByTestId('cell-remarks')).toHaveValue('原件存镇档案室');
  await expect(rows.nth(1).getByTestId('cell-remarks')).toHaveValue('复印件');

  // The letter first: 件号 1.
  await rows.nth(1).getByTitle('上移（调整件号）').click();
  await expect(rows.nth(0).getByTestId('cell-title')).toHaveValue(letter.description!.title);
  await rows.nth(0).getByTestId('row-confirm').click();
  await grid.getByTestId('grid-save').click();
  await expect(grid.getByTestId('grid-saved')).toBeVisible();
  await expect(grid.getByTestId('grid-unconfirmed')).toHaveText('待确认 1 件');
  await expect(app.getByRole('tab', { name: /著录/ })).toHaveText('著录（待确认 1）');
  await shot('describe-grid-saved');

  // After a reload the order and the values are what was saved.
  await reloadSignedIn(app);
  await app.getByRole('tab', { name: /著录/ }).click();
  await expect(rows.nth(0).getByTestId('cell-title')).toHaveValue(letter.description!.title);
  await expect(rows.nth(0).getByTestId('cell-date')).toHaveValue('20200108');
  await expect(rows.nth(1).getByTestId('cell-author')).toHaveValue(`${circular.description!.author}办公室`);

  // The viewer: the same description, editable there; confirming clears 待确认.
  await rows.nth(1).locator('a').filter({ hasText: '1' }).click();
  const card = app.getByTestId('document-description');
  await expect(card).toContainText('第 2 件');
  await expect(card.getByTestId('describe-title')).toHaveValue(circular.description!.title);
  await expect(card).toContainText('待确认');
  await shot('describe-viewer');
  await card.getByTestId('describe-confirm').click();
  await expect(card).not.toContainText('待确认');
  await expect(app.getByTestId('document-title')).toHaveText(circular.description!.title);
});
