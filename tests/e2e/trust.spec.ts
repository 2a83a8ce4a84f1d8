// Accounts, the lock and the audit trail as a clerk meets them: the first run creates the administrator; sign-in
// errors are Chinese; a change shows in the household's 操作记录 under the signed-in name with 旧值 → 新值; the
// screen locks (by hand or when idle) and only the password opens it, with everything as it was; an administrator
// opens a 录入员 account, who sees neither 用户管理 nor full ID numbers; 操作记录核对 finds the trail intact.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HOUSEHOLD_STATUS_LABEL } from '../../shared/domain';
import { ADMIN, dangka, expect, serve, signIn, stop, test } from './fixtures';
import { household, village } from './library';
import { HouseholdScreen } from './pages';

const CLERK = { username: 'luru01', name: '李录入', password: 'clerk-password-1' } as const;

test('a new library asks for its administrator first, and creating it signs in', async ({ page, shot }) => {
  const dir = mkdtempSync(join(tmpdir(), 'dangka-e2e-fresh-'));
  const library = join(dir, 'library');
  dangka('init', '--library', library);
  const { served, child } = await serve(library);
  try {
    await page.goto(served.url);
    await expect(page.getByTestId('setup-screen')).toContainText('首次使用：创建管理员账户');
    await page.getByTestId('setup-username').fill('zhangsan');
    await page.getByTestId('setup-name').fill('张三');
    await page.getByTestId('setup-password').fill('first-admin-1');
    await page.getByTestId('setup-password2').fill('first-admin-2');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByText('两次输入的密码不一致')).toBeVisible();
    await page.getByTestId('setup-password2').fill('first-admin-1');
    await shot('setup');

    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('library-summary')).toBeVisible();
    await expect(page.getByTestId('user-menu')).toContainText('张三');
    await expect(page.getByTestId('user-menu')).toContainText('管理员');
    await expect(page.getByText('档案库还是空的')).toBeVisible();
  } finally {
    await page.close();
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong password is refused in Chinese; a change of 户类型 shows in the household’s 操作记录 under the admin’s name', async ({ page, served, shot }) => {
  const h = household(served.library, 77);
  const target = h.status === 'monitored' ? '返贫户' : '监测户';
  await page.goto(served.url);
  await expect(page.getByTestId('login-screen')).toContainText('登录档卡');
  await page.getByTestId('login-username').fill(ADMIN.username);
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toHaveText('用户名或密码不对');
  await shot('sign-in');

  await signIn(page);
  await expect(page.getByTestId('user-menu')).toContainText(ADMIN.name);
  await page.goto(`${served.base}#/household/${h.unit.id}`);
  const screen = new HouseholdScreen(page);
  await expect(screen.title()).toContainText(h.headName);
  await screen.setStatus(target);
  await expect(page.getByText(`户类型已改为“${target}”`)).toBeVisible();

  await page.getByTestId('history-toggle').click();
  const panel = page.getByTestId('history-panel');
  // The 户类型 change (and, beside it, the 户类型调整 event with its reason) is the latest.
  const latest = panel.getByTestId('history-entry').filter({ hasText: '修改户信息' }).first();
  await expect(panel.getByTestId('history-entry').first()).toContainText('户类型调整');
  await expect(latest).toContainText(`${ADMIN.name}（管理员）`);
  await expect(latest).toContainText(`户类型：${HOUSEHOLD_STATUS_LABEL[h.status as keyof typeof HOUSEHOLD_STATUS_LABEL]} → ${target}`);
  // The demo's own rows (written by the system when it built the county) are there too, older: past its screening
  // answers, under 加载更多.
  const member = panel.getByTestId('history-entry').filter({ hasText: '新增家庭成员' }).first();
  await expect(async () => {
    if (!(await member.isVisible())) await panel.getByTestId('history-more').click();
    await expect(member).toBeVisible({ timeout: 1000 });
  }).toPass();
  await expect(member).toContainText('系统');
  // A contact is named, not shown as an internal number.
  const helper = panel.getByTestId('history-entry').filter({ hasText: '新增帮扶联系人' }).filter({ hasText: '帮扶责任人' });
  await expect(helper).toContainText(`联系人：${h.contacts.helper!.name}`);
  await helper.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await shot('history');
});

