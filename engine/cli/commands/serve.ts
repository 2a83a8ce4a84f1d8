import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveLibraryDir } from '../../library/library';
import { createEngineHost } from '../../host/host';
import { startServer } from '../../serve/server';
import { action, EXIT_USAGE, libraryOption } from '../common';

/** The built renderer: out/renderer beside out/main (where this CLI is bundled), or found from the source tree. */
export function rendererDir(): string {
  const fromEnv = process.env.DANGKA_RENDERER_DIR;
  if (fromEnv) return resolve(fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    for (const candidate of [join(dir, 'renderer'), join(dir, 'out', 'renderer')]) {
      if (existsSync(join(candidate, 'index.html'))) return candidate;
    }
    dir = dirname(dir);
  }
  return resolve('out/renderer');
}

export function registerServe(program: Command): void {
  libraryOption(
    program
      .command('serve')
      .description('在本机浏览器中使用档卡（仅 127.0.0.1，带一次性令牌）')
      .option('--port <port>', '端口（默认随机）'),
  ).action(
    action(async (opts: { library?: string; port?: string }) => {
      const port = opts.port === undefined ? 0 : Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        process.stderr.write('错误：--port 应为 0–65535 的整数\n');
        return EXIT_USAGE;
      }
      // The browser is a front door like the app's window: clerks sign in, and each change is signed with their name.
      // A library that cannot be opened (a U盘 not plugged in) still serves the page: its recovery screen says why
      // and offers 重试 and 选择其他档案库.
      const host = createEngineHost({ dir: resolveLibraryDir(opts.library), engine: { auth: 'sessions' }, backgroundWork: true });
      await host.start();
      const running = await startServer(host, { port, rendererDir: rendererDir() });
      if (host.openError) process.stderr.write(`提示：无法打开档案库（${host.openError.message}），可在浏览器中重试或选择其他档案库\n`);
      process.stdout.write(`档卡已启动，档案库：${host.dir}\n请在浏览器中打开：${running.openUrl}\n按 Ctrl+C 退出\n`);
      await new Promise<void>((resolveStop) => {
        const stop = () => resolveStop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await running.close();
      // A backup of the session's work on the way out (only when something changed).
      const backup = await host.shutdown();
      if (backup) process.stdout.write(`已自动备份：${backup}\n`);
    }),
  );
}
