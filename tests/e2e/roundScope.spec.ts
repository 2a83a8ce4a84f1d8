// A review round over several villages of a township, chosen in the 新建核查轮次 dialog's scope tree (the default is
// the unit the clerk is on): the round shows its scope, covers the villages chosen and not the ones left out.
import { callApi as call, expect, test } from './fixtures';
import { village } from './library';

test('a review round can cover several villages chosen under the township, and shows its scope', async ({ app, served, shot }) => {
  const { township: t, village: first } = village(served.library, 1, 0);
  const second = t.children![1]!;
  const left = t.children![2]!;

  await app.goto(`${served.base}#/check/${t.id}`);
  await app.getByRole('button', { name: '新建核查轮次' }).click();
  const dialog = app.getByRole('dialog');
  await dialog.getByTestId('round-name').fill('2020年回头看');
  // The scope starts as the township itself.
  const scope = dialog.getByTestId('round-scope-select');
  await expect(dialog.locator('.ant-select-selection-item').filter({ hasText: t.name })).toBeVisible();
  await scope.click();
  const tree = app.locator('.ant-select-tree');
  const node = (name: string) => tree.locator('.ant-select-tree-treenode').filter({ hasText: name });
  await expect(node(first.name)).toBeVisible();
  await node(t.name).locator('.ant-select-tree-checkbox').first().click(); // the whole township out
  await node(first.name).locator('.ant-select-tree-checkbox').click();
  await node(second.name).locator('.ant-select-tree-checkbox').click();
  await dialog.getByText('轮次名称').click(); // close the dropdown
  await expect(dialog.locator('.ant-select-selection-item').filter({ hasText: first.name })).toBeVisible();
  await expect(dialog.locator('.ant-select-selection-item').filter({ hasText: t.name })).toHaveCount(0);
  for (const [stage, people] of [['核查', ['赵核查']], ['复核', ['孙复核', '李复核']], ['审核', ['周组长']]] as const) {
    const members = dialog.getByTestId(`round-members-${stage}`).locator('input');
    for (const p of people) {
      await members.fill(p);
      await members.press('Enter');
    }
  }
  await dialog.getByTestId('round-leader').click();
  await app.locator('.ant-select-item-option').filter({ hasText: '周组长' }).click();
  await shot('round-scope-dialog');
  await dialog.getByRole('button', { name: /创\s*建/ }).click();
  await expect(dialog).toHaveCount(0);

  // The round, on the engine's side, covers exactly the two villages; each shows it with its scope, the third does not.
  const rounds = (await call(app, 'rounds.list', {})) as { name: string; units: { id: number }[] }[];
  expect(rounds.find((r) => r.name === '2020年回头看')!.units.map((u) => u.id).sort()).toEqual([first.id, second.id].sort());
  await app.goto(`${served.base}#/check/${second.id}`);
  const progress = app.getByTestId('round-progress');
  await expect(progress).toContainText('2020年回头看');
  await expect(progress.getByTestId('round-scope')).toContainText(first.name);
  await expect(progress.getByTestId('round-scope')).toContainText(second.name);
  await progress.scrollIntoViewIfNeeded();
  await shot('round-scope');
  expect(((await call(app, 'rounds.progress', { unitId: left.id })) as unknown[]).length).toBe(0);
});
