// The catalog search box (issue 15 item 4): a slow answer to an older query never replaces the list of what is typed
// now, and Enter opens the first hit.
import { expect, test } from './fixtures';
import { household, village } from './library';
import { HouseholdScreen, UnitScreen } from './pages';

test('only the latest query’s hits are offered, and Enter opens the first of them', async ({ app, served, shot }) => {
  const target = household(served.library, 150);
  const { village: v } = village(served.library, 0, 0);
  // The answer to the first query (a village) arrives late, after the answer to the second (a household).
  await app.route('**/api/catalog.search', async (route) => {
    const body = route.request().postDataJSON() as { query: string };
    if (body.query === v.name) await new Promise((r) => setTimeout(r, 2500));
    await route.continue();
  });
  const box = app.getByTestId('catalog-search');
  await box.fill(v.name);
  await app.waitForTimeout(600); // past the debounce: the slow request is on its way
  await box.fill(target.householdNo);
  await expect(app.locator('.ant-select-dropdown:visible').getByTestId('search-hit').first()).toContainText(target.headName);
  await app.waitForTimeout(3000); // the late answer arrives and must change nothing
  await expect(app.locator('.ant-select-dropdown:visible').getByTestId('search-hit')).toHaveCount(1);
  await shot('catalog-search-latest');
  await box.press('Enter');
  await expect(new HouseholdScreen(app).title()).toContainText(target.headName);
  await expect(new UnitScreen(app).title()).toHaveCount(0);
});
