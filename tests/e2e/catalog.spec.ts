import { CONTACT_ROLE_LABEL } from '../../shared/domain';
import { householdRows, rosterXlsx } from '../fixtures/rosterFile';
import { dangka, expect, test } from './fixtures';
import { CatalogPage, HouseholdPage, RosterDialog } from './pages';

interface TreeNode {
  id: number;
  tier: string;
  name: string;
  children?: TreeNode[];
}

/** A household of the library, read through the CLI as a clerk could, with its youngest member. */
function someHousehold(library: string) {
  const [county] = JSON.parse(dangka('tree', '--library', library, '--json')) as TreeNode[];
  const village = county!.children![1]!.children![2]!;
  const household = village.children![3]!;
  const path = `${county!.name}/${county!.children![1]!.name}/${village.name}/${household.name}`;
  return JSON.parse(dangka('show', path, '--library', library, '--json')) as { householdNo: string; headName: string; members: { name: string; relation: string }[]; contacts: { helper: { phone: string } | null } };
}

test('a clerk finds a household by type-ahead and sees its members and three contacts', async ({ app, served }) => {
  const household = someHousehold(served.library);
  const member = household.members.at(-1)!;
  const catalog = new CatalogPage(app);
  await catalog.search(member.name);
  await catalog.openHit(household.headName);
  const page = new HouseholdPage(app);
  await expect(page.title()).toContainText(household.headName);
  for (const m of household.members) await expect(page.members()).toContainText(m.name);
  await expect(page.members()).toContainText(/\d{4}\*{10}[\dX]{4}/);
  for (const role of ['groupLeader', 'firstSecretary', 'helper'] as const) {
    await expect(page.contact(role)).toContainText(CONTACT_ROLE_LABEL[role]);
  }
  await app.screenshot({ path: 'test-results/household.png' });
});

test('a wrong phone is refused with a Chinese message and nothing is saved; a right one is kept', async ({ app, served }) => {
  const household = someHousehold(served.library);
  const oldPhone = household.contacts.helper!.phone;
  await new CatalogPage(app).search(household.householdNo);
  await new CatalogPage(app).openHit(household.headName);
  const page = new HouseholdPage(app);
  await expect(page.phone('helper')).toHaveText(oldPhone);

  await page.editPhone('helper', '1381234');
  await expect(page.dialog()).toContainText('电话号码格式不对');
  await app.screenshot({ path: 'test-results/phone-error.png' });
  await page.dialog().getByRole('button', { name: /取\s*消/ }).click();
  await app.reload();
  await expect(page.phone('helper')).toHaveText(oldPhone);

  await page.editPhone('helper', '139 0000 2468');
  await expect(page.dialog()).toBeHidden();
  await expect(page.phone('helper')).toHaveText('13900002468');
  await app.reload();
  await expect(page.phone('helper')).toHaveText('13900002468');
});

test('the roster dialog lists a bad row and imports nothing, then imports a good roster into the tree', async ({ app }) => {
  const dialog = new RosterDialog(app);
  await dialog.open();
  const rows = [...householdRows('4199998880001', { seq: 801, village: '新建测试村' }), ...householdRows('4199998880002', { seq: 802, village: '新建测试村' })];
  const bad = rows.map((r) => ({ ...r }));
  bad[2]!['证件号码'] = `${String(bad[2]!['证件号码']).slice(0, 17)}${String(bad[2]!['证件号码']).endsWith('0') ? '1' : '0'}`;
  await dialog.upload('花名册.xlsx', await rosterXlsx(bad));
  await expect(dialog.result()).toContainText('未导入任何数据');
  await expect(dialog.problems()).toContainText('校验位不对');
  await expect(dialog.problems()).toContainText('4');
  await app.screenshot({ path: 'test-results/roster-problems.png' });

  await app.getByRole('button', { name: '再导入一个文件' }).click();
  await dialog.upload('花名册.xlsx', await rosterXlsx(rows));
  await expect(dialog.result()).toContainText('新建 2 户');
  await app.keyboard.press('Escape');
  await new CatalogPage(app).search('新建测试村');
  await new CatalogPage(app).openHit('新建测试村');
  await expect(app.getByTestId('unit-title')).toHaveText('新建测试村');
  await expect(app.getByTestId('catalog-tree')).toContainText('新建测试村');
});

test('the server refuses a browser without the token', async ({ page, served }) => {
  await page.goto(served.base);
  await expect(page.locator('body')).toContainText('未授权');
});
