// Shared plumbing of the `dangka` commands: library option, exit codes, printing Results.
import { Command } from 'commander';
import { DangkaError } from '../../shared/errors';
import { createEngine, type Engine } from '../api/engine';
import { openLibrary, resolveLibraryDir, type OpenOptions } from '../library/library';

/** Exit status: 0 ok, 1 problems in the input (or the library), 2 wrong usage. */
export const EXIT_OK = 0;
export const EXIT_PROBLEMS = 1;
export const EXIT_USAGE = 2;

export interface GlobalOptions {
  library?: string;
}

export function libraryOption(cmd: Command): Command {
  return cmd.option('--library <dir>', '档案库文件夹（默认：DANGKA_LIBRARY 或系统用户数据目录）');
}

export function openEngine(opts: GlobalOptions, open: OpenOptions = {}): Engine {
  return createEngine(openLibrary(resolveLibraryDir(opts.library), open));
}

/** Runs a command body; a DangkaError prints its Chinese message and exits 1. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<number | void> | number | void) {
  return async (...args: A): Promise<void> => {
    try {
      const code = await body(...args);
      process.exitCode = code ?? EXIT_OK;
    } catch (err) {
      if (err instanceof DangkaError) {
        process.stderr.write(`错误：${err.message}\n`);
        if (err.fields) for (const [k, v] of Object.entries(err.fields)) process.stderr.write(`  ${k}：${v}\n`);
        process.exitCode = err.code === 'INVALID_INPUT' ? EXIT_USAGE : EXIT_PROBLEMS;
      } else {
        process.stderr.write(`程序内部错误：${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = EXIT_PROBLEMS;
      }
    }
  };
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Progress on stderr with count and ETA; a single rewritten line on a terminal, plain lines otherwise. */
export function progressLine(phase: string, done: number, total: number, etaSeconds: number | null): void {
  const eta = etaSeconds === null ? '' : `，约剩 ${formatDuration(etaSeconds)}`;
  const line = total > 0 ? `${phase} ${done}/${total}${eta}` : done > 0 ? `${phase} ${done}` : phase;
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
  else process.stderr.write(`${line}\n`);
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}秒`;
  const m = Math.floor(seconds / 60);
  return `${m}分${seconds % 60}秒`;
}
