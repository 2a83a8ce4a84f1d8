// Someone guessing a clerk's password (issue 17): after ten wrong passwords the account is locked — the right one
// is refused too, in Chinese — until an administrator lifts it in 用户管理 (被锁定的账户 → 解除锁定).
import { addUser, ADMIN, expect, signIn, test } from './fixtures';

const GUESSED = { username: 'suoding01', name: '赵锁定', password: 'locked-password-1' } as const;

test('ten wrong passwords lock an account until an administrator lifts the lock in 用户管理', async ({ page, served, shot }) => {
  addUser(served.library, GUESSED, 'clerk');
  await page.goto(served.url);
  await expect(page.getByTestId('login-screen')).toBeVisible();
  // The guesses, as a script would send them.
  await page.evaluate(async (username) => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        fetch('/api/auth.login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: `guess-${i}` }) }),
      ),
    );
  }, GUESSED.username);

  await page.getByTestId('login-username').fill(GUESSED.username);
  await page.getByTestId('login-password').fill(GUESSED.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toContainText('已被锁定');
  await shot('sign-in-locked');

  await signIn(page, ADMIN);
  await page.goto(`${served.base}#/users`);
  const card = page.getByTestId('locked-accounts');
  await expect(card).toContainText(GUESSED.name);
  await expect(card).toContainText(GUESSED.username);
  await shot('users-locked-accounts');
  await card.getByRole('button', { name: '解除锁定' }).click();
  await expect(page.getByText(`已解除 ${GUESSED.name} 的锁定`)).toBeVisible();
  await expect(card).toBeHidden();

  const signedIn = await page.evaluate(async (user) => {
    const r = await fetch('/api/auth.login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(user) });
    return ((await r.json()) as { ok: boolean }).ok;
  }, { username: GUESSED.username, password: GUESSED.password });
  expect(signedIn).toBe(true);
});
