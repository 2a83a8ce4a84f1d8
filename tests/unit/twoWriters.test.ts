// Two processes on one library: while one holds the write lock (a long import or check in the app), a
// `dangka import-roster` takes its turn — it says 档案库正忙（另一个程序正在写入），等待中… with the seconds waited,
// then imports when the lock is free — and never fails with "database is locked".
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { DB_FILE, openLibrary, WAITING_FOR_WRITER } from '../../engine/library/library';
import { householdRows, rosterXlsx, type RosterRow } from '../fixtures/rosterFile';
import { tempDir } from './helpers';

const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'engine', 'cli', 'bin.ts');

describe('a second writer', () => {
  it('waits its turn with a Chinese message while another process writes, then imports', { timeout: 90_000 }, async () => {
    const base = tempDir();
    const dir = join(base, 'library');
    openLibrary(dir, { create: true }).close();
    const rows: RosterRow[] = [];
    for (let i = 1; i <= 30; i++) rows.push(...householdRows(`41999900${String(i).padStart(5, '0')}`, { seq: i }));
    const file = join(base, '花名册.xlsx');
    writeFileSync(file, await rosterXlsx(rows));

    // The other process: a write transaction held open, as a long import in the app holds it.
    const holder = new Database(join(dir, DB_FILE));
    holder.exec('BEGIN IMMEDIATE');
    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'import-roster', file, '--library', dir], {
      cwd: root,
      env: { ...process.env, DANGKA_LIBRARY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      // It has read and checked the file and now waits, counting the seconds — for as long as the lock is held.
      while (!/已等待 [2-9] 秒/.test(err)) {
        expect(child.exitCode, `it gave up instead of waiting:\n${err}`).toBeNull();
        await sleep(20);
      }
      expect(err).toContain(WAITING_FOR_WRITER);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(await exited, err).toBe(0);
    expect(err).not.toMatch(/database is locked|SQLITE_BUSY/);
    const lib = openLibrary(dir);
    try {
      expect((lib.db.prepare("SELECT count(*) AS n FROM unit WHERE tier = 'household'").get() as { n: number }).n).toBe(30);
      expect(lib.db.prepare("SELECT status FROM job WHERE kind = 'roster.import'").get()).toEqual({ status: 'done' });
    } finally {
      lib.close();
    }
    expect(out).toMatch(/30/);
  });
});
