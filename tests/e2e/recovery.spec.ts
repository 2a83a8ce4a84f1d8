// The recovery screen with a library that really cannot be opened (a U盘 not plugged in when Dangka starts): 重试
// opens it once it is back, and 选择其他档案库 opens another library — refusing, in Chinese, a folder that is none.
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OcrStatus } from '../../shared/domain';
import { ADMIN, addUser, dangka, expect, serve, signIn, stop, test } from './fixtures';
import { FatalScreen } from './pages';

// Each test builds its own libraries and starts its own `dangka serve`: several processes on a busy machine.
test.slow();

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dangka-recovery-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function newLibrary(name: string): string {
  const library = join(dir, name);
  dangka('init', '--library', library);
  addUser(library, ADMIN, 'admin');
  return library;
}

test('a library on a U盘 that is not plugged in: the recovery screen says so, and 重试 opens it once it is back', async ({ page, shot }) => {
  const library = newLibrary('U盘档案库');
  const unplugged = `${library}-拔出`;
  renameSync(library, unplugged);
  const { served, child } = await serve(library);
  try {
    await page.goto(served.url);
    const fatal = new FatalScreen(page);
    await expect(fatal.message()).toContainText('找不到档案库');
    await expect(fatal.message()).toContainText(library);
    await expect(fatal.root()).toContainText('请把它插好');
    await shot('recovery-missing');

    // Still not plugged in: 重试 says so, and nothing else changes.
    await fatal.root().getByTestId('fatal-retry').click();
    await expect(fatal.root().getByTestId('fatal-retried')).toContainText('已重试，仍然无法打开');
    await expect(fatal.message()).toContainText(library);

    renameSync(unplugged, library);
    await fatal.root().getByTestId('fatal-retry').click();
    await expect(page.getByTestId('login-screen')).toBeVisible();
    await signIn(page);
    await expect(page.getByTestId('library-summary')).toContainText('空档案库');
  } finally {
    // The page first: its event stream would try to reconnect to the stopped server.
    await page.close();
    await stop(child);
  }
});

test('选择其他档案库 refuses a folder that is not a library and opens another library', async ({ page, shot }) => {
  const other = newLibrary('另一个档案库');
  const { served, child } = await serve(join(dir, '不存在的档案库'));
  try {
    await page.goto(served.url);
    const fatal = new FatalScreen(page);
    await expect(fatal.message()).toContainText('找不到档案库');
    await fatal.root().getByTestId('fatal-open-other').click();
    const dialog = page.getByRole('dialog', { name: '选择其他档案库' });
    await expect(dialog).toBeVisible();
    // A browser has no folder picker: the path is typed.
    await expect(dialog.getByTestId('open-library-browse')).toHaveCount(0);

    const scans = join(dir, '扫描件');
    mkdirSync(scans);
    writeFileSync(join(scans, '申请书.pdf'), 'not a library');
    await dialog.getByTestId('open-library-path').fill(scans);
    await page.getByTestId('open-library-submit').click();
    await expect(dialog).toContainText('这个文件夹不是档卡档案库');
    await shot('recovery-not-a-library');

    await dialog.getByTestId('open-library-path').fill('档案库');
    await page.getByTestId('open-library-submit').click();
    await expect(dialog).toContainText('请输入完整的文件夹位置');

    await dialog.getByTestId('open-library-path').fill(other);
    await page.getByTestId('open-library-submit').click();
    await expect(page.getByTestId('login-screen')).toBeVisible();
    await signIn(page);
    await expect(page.getByTestId('library-summary')).toContainText('空档案库');
  } finally {
    // The page first: its event stream would try to reconnect to the stopped server.
    await page.close();
    await stop(child);
  }
});

test('a library opened elsewhere reaches an open window through the event stream: it asks for the new library’s sign-in', async ({ app }) => {
  const other = newLibrary('县档案馆');
  // The header's OCR count is polled: answered here, so only the event stream can tell this window.
  const idle: OcrStatus = { pending: 0, failed: 0, lowConfidence: 0, jobId: null };
  await app.route('**/api/ocr.status', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: true, value: idle }) }));
  // Another browser tab of the same `dangka serve` opens another library; this window did not ask for it.
  const opened = await app.evaluate(async (path) => (await fetch('/api/library.open', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ path }) })).json(), other);
  expect(opened).toEqual({ ok: true, value: { path: other } });
  await expect(app.getByTestId('login-screen')).toBeVisible();
  await signIn(app);
  await expect(app.getByTestId('library-summary')).toContainText('空档案库');
});
