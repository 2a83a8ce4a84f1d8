// 从备份恢复 in 用户管理: an administrator types a backup folder and a new folder; a folder that is no backup and a
// target inside this library are refused in Chinese; the confirmation names both folders; the restore runs as a job
// and the app opens the restored library, which asks for its own sign-in and has the accounts of the backup.
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ADMIN, addUser, dangka, expect, serve, signIn, stop, test } from './fixtures';

test.slow();

test('an administrator restores a backup into a new folder and the app opens it', async ({ page, shot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'dangka-restore-'));
  const library = join(dir, '档案库');
  dangka('init', '--library', library);
  addUser(library, ADMIN, 'admin');
  const out = join(dir, 'U盘');
  mkdirSync(out);
  dangka('backup', '--library', library, '--out', out);
  const backup = join(out, readdirSync(out).find((n) => n.startsWith('dangka-backup-'))!);
  // An account made after the backup: the restored library does not have it.
  addUser(library, { username: 'later', name: '备份后新建', password: 'test-password-2' }, 'clerk');
  const { served, child } = await serve(library);
  try {
    await page.goto(served.url);
    await signIn(page);
    await page.getByTestId('library-summary').waitFor();
    await page.goto(`${served.base}#/users`);
    await expect(page.getByText('备份后新建')).toBeVisible();
    const card = page.getByTestId('restore-card');
    await card.scrollIntoViewIfNeeded();

    await page.getByTestId('restore-backup-dir').fill(join(dir, '档案库'));
    await page.getByTestId('restore-target-dir').fill(join(dir, '恢复的档案库'));
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-problem')).toContainText('这不是档卡的档案库备份');
    // 浏览 in the browser: the engine lists the U盘 folder's subfolders; the backup is picked from the list.
    await page.getByTestId('restore-backup-dir').fill(out);
    await page.getByTestId('restore-backup-dir-browse').click();
    const browser = page.getByTestId('folder-browser');
    await expect(page.getByTestId('folder-browser-path')).toHaveText(out);
    await browser.getByTestId('folder-browser-entry').filter({ hasText: 'dangka-backup-' }).click();
    await expect(page.getByTestId('folder-browser-path')).toHaveText(backup);
    await shot('restore-folder-browser');
    await page.getByTestId('folder-browser-choose').click();
    await expect(page.getByTestId('restore-backup-dir')).toHaveValue(backup);
    await page.getByTestId('restore-target-dir').fill(join(library, '恢复'));
    await page.getByTestId('restore-start').click();
    await expect(page.getByTestId('restore-problem')).toContainText('在当前档案库的文件夹之内');
    await page.getByTestId('restore-problem').scrollIntoViewIfNeeded();
    await shot('restore-refused');

    const target = join(dir, '恢复的档案库');
    await page.getByTestId('restore-target-dir').fill(target);
    await page.getByTestId('restore-start').click();
    const confirm = page.getByTestId('restore-confirm');
    await expect(confirm).toContainText(backup);
    await expect(confirm).toContainText(target);
    await expect(confirm).toContainText('当前档案库不会被改动或删除');
    await shot('restore-confirm');
    await page.getByRole('button', { name: '恢复并打开' }).click();

    // The restored library is another library: it asks for a sign-in, with the accounts it had when backed up.
    await expect(page.getByTestId('login-screen')).toBeVisible({ timeout: 60_000 });
    expect(readdirSync(target)).toContain('dangka.sqlite');
    await shot('restore-sign-in');
    await signIn(page);
    await page.getByTestId('library-summary').waitFor();
    await page.goto(`${served.base}#/users`);
    await expect(page.getByText('测试管理员').first()).toBeVisible();
    await expect(page.getByText('备份后新建')).toHaveCount(0);
  } finally {
    await page.close();
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
});
