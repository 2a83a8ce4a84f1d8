// Each test file gets a fresh demo library and its own `dangka serve`, started as a clerk would start it.
import { test as base, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const cli = join(root, 'bin', 'dangka.js');

export function dangka(...args: string[]): string {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`dangka ${args.join(' ')} failed: ${run.stderr}`);
  return run.stdout;
}

export interface Served {
  library: string;
  /** The printed URL with its one-time token. */
  url: string;
  base: string;
}

async function serve(library: string): Promise<{ served: Served; child: ChildProcess }> {
  const child = spawn(process.execPath, [cli, 'serve', '--library', library], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out}`)), 15_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', () => reject(new Error(`serve exited: ${out}`)));
  });
  return { served: { library, url, base: url.replace(/\?token=.*$/, '') }, child };
}

export const test = base.extend<{ served: Served; app: Page }, { workerLibrary: string }>({
  workerLibrary: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const dir = mkdtempSync(join(tmpdir(), 'dangka-e2e-'));
      const library = join(dir, 'library');
      dangka('demo', '--library', library, '--households', '300');
      await use(library);
      rmSync(dir, { recursive: true, force: true });
    },
    { scope: 'worker' },
  ],
  served: async ({ workerLibrary }, use) => {
    const { served, child } = await serve(workerLibrary);
    await use(served);
    child.kill('SIGTERM');
  },
  app: async ({ page, served }, use) => {
    await page.goto(served.url);
    await page.getByTestId('library-summary').waitFor();
    await use(page);
  },
});

export { expect } from '@playwright/test';
