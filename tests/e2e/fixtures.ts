// Each Playwright worker (one, as the tests run) makes one demo library (300 households) with an administrator account,
// shared by the spec files it runs in turn — so a spec leaves it whole (no row without its stored file) — and each
// test gets its own `dangka serve`, started and stopped as a clerk would (the printed URL with its one-time token); `app` signs in
// through the sign-in screen. The page fails the test on any uncaught error or console error (React and antd report
// misuse there).
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'dangka.js');

/** Screenshots for a person to look at (layout, Chinese rendering). */
export const SHOTS_DIR = '/tmp/shots';

export function dangka(...args: string[]): string {
  return dangkaWith({}, ...args);
}

/** The CLI with extra environment, e.g. DANGKA_PASSWORD for `dangka user add` (never a password argument). */
export function dangkaWith(env: Record<string, string>, ...args: string[]): string {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`dangka ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

/** The administrator every test library gets (the demo itself has no account). */
export const ADMIN = { username: 'admin', name: '测试管理员', password: 'test-password-1' } as const;

/** Adds an account to a library from the command line, as an administrator at the console would. */
export function addUser(library: string, user: { username: string; name: string; password: string }, role: 'clerk' | 'reviewer' | 'admin'): void {
  dangkaWith({ DANGKA_PASSWORD: user.password }, 'user', 'add', user.username, '--name', user.name, '--role', role, '--library', library);
}

/** Signs in through the sign-in screen (every library has accounts; a reload signs out) and waits until it is gone. */
export async function signIn(page: Page, user: { username: string; password: string } = ADMIN): Promise<void> {
  await page.getByTestId('login-username').fill(user.username);
  await page.getByTestId('login-password').fill(user.password);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-screen')).toBeHidden();
}

/** Reloads the page (which signs out: the session lives in memory) and signs in again. */
export async function reloadSignedIn(page: Page, user: { username: string; password: string } = ADMIN): Promise<void> {
  await page.reload();
  await signIn(page, user);
  await page.getByTestId('library-summary').waitFor();
}

/**
 * Calls the API from the page as the renderer does (the cookie carries the serve token), on a session of its own
 * signed in as the administrator. Throws the engine's message when the call is refused.
 */
export async function callApi(page: Page, method: string, input: unknown, user: { username: string; password: string } = ADMIN): Promise<unknown> {
  return page.evaluate(
    async ([m, i, u]) => {
      const post = async (name: string, body: unknown, session?: string) =>
        (await (
          await fetch(`/api/${name}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...(session ? { 'x-dangka-session': session } : {}) }, body: JSON.stringify(body) })
        ).json()) as { ok: boolean; value?: unknown; error?: { message: string } };
      const login = await post('auth.login', u);
      if (!login.ok) throw new Error(login.error!.message);
      const r = await post(m, i, (login.value as { session: string }).session);
      if (!r.ok) throw new Error(r.error!.message);
      return r.value;
    },
    [method, input, { username: user.username, password: user.password }] as const,
  );
}

export interface Served {
  library: string;
  /** The printed URL with its one-time token. */
  url: string;
  base: string;
}

export async function serve(library: string): Promise<{ served: Served; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve', '--library', library], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}${err}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /请在浏览器中打开：(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => {
      clearTimeout(timer);
      reject(new Error(`serve exited: ${out}${err}`));
    });
  });
  return { served: { library, url, base: url.replace(/\?token=.*$/, '') }, child };
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

export const test = base.extend<{ served: Served; app: Page; shot: (name: string) => Promise<void> }, { workerLibrary: string }>({
  workerLibrary: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'dangka-e2e-'));
      const library = join(dir, 'library');
      dangka('demo', '--library', library, '--households', '300');
      addUser(library, ADMIN, 'admin');
      await use(library);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  served: async ({ workerLibrary }, use) => {
    const { served, child } = await serve(workerLibrary);
    await use(served);
    await stop(child);
  },
  // Depends on `served` so the server outlives the page: a request still in flight when the test ends must not
  // meet a stopped server and log a connection error.
  page: async ({ page, served: _served }, use) => {
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`页面异常：${err.message}`));
    page.on('console', (msg) => {
      // The unauthorised page is a 401 on purpose; anything else logged as an error is a bug.
      if (msg.type() === 'error' && !/401 \(Unauthorized\)/.test(msg.text())) problems.push(`控制台错误：${msg.text()}`);
    });
    await use(page);
    expect(problems, problems.join('\n')).toEqual([]);
  },
  app: async ({ page, served }, use) => {
    await page.goto(served.url);
    await signIn(page);
    await page.getByTestId('library-summary').waitFor();
    await use(page);
  },
  shot: async ({ page }, use) => {
    mkdirSync(SHOTS_DIR, { recursive: true });
    await use(async (name) => {
      await page.waitForTimeout(300); // let antd's motion settle
      await page.screenshot({ path: join(SHOTS_DIR, `${name}.png`) });
    });
  },
});

export { expect };
