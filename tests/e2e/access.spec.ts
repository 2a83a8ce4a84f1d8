// Who may open the app, and what a clerk sees when the library cannot be opened.
import { GENERIC_MESSAGE } from '../../shared/errors';
import { expect, signIn, test } from './fixtures';
import { FatalScreen } from './pages';

test('the server refuses a browser without the token', async ({ page, served, shot }) => {
  await page.goto(served.base);
  await expect(page.locator('body')).toContainText('未授权');
  await shot('unauthorized');
  const api = await page.request.post(`${served.base}api/library.info`, { data: {} });
  expect(api.status()).toBe(401);
  expect((await api.json()) as unknown).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
});

test('a library that cannot be opened gets the fatal screen with what to do, and 重试 opens it once it is back', async ({ page, served, shot }) => {
  // The engine reports a damaged library through library.info; the screen must explain it in Chinese.
  let broken = true;
  await page.route('**/api/library.info', async (route) => {
    if (!broken) return route.continue();
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'LIBRARY_CORRUPT', message: GENERIC_MESSAGE.LIBRARY_CORRUPT } }) });
  });
  await page.goto(served.url);
  await signIn(page);
  const fatal = new FatalScreen(page);
  await expect(fatal.message()).toHaveText(GENERIC_MESSAGE.LIBRARY_CORRUPT);
  await expect(fatal.root()).toContainText('从最近一次的备份恢复');
  await expect(fatal.root()).toContainText('LIBRARY_CORRUPT');
  await shot('fatal');

  broken = false;
  await fatal.root().getByRole('button', { name: '重试' }).click();
  await expect(page.getByTestId('library-summary')).toBeVisible();
});

test('a library that cannot be opened before anyone signs in gets the same fatal screen; 重试 leads to the sign-in', async ({ page, served }) => {
  // auth.status is the first call: a library gone (a USB stick pulled out) is reported there already.
  let broken = true;
  await page.route('**/api/auth.status', async (route) => {
    if (!broken) return route.continue();
    await route.fulfill({ contentType: 'application/json', body: JSON.stringify({ ok: false, error: { code: 'LIBRARY_MISSING', message: GENERIC_MESSAGE.LIBRARY_MISSING } }) });
  });
  await page.goto(served.url);
  const fatal = new FatalScreen(page);
  await expect(fatal.message()).toHaveText(GENERIC_MESSAGE.LIBRARY_MISSING);
  await expect(fatal.root()).toContainText('U盘');

  broken = false;
  await fatal.root().getByRole('button', { name: '重试' }).click();
  await expect(page.getByTestId('login-screen')).toBeVisible();
  await signIn(page);
  await expect(page.getByTestId('library-summary')).toBeVisible();
});
