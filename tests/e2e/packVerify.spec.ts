// 四性检测 of a package on a U盘 (issue 17 item 3): a county clerk checks a village's acceptance package in 数据包 →
// 校验数据包 and sees the four properties passed, saves the report (PDF) to file with the acceptance; a copy with a
// script slipped in and its manifests regenerated (which BagIt alone accepts) fails 安全性 with the file named, and
// the import tab's preview refuses it; a backup passes the same checks. (Each kind of tampering is reported under its property in
// tests/unit/packFourProperties.test.ts.)
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { regenerateManifests } from '../fixtures/bags';
import { dangka, expect, test } from './fixtures';
import { village } from './library';

test('a county clerk runs the 四性检测 of a package from a U盘, saves its report, and sees a tampered copy refused', async ({ app, served, shot }) => {
  test.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'dangka-verify-e2e-'));
  try {
    const { village: v } = village(served.library, 0, 1);
    dangka('pack', '--unit', v.archiveCode, '--out', work, '--library', served.library);
    const bag = join(work, readdirSync(work)[0]!);
    const tampered = join(work, '被改动的副本');
    cpSync(bag, tampered, { recursive: true });
    writeFileSync(join(tampered, 'data', '说明.txt'), '#!/bin/sh\nrm -rf ~\n');
    regenerateManifests(tampered);

    await app.getByTestId('open-exchange').click();
    await app.getByTestId('open-pack').click();
    await app.getByTestId('pack-tab-verify').click();

    // The package as written: all four properties pass; the report is saved as a PDF.
    await app.getByTestId('pack-verify-dir').fill(bag);
    await app.getByTestId('pack-verify-start').click();
    const result = app.getByTestId('pack-verify-result');
    await expect(app.getByTestId('pack-verify-ok')).toContainText('四性检测全部通过', { timeout: 90_000 });
    await expect(result.getByTestId('pack-verify-property-passed')).toHaveText(['真实性：通过', '完整性：通过', '可用性：通过', '安全性：通过']);
    await expect(result.getByTestId('pack-verify-checks').locator('tbody tr')).toHaveCount(6);
    await expect(app.getByTestId('pack-verify-to-import')).toBeVisible();
    await shot('pack-verify-four-ok');
    const [download] = await Promise.all([app.waitForEvent('download'), app.getByTestId('pack-verify-report-pdf').click()]);
    expect(download.suggestedFilename()).toMatch(/^四性检测报告-.+-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(readFileSync(await download.path()).subarray(0, 5).toString()).toBe('%PDF-');

    // The copy with a script and regenerated manifests: BagIt is satisfied, 安全性 is not — the file named.
    await app.getByTestId('pack-verify-dir').fill(tampered);
    await app.getByTestId('pack-verify-start').click();
    await expect(app.getByTestId('pack-verify-bad')).toContainText('四性检测不通过：安全性', { timeout: 90_000 });
    await expect(result.getByTestId('pack-verify-property-failed')).toHaveText(['安全性：不通过（1 项）']);
    await expect(result.getByTestId('pack-verify-property-passed')).toHaveText(['真实性：通过', '完整性：通过', '可用性：通过']);
    await expect(result.getByTestId('pack-verify-failures')).toHaveText('data/说明.txt：文件是程序或脚本，不是档案文件');
    await expect(app.getByTestId('pack-verify-to-import')).toHaveCount(0);
    await result.getByTestId('pack-verify-failures').scrollIntoViewIfNeeded();
    await shot('pack-verify-four-unsafe');

    // A backup on the stick: the same four checks; it is restored, not imported.
    const backups = join(work, '备份');
    mkdirSync(backups);
    dangka('backup', '--out', backups, '--library', served.library);
    await app.getByTestId('pack-verify-dir').fill(join(backups, readdirSync(backups)[0]!));
    await app.getByTestId('pack-verify-start').click();
    await expect(app.getByTestId('pack-verify-ok')).toContainText('四性检测全部通过', { timeout: 90_000 });
    await expect(result.getByTestId('pack-verify-property-passed')).toHaveCount(4);
    await expect(result).toContainText('这是档案库备份，不是验收数据包');
    await expect(app.getByTestId('pack-verify-to-import')).toHaveCount(0);
    await shot('pack-verify-four-backup');

    // 导入数据包: the preview runs the same 四性检测 and refuses the copy, naming the file; nothing is offered to confirm.
    await app.getByTestId('pack-tab-import').click();
    await app.getByTestId('pack-import-dir').fill(tampered);
    await app.getByTestId('pack-import-preview').click();
    await expect(app.getByTestId('pack-import-refused')).toContainText('未导入：数据包有问题，本库没有任何改动', { timeout: 90_000 });
    await expect(app.getByTestId('pack-import-problems')).toContainText('data/说明.txt');
    await expect(app.getByTestId('pack-import-four-property-failed')).toHaveText(['安全性：不通过（1 项）']);
    await expect(app.getByTestId('pack-import-start')).toHaveCount(0);
    await app.getByTestId('pack-import-four').scrollIntoViewIfNeeded();
    await shot('pack-import-four-refused');

    // The package as written: the preview shows it passed 四性检测 before the counts are confirmed.
    await app.getByTestId('pack-import-dir').fill(bag);
    await app.getByTestId('pack-import-preview').click();
    await expect(app.getByTestId('pack-import-plan')).toBeVisible({ timeout: 90_000 });
    await expect(app.getByTestId('pack-import-four-property-passed')).toHaveCount(4);
    await expect(app.getByTestId('pack-import-four-checks')).toHaveCount(0);
    await expect(app.getByTestId('pack-import-start')).toBeVisible();
    await app.getByTestId('pack-import-four').scrollIntoViewIfNeeded();
    await shot('pack-import-four-plan');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
