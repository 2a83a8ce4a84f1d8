// Opens Dangka: the Electron app where its binary is installed; otherwise (as on machines where Electron cannot
// be downloaded) one line saying so, then `dangka serve` on the default library — the sample county on first run.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'dangka.js');
const args = process.argv.slice(2);

function electronBinary() {
  try {
    // The electron package exports the path of its binary, and throws when the binary was never downloaded.
    return createRequire(import.meta.url)('electron');
  } catch {
    return null;
  }
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