test('锁定 covers the app until the password is given, and the clerk is back where they were', async ({ app, served, shot }) => {
  const h = household(served.library, 91);
  await app.goto(`${served.base}#/household/${h.unit.id}`);
  const screen = new HouseholdScreen(app);
  await expect(screen.title()).toContainText(h.headName);
  // What the clerk had open and half-typed must survive the lock.
  await app.getByTestId('history-toggle').click();
  await expect(app.getByTestId('history-entry').first()).toBeVisible();
  await app.getByTestId('fulltext-search').locator('input').fill('写到一半');

  await app.getByTestId('user-menu').click();
  await app.getByTestId('lock-now').click();
  const overlay = app.getByTestId('lock-overlay');
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText(ADMIN.name);
  await expect(overlay).toContainText('屏幕已锁定');
  await shot('lock');

  await app.getByTestId('unlock-password').fill('wrong-password');
  await app.getByTestId('unlock-submit').click();
  await expect(app.getByTestId('unlock-error')).toHaveText('密码不对');
  await expect(overlay).toBeVisible();

  await app.getByTestId('unlock-password').fill(ADMIN.password);
  await app.getByTestId('unlock-submit').click();
  await expect(overlay).toBeHidden();
  await expect(app).toHaveURL(new RegExp(`#/household/${h.unit.id}$`));
  await expect(app.getByTestId('fulltext-search').locator('input')).toHaveValue('写到一半');
  await expect(app.getByTestId('history-panel')).toBeVisible();
});

test('the screen locks by itself after the idle minutes, over an open dialog that is still there after unlocking', async ({ page, served }) => {
  const h = household(served.library, 92);
  await page.clock.install();
  await page.goto(served.url);
  await signIn(page);
  await page.goto(`${served.base}#/household/${h.unit.id}`);
  const screen = new HouseholdScreen(page);
  await expect(screen.title()).toContainText(h.headName);
  await screen.openEditor('helper');
  await screen.dialog().getByTestId('post-input').fill('写到一半的职务');

  await page.clock.fastForward('10:00');
  await expect(page.getByTestId('lock-overlay')).toHaveCount(0);
  await page.clock.fastForward('06:00');
  await expect(page.getByTestId('lock-overlay')).toBeVisible();
  await page.getByTestId('unlock-password').fill(ADMIN.password);
  await page.getByTestId('unlock-submit').click();
  await expect(page.getByTestId('lock-overlay')).toBeHidden();
  await expect(screen.dialog().getByTestId('post-input')).toHaveValue('写到一半的职务');
});

