// 任务: the print job a clerk just ran is in the list, done, with its PDF to save again from the library's file
// store; the header's button follows running jobs through the engine's events.
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { village } from './library';

test('a clerk finds the print job in 任务, done, and saves its PDF again', async ({ app, served, shot }) => {
  const { village: v } = village(served.library, 0, 0);
  await app.goto(`${served.base}#/unit/${v.id}`);
  await app.getByTestId('unit-print').click();
  await expect(app.getByTestId('print-unit-chosen')).toContainText(v.name);
  await app.getByTestId('print-start').click();
  await expect(app.getByTestId('print-result')).toBeVisible({ timeout: 60_000 });

  await app.getByTestId('open-jobs').click();
  const drawer = app.getByTestId('jobs-drawer');
  const row = drawer.locator('tr', { hasText: '打印' }).first();
  await expect(row).toContainText('已完成');
  await expect(row).toContainText(/测试管理员/);
  await shot('jobs-drawer');
  const downloading = app.waitForEvent('download');
  await row.getByTestId('job-result-save').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${v.name}明白卡.pdf`);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', await download.path(), '-'], { encoding: 'utf8' });
  expect(text).toContain('明白卡');
});
