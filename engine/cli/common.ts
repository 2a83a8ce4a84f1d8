// Shared plumbing of the `dangka` commands: library option, exit codes, printing Results.
import { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_UPLOAD_BYTES } from '../../shared/api';
import type { JobState } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { createEngine, type Engine, type EngineOptions } from '../api/engine';
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

export function openEngine(opts: GlobalOptions, open: OpenOptions = {}, engine: EngineOptions = {}): Engine {
  return createEngine(openLibrary(resolveLibraryDir(opts.library), open), engine);
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
export function progressLine(phase: string, done: number, total: number, etaSeconds: number | null, unit?: 'bytes'): void {
  const eta = etaSeconds === null ? '' : `，约剩 ${formatDuration(etaSeconds)}`;
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
  const count = unit === 'bytes' ? `${mb(done)}/${mb(total)} MB` : `${done}/${total}`;
  const line = total > 0 ? `${phase} ${count}${eta}` : done > 0 ? `${phase} ${done}` : phase;
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

/** A file the command hands to the API (which takes uploads as base64, like the app). */
export function readFileBase64(file: string): string {
  try {
    if (statSync(file).size > MAX_UPLOAD_BYTES) throw new DangkaError('FILE_UNREADABLE', `文件过大（超过100MB）：${file}`);
    return readFileSync(file).toString('base64');
  } catch (err) {
    if (err instanceof DangkaError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '找不到文件' : code === 'EACCES' || code === 'EPERM' ? '没有读取权限' : code === 'EISDIR' ? '这是文件夹，不是文件' : '无法读取文件';
    throw new DangkaError('FILE_UNREADABLE', `${why}：${file}`);
  }
}

/**
 * Waits for a job, printing its progress when something moved (a log file gets one line per step), unless quiet.
 * Ctrl+C cancels it: the job stops at its next check and reports what it kept.
 */
export async function waitForJob(engine: Pick<Engine, 'jobs'>, jobId: string, quiet = false): Promise<JobState> {
  const cancel = () => engine.jobs.cancel(jobId);
  process.once('SIGINT', cancel);
  try {
    let last = '';
    const state = await engine.jobs.wait(jobId, (s) => {
      // Bytes move with every read: a log gets a line per percent, not per chunk.
      const key = s.unit === 'bytes' && s.total > 0 ? `${Math.floor((s.done / s.total) * 100)}` : `${s.phase}/${s.done}/${s.total}`;
      if (quiet || s.status !== 'running' || key === last) return;
      last = key;
      progressLine(s.phase, s.done, s.total, s.etaSeconds, s.unit);
    });
    endProgress();
    return state;
  } finally {
    process.off('SIGINT', cancel);
  }
}

/** Saves what a command made (a PDF, a ledger): whole or not at all, through a temporary name; the full path. */
export function saveFile(file: string, bytes: Uint8Array): string {
  const out = resolve(file);
  const tmp = `${out}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, out);
  } catch {
    throw new DangkaError('FILE_UNREADABLE', `无法保存到 ${out}（文件夹不存在、没有写入权限，或文件正在打开）`);
  }
  return out;
}
