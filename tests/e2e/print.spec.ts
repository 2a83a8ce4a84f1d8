// The print centre: a village's 明白卡 generated with progress, previewed, and a page range saved as a PDF that
// holds the helpers' names and phones.
import { execFileSync } from 'node:child_process';
import { expect, test } from './fixtures';
import { household, village } from './library';

test('a clerk prints a village’s contact cards: preview, then a page range saved as PDF', async ({ app, served, shot }) => {
  const { village: v } = village(served.library, 0, 0);
  await app.goto(`${served.base}#/unit/${v.id}`);
  await app.getByTestId('unit-print').click();
  await expect(app.getByTestId('print-unit-chosen')).toContainText(v.name);
  await app.getByTestId('print-start').click();
  const result = app.getByTestId('print-result');
  await expect(result).toBeVisible({ timeout: 60_000 });
  // Households × 3 cards × 2 copies, four a sheet.
  const pages = Math.ceil((v.childCount * 6) / 4);
  await expect(result).toContainText(`共 ${pages} 页`);
  await expect(app.getByTestId('print-preview')).toBeVisible();
  await shot('print-centre');

  const first = household(served.library, 0);
  const downloading = app.waitForEvent('download');
  await app.getByTestId('print-save').click();
  const file = await (await downloading).path();
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).replace(/\s/g, '');
  for (const role of ['groupLeader', 'firstSecretary', 'helper'] as const) {
    expect(text).toContain(first.contacts[role]!.name);
    expect(text).toContain(first.contacts[role]!.phone);
  }
});
