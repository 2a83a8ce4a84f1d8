// 打印: the PDF opened in the computer's own PDF reader, whose print dialog chooses the printer, paper and copies —
// the same from the app and from `dangka serve` (the engine runs on the clerk's computer either way). The file is
// written to a temporary name and renamed (a reader never opens half a file) under the system's temp folder.
import { spawn } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The system's "open with the default application" command. DANGKA_OPEN_COMMAND replaces it (tests). */
function opener(): { command: string; args: (file: string) => string[] } {
  const custom = process.env.DANGKA_OPEN_COMMAND;
  if (custom) return { command: custom, args: (f) => [f] };
  if (process.platform === 'win32') return { command: 'cmd', args: (f) => ['/c', 'start', '""', f] };
  if (process.platform === 'darwin') return { command: 'open', args: (f) => [f] };
  return { command: 'xdg-open', args: (f) => [f] };
}

export async function openForPrinting(fileName: string, bytes: Uint8Array): Promise<{ path: string; opened: boolean }> {
  const dir = join(tmpdir(), 'dangka-print');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, fileName.replace(/[\\/:*?"<>|]/g, '_'));
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, path);
  const { command, args } = opener();
  const opened = await new Promise<boolean>((resolve) => {
    try {
      const child = spawn(command, args(path), { detached: true, stdio: 'ignore' });
      child.once('error', () => resolve(false));
      child.once('spawn', () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
  return { path, opened };
}
