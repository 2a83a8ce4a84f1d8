#!/usr/bin/env node
// Launcher for the `dangka` CLI: runs the built engine (out/main/cli.js). Build it once with `npm run build`.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'main', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('档卡尚未构建：请先在项目文件夹运行 npm run build（或 npm start）\n');
  process.exit(2);
}
await import(pathToFileURL(cli).href);
