// Turning paper into a searchable archive: scans imported into a village's template item through the drop zone,
// the progress running to its end, a bad file failing alone, a two-character name found by full-text search, the
// hit opened on its page, and the clerk's correction kept and searchable.
import { renderScan } from '../fixtures/scans';
import { expect, test } from './fixtures';
import { village } from './library';
import { DocumentScreen, ImportScreen, SearchScreen, UnitScreen } from './pages';

const ITEM = '贫困户识别两公示一公告';

/** A half-A4 application scan (skewed, JPEG) and the applicant's name on it. */
async function applicationScan(seed: number) {
  const scan = await renderScan({ kind: 'application', seed, widthMm: 160, heightMm: 120, jpegQuality: 80, skew: 1.5 });
  const name = /本人(\p{Script=Han}{2,3})，/u.exec(scan.truth)?.[1];
  if (!name) throw new Error('the sample page has no applicant');
  return { image: scan.image, name };
}

test('a clerk imports scans into a village item, finds a two-character name on them and opens the page', async ({ app, served, shot }) => {
  test.setTimeout(120_000);
  const { village: v } = village(served.library, 0, 1);
  await app.goto(`${served.base}#/unit/${v.id}`);
  const unit = new UnitScreen(app);
  await expect(unit.title()).toHaveText(v.name);
  await unit.template().locator('tr').filter({ hasText: ITEM }).getByTestId('item-add').click();

  const importing = new ImportScreen(app);
  await expect(app.getByTestId('import-unit-chosen')).toContainText(v.name);
  const scan = await applicationScan(11);
  await importing.drop([
    { name: '申请书.jpg', mimeType: 'image/jpeg', buffer: scan.image },
    { name: '坏文件.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('这不是图片') },
  ]);
  await expect(importing.progress()).toBeVisible();
  await shot('ingest-progress');
  await expect(importing.result()).toBeVisible({ timeout: 90_000 });
  await expect(importing.row('申请书.jpg')).toContainText('已导入');
  await expect(importing.row('坏文件.jpg')).toContainText('失败');
  await expect(importing.row('坏文件.jpg')).toContainText('不是可识别的图片');
  await expect(importing.result()).toContainText('已识别文字 1 页');
  await shot('ingest-result');

  // The village's template now shows the document under its item, with its first page; it opens in the viewer.
  await app.goto(`${served.base}#/unit/${v.id}`);
  const row = unit.template().locator('tr').filter({ hasText: ITEM });
  await expect(row).toContainText('1 件');
  await row.getByTestId('item-filed').click();
  const filed = row.getByTestId('item-documents').getByTestId('unit-document');
  await expect(filed).toHaveCount(1);
  await expect(filed.locator('img')).toBeVisible();
  await filed.click();
  // Titled by the heading read off the page (著录 pre-fill), not by the file name.
  await expect(new DocumentScreen(app).title()).toHaveText('贫困户申请书');

  const query = scan.name.slice(0, 2);
  const search = new SearchScreen(app);
  await search.search(query);
  const hit = search.results().filter({ hasText: '申请书' }).filter({ hasText: '第1页' }).first();
  await expect(hit).toContainText(v.name);
  await expect(hit.locator('mark').first()).toHaveText(query);
  // The applicant's ID number read off the page is masked in the list, as everywhere else.
  await expect(hit.getByTestId('search-snippet')).not.toContainText(/\d{15}/);
  await shot('search-hit');
  // Narrowed to another village, the scan is not among the hits.
  const other = village(served.library, 0, 2).village;
  await app.getByTestId('search-unit').locator('input').fill(other.name);
  await app.getByTestId('search-unit-option').filter({ hasText: other.name }).first().click();
  await expect(app.getByTestId('search-empty')).toBeVisible();
  await app.getByTestId('search-unit-chosen').getByText('更换').click();
  await app.getByTestId('search-unit').locator('input').fill(v.name);
  await app.getByTestId('search-unit-option').filter({ hasText: v.name }).first().click();
  await hit.click();

  const viewer = new DocumentScreen(app);
  await expect(viewer.title()).toHaveText('贫困户申请书');
  await expect(app).toHaveURL(/#\/document\/\d+\/1\?q=/);
  await expect(viewer.text()).toHaveValue(new RegExp(query));
  await expect(app.getByTestId('page-image')).toBeVisible();
  await shot('viewer');

  // The clerk's correction is kept and found by search.
  await viewer.correct(`${await viewer.text().inputValue()}\n备注：经人工校对`);
  await expect(app.getByText('已人工校对')).toBeVisible();
  // The correction is in the document's 操作记录, signed by the clerk, the long text shortened.
  await app.getByTestId('history-toggle').click();
  const change = app.getByTestId('history-panel').getByTestId('history-entry').first();
  await expect(change).toContainText('修改页');
  await expect(change).toContainText('测试管理员（管理员）');
  await expect(change).toContainText(/校对文字：（空） → 贫困户申请书.*…/);
  await change.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await shot('history-document');
  await search.search('人工校对');
  await expect(search.results().filter({ hasText: '申请书' }).first()).toBeVisible();
});

test('scans imported without a place wait in the inbox, where the clerk merges two into one and files it', async ({ app, served }) => {
  test.setTimeout(120_000);
  const { village: v } = village(served.library, 1, 1);
  await app.goto(`${served.base}#/import`);
  const importing = new ImportScreen(app);
  await app.getByTestId('target-inbox').click();
  await importing.drop([
    { name: '扫描0001.jpg', mimeType: 'image/jpeg', buffer: (await applicationScan(12)).image },
    { name: '扫描0002.jpg', mimeType: 'image/jpeg', buffer: (await applicationScan(13)).image },
  ]);
  await expect(importing.row('扫描0002.jpg')).toContainText('已导入', { timeout: 90_000 });
  // Both are applications: once read, each is titled by its heading (著录 pre-fill), so the clerk tells them apart by order.
  await expect(importing.inbox().getByTestId('inbox-document')).toHaveCount(2);
  const card = importing.inbox().getByTestId('inbox-document').first();

  // The second sheet belongs to the first document (a two-page form scanned in two goes).
  await card.getByText('打开').click();
  await app.getByTestId('document-merge').click();
  await app.getByTestId('merge-select').click();
  await app.locator('.ant-select-item-option').first().click();
  await app.getByRole('dialog').getByRole('button', { name: '合并' }).click();
  await expect(app.getByTestId('page-thumb')).toHaveCount(2);

  await app.goto(`${served.base}#/import`);
  await expect(importing.inbox().getByTestId('inbox-document')).toHaveCount(1);
  await card.getByTestId('inbox-file').click();
  const dialog = app.getByRole('dialog');
  await dialog.getByTestId('file-unit').locator('input').fill(v.name);
  await app.getByTestId('file-unit-option').filter({ hasText: v.name }).first().click();
  // The item list is long: type to narrow it, as a clerk would.
  await dialog.getByTestId('file-item').locator('input').fill('两公示');
  await app.locator('.ant-select-item-option').filter({ hasText: ITEM }).click();
  await dialog.getByRole('button', { name: '归档' }).click();
  await expect(card).toHaveCount(0);

  await app.goto(`${served.base}#/unit/${v.id}`);
  await expect(new UnitScreen(app).template().locator('tr').filter({ hasText: ITEM })).toContainText('1 件');
});
