// 四性检测 in 用户管理 (issue 17): an administrator starts it, follows its progress, reads each check's result and
// downloads the PDF report an acceptance files. (The failures — missing, changed, unsafe files — are named by the
// unit tests in tests/unit/fixity.test.ts, on a library of their own.)
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

test('an administrator runs the 四性检测 of the library and downloads its PDF report', async ({ app, shot }) => {
  await app.getByTestId('user-menu').click();
  await app.getByTestId('open-users').click();
  const card = app.getByTestId('fixity-card');
  await card.scrollIntoViewIfNeeded();
  await card.getByTestId('fixity-start').click();
  await expect(card.getByTestId('fixity-result')).toContainText('四性检测全部通过', { timeout: 120_000 });
  const rows = card.getByTestId('fixity-checks').locator('tbody tr');
  await expect(rows).toHaveCount(6);
  await expect(rows.first()).toContainText('真实性');
  await expect(rows.last()).toContainText('安全性');
  await expect(card.getByText('通过', { exact: true })).toHaveCount(6);
  await shot('fixity-done');
  const [download] = await Promise.all([app.waitForEvent('download'), card.getByTestId('fixity-report-pdf').click()]);
  expect(download.suggestedFilename()).toMatch(/^四性检测报告-\d{4}-\d{2}-\d{2}\.pdf$/);
  expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');
});
