// 导入花名册 through the dialog: a planted error lists its row and imports nothing; a clean roster imports and its
// new village appears in the tree; a long import shows progress and can be cancelled.
import { householdRows, rosterXlsx, type RosterRow } from '../fixtures/rosterFile';
import { expect, test } from './fixtures';
import { MainLayout, RosterDialog } from './pages';

/** Households in the demo county (示例市示例县, 示例一镇 exists) under a new village. */
function roster(village: string, first: number, count: number, township = '示例一镇'): RosterRow[] {
  const rows: RosterRow[] = [];
  for (let i = 0; i < count; i++) rows.push(...householdRows(`41999988${String(first + i).padStart(5, '0')}`, { seq: first + i, village, township }));
  return rows;
}

test('a roster with a wrong ID check digit lists the row and imports nothing; a clean one appears in the tree', async ({ app, shot }) => {
  const layout = new MainLayout(app);
  const dialog = new RosterDialog(app);
  const before = await layout.summary().textContent();
  const rows = roster('新建测试村', 801, 2);
  const bad = rows.map((r) => ({ ...r }));
  const id = String(bad[2]!['证件号码']);
  bad[2]!['证件号码'] = id.slice(0, 17) + (id.endsWith('0') ? '1' : '0');

  await dialog.open();
  await shot('roster-dialog');
  await dialog.choose('花名册.xlsx', await rosterXlsx(bad));
  await dialog.start();
  await expect(dialog.result()).toContainText('未导入任何数据');
  // Header row 1, so the third person is on sheet row 4.
  const problem = dialog.problems().locator('tbody tr').filter({ hasText: '校验位不对' });
  await expect(problem).toHaveCount(1);
  await expect(problem.locator('td').nth(0)).toHaveText('4');
  await expect(problem.locator('td').nth(1)).toHaveText('证件号码');
  await expect(problem.locator('td').nth(2)).toHaveText(String(bad[2]!['户编号']));
  await shot('roster-problems');
  await expect(layout.summary()).toHaveText(before!);

  await dialog.again();
  await dialog.choose('花名册.xlsx', await rosterXlsx(rows));
  await dialog.start();
  await expect(dialog.result()).toContainText('导入完成');
  await expect(dialog.summary()).toContainText('新建户2');
  await expect(dialog.summary()).toContainText('新建村1');
  await shot('roster-done');
  await dialog.close();

  await expect(layout.summary()).not.toHaveText(before!);
  await expect(layout.treeNode('示例一镇')).toBeVisible();
  await layout.treeNode('示例一镇').locator('.ant-tree-title').click();
  await expect(layout.treeNode('新建测试村')).toBeVisible();
  await layout.treeNode('新建测试村').locator('.ant-tree-title').click();
  await expect(app.getByTestId('unit-title')).toHaveText('新建测试村');
  await expect(layout.tree()).toContainText(String(rows[0]!['姓名']));
});

test('仅导入无误的户 imports the good households and lists the bad one', async ({ app }) => {
  const dialog = new RosterDialog(app);
  const rows = roster('部分导入村', 901, 3);
  rows[4]!['证件号码'] = '4199991990';
  await dialog.open();
  await dialog.keepValid().check();
  await dialog.choose('花名册.xlsx', await rosterXlsx(rows));
  await dialog.start();
  await expect(dialog.result()).toContainText('只导入了无误的户：有问题的 1 户未导入');
  await expect(dialog.summary()).toContainText('新建户2');
  await expect(dialog.summary()).toContainText('跳过户1');
  await expect(dialog.problems()).toContainText(String(rows[4]!['户编号']));
});

test('a long import shows its progress and can be cancelled without changing anything', async ({ app, shot }) => {
  const layout = new MainLayout(app);
  const dialog = new RosterDialog(app);
  const before = await layout.summary().textContent();
  await dialog.open();
  await dialog.choose('大花名册.xlsx', await rosterXlsx(roster('取消测试村', 10000, 10000, '取消测试镇')));
  await dialog.start();
  await expect(app.getByTestId('roster-progress')).toBeVisible();
  // Rows counted while reading or checking ('行'); the write (counted in 户) cannot be interrupted.
  await expect(app.getByTestId('roster-count')).toContainText(/\d+ 行/);
  await shot('roster-progress');
  await app.getByTestId('roster-cancel').click();
  await expect(dialog.result()).toContainText('已取消导入');
  await dialog.dialog().getByRole('button', { name: '完成' }).click();
  await expect(layout.summary()).toHaveText(before!);
  await expect(layout.tree()).not.toContainText('取消测试镇');
});
