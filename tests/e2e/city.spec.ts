// The optional 市 above the counties (seed 003: 市、县、乡、村四级档案): an administrator places the county under a 市 it
// makes on the spot, with a reason; the tree and the breadcrumbs show 市 › 县 › …; the 市's page counts its county and
// its check page rolls the county up; the 操作记录 keeps the reason.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, addUser, dangka, expect, serve, signIn, stop, test } from './fixtures';
import { countyTree } from './library';

// Heavy on a shared machine: a full check of the demo, or a library and server of its own.
test.describe.configure({ timeout: 240_000 });

test('a county goes under a new 市 from its page; tree, breadcrumbs and checks show the 市', async ({ page, shot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'dangka-e2e-city-'));
  const library = join(dir, 'library');
  dangka('demo', '--library', library, '--households', '20');
  addUser(library, ADMIN, 'admin');
  const county = countyTree(library);
  const { served, child } = await serve(library);
  try {
    await page.goto(served.url);
    await signIn(page);
    await page.goto(`${served.base}#/unit/${county.id}`);
    await expect(page.getByTestId('unit-title')).toHaveText(county.name);
    await page.getByTestId('city-placement').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('city-name')).toBeVisible();
    await dialog.getByTestId('city-name').fill('示例');
    await dialog.getByTestId('city-reason').fill('按市、县、乡、村四级档案归档');
    await dialog.getByTestId('city-placement-ok').click();
    // A name that is not a 市's is refused in Chinese; nothing changed.
    await expect(page.getByText('市的名称应以“市”')).toBeVisible();
    await dialog.getByTestId('city-name').fill('示例市');
    await shot('city-placement');
    await dialog.getByTestId('city-placement-ok').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('city-placement')).toHaveText('所属市：示例市');
    await expect(page.getByTestId('breadcrumb')).toContainText('示例市');
    await expect(page.getByTestId('breadcrumb')).toContainText(county.name);
    await shot('city-county-page');

    // The 市's own page: one county under it, its own file (市级档案).
    await page.getByTestId('breadcrumb').getByText('示例市').click();
    await expect(page.getByTestId('unit-title')).toHaveText('示例市');
    await expect(page.getByTestId('unit-facts')).toContainText('1 个县');
    await expect(page.getByText('市级档案（4类')).toBeVisible();
    await page.getByRole('tab', { name: /下辖县/ }).click();
    await expect(page.getByTestId('unit-children')).toContainText(county.name);
    await shot('city-page');

    // Its check page rolls the county up and leads down to it.
    await page.getByTestId('unit-check').click();
    await expect(page.getByTestId('check-title')).toContainText('示例市');
    await page.getByRole('link', { name: county.name }).or(page.getByText(county.name, { exact: true })).first().click();
    await expect(page.getByTestId('check-title')).toContainText(county.name);
    await expect(page.getByTestId('breadcrumb')).toContainText('示例市');
    await shot('city-check');
  } finally {
    await page.close();
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
});
