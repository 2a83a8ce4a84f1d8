// The acceptance package (验收数据包): a village with a scan written to a folder typed by the clerk — the plan, the
// progress, the bag on disk with its offline index.html; the bag verified green in 校验数据包, then a byte appended
// to one of its files and verified again (red, the file named as 已改动); split only when the plan has several
// parts; and an intact copy imported into the same library, where everything is already there.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { renderScan } from '../fixtures/scans';
import { dangka, expect, test } from './fixtures';
import { village } from './library';

const ITEM = '贫困户识别两公示一公告';

/** Every file under dir, as paths relative to root. */
function filesUnder(dir: string, root = dir): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, root) : [relative(root, path)];
  });
}

test('a clerk writes a village’s acceptance package, verifies it, sees a changed file caught, and imports it', async ({ app, served, shot }) => {
  test.setTimeout(180_000);
  const work = mkdtempSync(join(tmpdir(), 'dangka-pack-e2e-'));
  try {
    const { township: t, village: v } = village(served.library, 0, 0);
    // A scan filed to the village, so the package carries a document (the demo library has none).
    const scan = await renderScan({ kind: 'application', seed: 7, widthMm: 160, heightMm: 120, jpegQuality: 80 });
    const scanFile = join(work, '申请书.jpg');
    writeFileSync(scanFile, scan.image);
    dangka('ingest', scanFile, '--unit', v.archiveCode, '--item', ITEM, '--library', served.library);
    const out = join(work, '导出');
    mkdirSync(out);

    // From a township's page, 数据包 opens the wizard with that township chosen.
    await app.evaluate((id) => (window.location.hash = `#/unit/${id}`), t.id);
    await app.getByTestId('unit-pack').click();
    await expect(app.getByTestId('pack-unit-chosen')).toContainText(t.name);

    // 导出验收包: the village, a folder typed by hand.
    await app.getByTestId('open-exchange').click();
    await app.getByTestId('open-pack').click();
    await expect(app.getByTestId('pack-tab-export')).toBeVisible();
    await app.getByTestId('pack-unit').locator('input').fill(v.archiveCode);
    // The village itself, not one of its households (their codes start with the village's).
    await app.getByTestId('pack-unit-option').filter({ has: app.locator('strong', { hasText: new RegExp(`^${v.name}$`) }) }).first().click();
    await expect(app.getByTestId('pack-unit-chosen')).toContainText(v.name);
    // The folder can be typed or picked (浏览: the engine's folder browser in a browser).
    await app.getByTestId('pack-out-dir-browse').click();
    await expect(app.getByTestId('folder-browser')).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('folder-browser')).toBeHidden();
    // A folder that is not there: said at once, nothing to start.
    await app.getByTestId('pack-out-dir').fill(join(work, '没有这个文件夹'));
    await expect(app.getByTestId('pack-plan')).toContainText('找不到这个文件夹');
    await expect(app.getByTestId('pack-start')).toBeDisabled();
    // A file typed where a folder belongs: the engine refuses the write, in its own words.
    await app.getByTestId('pack-out-dir').fill(scanFile);
    await expect(app.getByTestId('pack-start')).toBeEnabled();
    await app.getByTestId('pack-start').click();
    await expect(app.getByTestId('pack-error')).toContainText('找不到保存位置', { timeout: 30_000 });
    await app.getByTestId('pack-out-dir').fill(out);
    await expect(app.getByTestId('pack-target-custom')).toBeChecked();
    const plan = app.getByTestId('pack-plan');
    await expect(plan).toContainText(v.archiveCode);
    await expect(app.getByTestId('pack-plan-households')).toHaveText(`${v.childCount} 户`);
    await expect(app.getByTestId('pack-plan-documents')).toHaveText('1 件');
    await expect(app.getByTestId('pack-plan-free')).toContainText(/\d+(\.\d+)? (MB|GB)/);
    await expect(app.getByTestId('pack-masters')).toBeChecked();
    await expect(app.getByTestId('pack-pdfs')).toBeChecked();
    await expect(app.getByTestId('pack-start')).toBeEnabled();
    await app.getByTestId('pack-start').scrollIntoViewIfNeeded();
    await shot('pack-plan');

    // Progress now arrives as events (no job.get polling to hold on a state): the write here takes a few seconds, so
    // the progress shows the phase and the bytes while it runs, unless the write already ended.
    await app.getByTestId('pack-start').click();
    const progress = app.getByTestId('pack-progress');
    await expect(progress.or(app.getByTestId('pack-result'))).toBeVisible();
    if (await progress.isVisible()) await shot('pack-progress');

    const result = app.getByTestId('pack-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(result).toContainText('可将此文件夹交给县级，用档卡“导入数据包”核验导入；没有档卡的电脑可直接打开其中的 data/index.html 浏览');
    const bagPath = (await app.getByTestId('pack-result-path').first().innerText()).trim();
    expect(bagPath.startsWith(out)).toBe(true);
    expect(existsSync(join(bagPath, 'bagit.txt'))).toBe(true);
    expect(existsSync(join(bagPath, 'data', 'index.html'))).toBe(true);
    // Nothing but the bag is left in the folder (no half-written temporary folder).
    expect(readdirSync(out)).toEqual([relative(out, bagPath)]);
    await result.scrollIntoViewIfNeeded();
    await shot('pack-result');

    // An intact copy for the import, before one file of the bag is damaged.
    const intact = join(work, '完好副本');
    cpSync(bagPath, intact, { recursive: true });

    // 校验数据包: green, with the bag's own description.
    await app.getByTestId('pack-tab-verify').click();
    await app.getByTestId('pack-verify-dir').fill(bagPath);
    await app.getByTestId('pack-verify-start').click();
    const verified = app.getByTestId('pack-verify-result');
    await expect(verified).toContainText('数据包完整，所有文件校验通过', { timeout: 60_000 });
    await expect(verified).toContainText(v.archiveCode);
    await expect(verified).toContainText('第 1 卷，共 1 卷');
    await verified.scrollIntoViewIfNeeded();
    await shot('pack-verify-ok');

    // One byte appended to a scan: the same check names it.
    const scanInBag = filesUnder(join(bagPath, 'data')).find((p) => p.endsWith('.jpg') && p.startsWith('units'));
    expect(scanInBag).toBeTruthy();
    appendFileSync(join(bagPath, 'data', scanInBag!), Buffer.from([0]));
    await app.getByTestId('pack-verify-start').click();
    // 真实性 names the file (its digest is not the manifest's); 完整性 the bag's total that no longer adds up.
    await expect(verified).toContainText('数据包有问题，四性检测不通过：真实性、完整性', { timeout: 60_000 });
    await expect(verified.getByTestId('pack-verify-property-failed')).toHaveText([/^真实性：不通过/, /^完整性：不通过/]);
    const problems = verified.getByTestId('pack-verify-failures');
    await expect(problems.first()).toHaveText(`文件已改动或损坏（校验值不符）：data/${scanInBag!.split('\\').join('/')}`);
    await expect(problems.last()).toContainText('文件总量与包信息不符');
    await problems.first().scrollIntoViewIfNeeded();
    await shot('pack-verify-failed');

    // 分卷: only worth writing when the plan splits the village (a demo village is far below the smallest limit).
    await app.getByTestId('pack-tab-export').click();
    await app.getByTestId('pack-split').click();
    await app.locator('.ant-select-item-option').filter({ hasText: '每卷不超过 4 GB' }).click();
    await expect(app.getByTestId('pack-start')).toBeEnabled();
    if (await app.getByTestId('pack-parts').isVisible()) {
      const splitOut = join(work, '分卷');
      mkdirSync(splitOut);
      await app.getByTestId('pack-out-dir').fill(splitOut);
      await expect(app.getByTestId('pack-start')).toBeEnabled();
      await app.getByTestId('pack-start').click();
      await expect(result).toContainText('卷', { timeout: 60_000 });
      expect(readdirSync(splitOut).length).toBeGreaterThan(0);
    }

    // 导入数据包: the intact copy into the library it came from — everything is already there.
    await app.getByTestId('pack-tab-import').click();
    await app.getByTestId('pack-import-dir').fill(intact);
    await expect(app.getByTestId('pack-import-rule-newer')).toBeChecked();
    // First the preview: counts of what would change, nothing written; 取消 leaves the library as it was.
    await app.getByTestId('pack-import-preview').click();
    const planView = app.getByTestId('pack-import-plan');
    await expect(planView).toContainText('此时本库尚未做任何改动', { timeout: 60_000 });
    await expect(app.getByTestId('pack-import-plan-summary')).toContainText('本库已有其中全部内容');
    await expect(app.getByTestId('pack-import-plan-households-new')).toHaveText('0');
    await expect(app.getByTestId('pack-import-plan-documents-new')).toHaveText('0');
    expect(Number.parseInt(await app.getByTestId('pack-import-plan-households-unchanged').innerText(), 10)).toBeGreaterThan(0);
    const plannedSkips = Number.parseInt(await app.getByTestId('pack-import-plan-documents-unchanged').innerText(), 10);
    expect(plannedSkips).toBeGreaterThan(0);
    await planView.scrollIntoViewIfNeeded();
    await shot('pack-import-plan');
    await app.getByTestId('pack-import-plan-dismiss').click();
    await expect(planView).toHaveCount(0);
    await expect(app.getByTestId('pack-import-start')).toHaveCount(0);
    // Changing the folder or rule drops a preview made for the old one.
    await app.getByTestId('pack-import-preview').click();
    await expect(planView).toBeVisible({ timeout: 60_000 });
    await app.getByTestId('pack-import-rule-library').click();
    await expect(planView).toHaveCount(0);
    await app.getByTestId('pack-import-rule-newer').click();
    await app.getByTestId('pack-import-preview').click();
    await expect(planView).toBeVisible({ timeout: 60_000 });
    await app.getByTestId('pack-import-start').click();
    const imported = app.getByTestId('pack-import-result');
    await expect(imported).toContainText('已导入', { timeout: 60_000 });
    await expect(app.getByTestId('pack-import-units-created')).toHaveText('0');
    await expect(app.getByTestId('pack-import-added')).toHaveText('0 件');
    const skipped = Number.parseInt(await app.getByTestId('pack-import-skipped').innerText(), 10);
    expect(skipped).toBe(plannedSkips);
    await expect(planView).toHaveCount(0);
    await imported.scrollIntoViewIfNeeded();
    await shot('pack-import-result');

    // The damaged bag is refused whole.
    await app.getByTestId('pack-import-dir').fill(bagPath);
    await app.getByTestId('pack-import-preview').click();
    await expect(app.getByTestId('pack-import-start')).toHaveCount(0);
    await expect(imported).toContainText('未导入：数据包有问题，本库没有任何改动', { timeout: 60_000 });
    await expect(app.getByTestId('pack-import-problems')).toContainText('已改动');
    await imported.scrollIntoViewIfNeeded();
    await shot('pack-import-refused');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
