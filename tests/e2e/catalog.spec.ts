// Finding and reading dossiers: type-ahead, the lazy tree, unit and household pages, 户类型.
import { CONTACT_ROLE_LABEL, CONTACT_ROLES } from '../../shared/domain';
import { expect, reloadSignedIn, test } from './fixtures';
import { household, village } from './library';
import { HouseholdScreen, MainLayout, UnitScreen } from './pages';

test('a clerk finds a household by type-ahead and sees its members and three contacts', async ({ app, served, shot }) => {
  const h = household(served.library, 37);
  const member = h.members.at(-1)!;
  const layout = new MainLayout(app);
  await shot('main');

  await layout.search(member.name);
  const hit = layout.hits().filter({ hasText: h.path[2]! }).filter({ hasText: member.name }).first();
  await expect(hit).toContainText(`${h.path[0]} / ${h.path[1]} / ${h.path[2]}`);
  await expect(hit).toContainText(/\d{4}\*{10}[\dX]{4}/); // the matched member, ID masked
  await shot('search');
  await hit.click();

  const page = new HouseholdScreen(app);
  await expect(page.title()).toContainText(h.headName);
  await expect(app).toHaveURL(new RegExp(`#/household/${h.unit.id}$`));
  for (const m of h.members) await expect(page.members()).toContainText(m.name);
  await expect(page.members()).toContainText(/\d{4}\*{10}[\dX]{4}/);
  await expect(page.members()).not.toContainText(/\d{17}[\dX]/); // never a full ID number
  for (const role of CONTACT_ROLES) {
    await expect(page.contact(role)).toContainText(CONTACT_ROLE_LABEL[role]);
    await expect(page.contact(role)).toContainText(h.contacts[role]!.name);
    await expect(page.contact(role)).toContainText(`服务 ${h.contacts[role]!.householdCount} 户`);
  }
  // The tree has opened the household's village and selected it.
  await expect(layout.selectedTreeNode()).toContainText(h.headName);
  await expect(layout.treeNode(h.path[2]!)).toBeVisible();
  await shot('household');

  await reloadSignedIn(app);
  await expect(page.title()).toContainText(h.headName);
  await expect(layout.selectedTreeNode()).toContainText(h.headName);
  await app.mouse.move(800, 400);
  await app.mouse.wheel(0, 420);
  await shot('household-contacts');
});

test('the tree opens one level at a time; a village page lists its template and its households', async ({ app, served, shot }) => {
  const { township, village: v } = village(served.library, 1, 2);
  const layout = new MainLayout(app);
  const unit = new UnitScreen(app);

  // The county is open at start; its villages are not loaded until a township is opened.
  await expect(layout.treeNode(township.name)).toBeVisible();
  await expect(layout.tree()).not.toContainText(v.name);
  await layout.treeNode(township.name).locator('.ant-tree-title').click();
  await expect(unit.title()).toHaveText(township.name);
  await expect(unit.template()).toContainText('乡级档案（5类22项）');
  await expect(layout.treeNode(v.name)).toBeVisible();

  await layout.treeNode(v.name).locator('.ant-tree-title').click();
  await expect(unit.title()).toHaveText(v.name);
  await expect(app).toHaveURL(new RegExp(`#/unit/${v.id}$`));
  await expect(app.getByText(v.archiveCode).first()).toBeVisible();
  await expect(unit.template()).toContainText('一村一档（7类22项）');
  await expect(unit.template()).toContainText('村情概况');
  // The demo library has no documents filed: every item says so, no made-up counts.
  await expect(unit.template().getByText('暂无文件')).toHaveCount(22);
  await shot('village');
  await app.getByRole('tab', { name: `下辖户（${v.childCount}）` }).click();
  await expect(unit.children()).toContainText(`下辖户（${v.childCount}）`);
  await shot('village-households');

  const first = v.children![0]!;
  await unit.children().getByRole('link', { name: first.name }).click();
  await expect(new HouseholdScreen(app).title()).toContainText(first.name);
  await app.getByTestId('breadcrumb').getByRole('link', { name: v.name }).click();
  await expect(unit.title()).toHaveText(v.name);
});

test('changing 户类型 recolours the household in its page and the tree, and is kept', async ({ app, served }) => {
  const h = household(served.library, 55);
  const target = h.status === 'returned' ? '监测户' : '返贫户';
  await app.goto(`${served.base}#/household/${h.unit.id}`);
  const page = new HouseholdScreen(app);
  await expect(page.title()).toContainText(h.headName);
  await expect(new MainLayout(app).selectedTreeNode()).toContainText(h.headName);

  await page.setStatus(target);
  await expect(app.getByText(`户类型已改为“${target}”`)).toBeVisible();
  await expect(new MainLayout(app).selectedTreeNode()).toContainText(target);
  await reloadSignedIn(app);
  await expect(page.status()).toContainText(target);
  await expect(new MainLayout(app).selectedTreeNode()).toContainText(target);
});
