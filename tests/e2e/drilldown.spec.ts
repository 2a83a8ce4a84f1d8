// Drill-down (issue 15 item 5): a count on the check page lands on the named things. "有N户的三张明白卡不全" opens the
// list of exactly those households (each with what it lacks), and one click opens a household; the check page has a
// breadcrumb 县 › 乡镇 › 村 whose links open the ancestors' check pages.
import { callApi as call, expect, test } from './fixtures';
import { countyTree } from './library';

// Heavy on a shared machine: a full check of the demo, or a library and server of its own.
test.describe.configure({ timeout: 240_000 });

type ProblemRow = { unit: { id: number; name: string }; ruleId: string | null; description: string; refs: { unitId?: number; label?: string; field?: string }[] };

test('a finding that counts households opens the list of those households; the check page has a breadcrumb', async ({ app, served, shot }) => {
  const county = countyTree(served.library);
  await call(app, 'check.run', {});
  const listed = (await call(app, 'problems.list', { unitId: county.id, status: 'open', limit: 500 })) as { problems: ProblemRow[] };
  const cards = listed.problems.find((p) => p.ruleId === 'K2' && p.refs.length >= 1);
  expect(cards, 'the demo county has a village whose 明白卡 are incomplete').toBeDefined();
  const named = cards!.refs.filter((r) => r.unitId !== undefined);
  // The count in the message is the number of households named.
  expect(cards!.description).toContain(`有${named.length}户的三张明白卡不全`);

  await app.goto(`${served.base}#/check/${cards!.unit.id}`);
  await expect(app.getByTestId('check-title')).toContainText(cards!.unit.name);
  const crumb = app.getByTestId('breadcrumb');
  await expect(crumb).toContainText(county.name);
  await expect(crumb).toContainText(cards!.unit.name);
  const row = app.getByTestId('problem-row').filter({ hasText: '三张明白卡不全' });
  await row.getByTestId('problem-show').click();
  const drawer = app.getByTestId('counted-units');
  await expect(drawer.getByTestId('counted-unit')).toHaveCount(Math.min(named.length, 50));
  await expect(drawer).toContainText(named[0]!.label!);
  await expect(drawer).toContainText('明白卡');
  await shot('drilldown-cards');

  await drawer.getByText(named[0]!.label!, { exact: true }).click();
  await expect(app).toHaveURL(new RegExp(`#/household/${named[0]!.unitId}$`));

  // The breadcrumb of a village's check page goes up to the county's check page.
  await app.goto(`${served.base}#/check/${cards!.unit.id}`);
  await app.getByTestId('breadcrumb').getByText(county.name).click();
  await expect(app).toHaveURL(new RegExp(`#/check/${county.id}$`));
  await expect(app.getByTestId('check-title')).toContainText(county.name);
  await shot('drilldown-county-check');
});

test('全面检查 shows its progress and ends; the library-wide 操作记录 filters by who and what', async ({ app, served, shot }) => {
  const county = countyTree(served.library);
  await app.goto(`${served.base}#/check/${county.id}`);
  await expect(app.getByTestId('check-title')).toContainText(county.name);
  const before = await app.getByTestId('check-page').getByText(/上次检查|尚未检查/).textContent();
  await app.getByTestId('check-run').click();
  // The bar shows while villages are checked (a 300-household demo may finish before it is seen); the run ends.
  await expect(app.getByTestId('check-page').getByText(/上次检查/)).not.toHaveText(before ?? '', { timeout: 120_000 });
  await expect(app.getByTestId('check-progress')).toBeHidden();

  await app.getByTestId('user-menu').click();
  await app.getByTestId('open-audit-log').click();
  await expect(app).toHaveURL(/#\/audit$/);
  const log = app.getByTestId('audit-log');
  await expect(log.getByTestId('audit-row').first()).toBeVisible();
  await log.getByTestId('audit-kind').click();
  await app.getByTitle('问题', { exact: true }).click();
  await expect(log.getByTestId('audit-row').first()).toContainText('问题');
  await expect(log).toContainText('共 ');
  await shot('audit-log');
});