test('an administrator opens a 录入员 account; the clerk sees neither 用户管理 nor full ID numbers; 操作记录核对 finds the trail whole', async ({ app, served, shot }) => {
  const h = household(served.library, 140);
  // The administrator may see full ID numbers, and is told that it is recorded.
  await app.goto(`${served.base}#/household/${h.unit.id}`);
  await app.getByTestId('reveal-ids').click();
  const ids = app.getByRole('dialog');
  await expect(ids).toContainText('此操作已记录');
  await expect(ids.getByTestId('full-ids')).toContainText(/\d{17}[\dX]/);
  await shot('reveal-ids');
  await ids.getByRole('button', { name: '关闭' }).last().click();
  await expect(ids).toBeHidden();

  await app.getByTestId('user-menu').click();
  await app.getByTestId('open-users').click();
  await expect(app).toHaveURL(/#\/users$/);
  await app.getByTestId('user-create').click();
  const dialog = app.getByRole('dialog');
  await dialog.getByTestId('user-username').fill(CLERK.username);
  await dialog.getByTestId('user-name').fill(CLERK.name);
  await dialog.getByText('录入员', { exact: true }).click();
  await dialog.getByTestId('user-password').fill(CLERK.password);
  await dialog.getByTestId('user-create-submit').click();
  await expect(dialog).toBeHidden();
  const row = app.getByTestId('user-row').filter({ hasText: CLERK.username });
  await expect(row).toContainText(CLERK.name);
  await expect(row).toContainText('录入员');
  await expect(row).toContainText('启用');

  // The same user name again: the engine's refusal is shown on the field it names.
  await app.getByTestId('user-create').click();
  await dialog.getByTestId('user-username').fill(CLERK.username.toUpperCase());
  await dialog.getByTestId('user-name').fill('重名的人');
  await dialog.getByTestId('user-password').fill('another-password');
  await dialog.getByTestId('user-create-submit').click();
  await expect(dialog.locator('.ant-form-item').filter({ hasText: '用户名' }).locator('.ant-form-item-explain-error')).toHaveText('用户名已被使用');
  await shot('users-create');
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();

  // 操作记录核对: the chain is whole.
  await app.getByTestId('audit-verify-run').click();
  await expect(app.getByTestId('audit-verify-result')).toContainText(/操作记录完整：共 [\d,]+ 条/);
  await shot('users');

  // The clerk signs in: no 用户管理 in the menu, no full ID numbers, no 验收销号.
  await app.getByTestId('user-menu').click();
  await app.getByTestId('logout').click();
  await expect(app.getByTestId('login-screen')).toBeVisible();
  await signIn(app, CLERK);
  await expect(app.getByTestId('user-menu')).toContainText(CLERK.name);
  await expect(app.getByTestId('user-menu')).toContainText('录入员');
  await app.getByTestId('user-menu').click();
  await expect(app.getByTestId('lock-now')).toBeVisible();
  await shot('user-menu-clerk');
  await expect(app.getByTestId('open-users')).toHaveCount(0);
  await expect(app.getByTestId('open-audit-verify')).toHaveCount(0);
  await app.keyboard.press('Escape');
  await app.goto(`${served.base}#/household/${h.unit.id}`);
  await expect(new HouseholdScreen(app).title()).toContainText(h.headName);
  await expect(app.getByTestId('members')).toBeVisible();
  await expect(app.getByTestId('reveal-ids')).toHaveCount(0);
  // No review signature either: the ledger and the sign-offs are read-only for a clerk.
  const { village: v } = village(served.library, 0, 2);
  await app.goto(`${served.base}#/check/${v.id}`);
  await expect(app.getByTestId('review-panel')).toContainText('审核签字需由审核员或管理员登录后进行');
  await expect(app.getByTestId('review-signer')).toHaveCount(0);
  await expect(app.getByText('验收销号', { exact: true })).toHaveCount(0);
  // Typing the address of 用户管理 does not help.
  await app.goto(`${served.base}#/users`);
  await expect(app.getByText('只有管理员可以管理用户')).toBeVisible();
});

test('the header menu’s 操作记录核对 reports the trail whole', async ({ app }) => {
  await app.getByTestId('user-menu').click();
  await app.getByTestId('open-audit-verify').click();
  await expect(app.getByRole('dialog').getByTestId('audit-verify-result')).toContainText('操作记录完整');
});

test('an administrator backs the library up to a folder: a verifiable package holding the database', async ({ app, shot }) => {
  const out = mkdtempSync(join(tmpdir(), 'dangka-e2e-backup-'));
  try {
    await app.getByTestId('user-menu').click();
    await app.getByTestId('open-users').click();
    await app.getByTestId('backup-out-dir').fill(out);
    await app.getByTestId('backup-start').click();
    // Held to the whole card, so a failure prints what the clerk sees there (progress, or why it stopped).
    await expect(app.getByTestId('backup-card')).toContainText('已备份：', { timeout: 60_000 });
    await expect(app.getByTestId('backup-result')).toContainText(out);
    await shot('backup-done');
    const [name] = readdirSync(out);
    expect(name).toMatch(/^dangka-backup-\d{8}-\d{6}$/);
    expect(existsSync(join(out, name!, 'data', 'dangka.sqlite'))).toBe(true);
    // The package verifies on any computer, Dangka's own check included.
    expect(dangka('verify', join(out, name!))).toContain('数据包完整，所有文件校验通过');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
