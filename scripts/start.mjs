// Opens Dangka: the Electron app where its binary is installed; otherwise (as on machines where Electron cannot
// be downloaded) one line saying so, then `dangka serve` on the default library — the sample county on first run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'dangka.js');
const args = process.argv.slice(2);

/** The Electron binary when it is installed; never triggers the electron package's download-on-require. */
function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron');
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const electron = electronBinary();
if (electron) {
  const child = spawn(electron, [root, ...args], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  process.stderr.write('未安装 Electron 程序（此电脑无法下载），改为在浏览器中打开档卡（dangka serve）。\n');
  // First run: the default library does not exist yet — build the sample county so there is something to open.
  const probe = spawnSync(process.execPath, [cli, 'tree', '--depth', '1', ...args], { stdio: 'ignore' });
  if (probe.status !== 0) {
    const demo = spawnSync(process.execPath, [cli, 'demo', ...args], { stdio: 'inherit' });
    if (demo.status !== 0) process.exit(demo.status ?? 1);
  }
  const serve = spawn(process.execPath, [cli, 'serve', ...args], { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));
  serve.on('exit', (code) => process.exit(code ?? 0));
}
