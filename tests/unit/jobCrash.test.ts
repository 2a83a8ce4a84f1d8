// kill -9 of the process running a job, then the library opened again: the job is in the 任务 list as failed, with
// the reason and how far it had come. The kill point is read from the job's own row (its phase is written the
// moment it changes), not from timing or output, so it lands mid-work on a busy machine too.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEngine, unwrap } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { INTERRUPTED_MESSAGE } from '../../engine/jobs/jobs';
import { DB_FILE, openLibrary } from '../../engine/library/library';
import { renderScan } from '../fixtures/scans';
import { tempDir } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'engine', 'cli', 'bin.ts');

interface JobRow {
  id: string;
  kind: string;
  status: string;
  phase: string;
  done: number;
  total: number;
}

describe('kill -9 during a job', () => {
  it('lists the cut-off import as failed with its reason after the library is opened again', { timeout: 90_000 }, async () => {
    const base = tempDir();
    const dir = join(base, 'library');
    const lib = openLibrary(dir, { create: true });
    const county = createUnit(fixtureWriter(lib.db), { parentId: null, tier: 'county', name: '示例县' });
    const town = createUnit(fixtureWriter(lib.db), { parentId: county.id, tier: 'township', name: '青山镇' });
    createUnit(fixtureWriter(lib.db), { parentId: town.id, tier: 'village', name: '桃园村' });
    lib.close();
    const files: string[] = [];
    for (let i = 0; i < 6; i++) {
      const file = join(base, `申请书${i + 1}.jpg`);
      writeFileSync(file, (await renderScan({ kind: 'application', seed: 900 + i, widthMm: 120, heightMm: 90, jpegQuality: 80 })).image);
      files.push(file);
    }

    const child = spawn(process.execPath, ['--import', 'tsx', BIN, 'ingest', ...files, '--unit', '示例县/青山镇/桃园村', '--library', dir], {
      cwd: root,
      env: { ...process.env, DANGKA_LIBRARY: '', TMPDIR: tempDir('dangka-crash-child-') },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    const probe = new Database(join(dir, DB_FILE), { readonly: true, timeout: 0 });
    let atKill: JobRow | undefined;
    try {
      // The kill point: the import's row says it is importing files (written at once when the phase starts) and
      // has not ended. Every few ms; no deadline but the test's own.
      for (;;) {
        try {
          atKill = probe.prepare("SELECT id, kind, status, phase, done, total FROM job WHERE kind = 'ingest'").get() as JobRow | undefined;
        } catch {
          atKill = undefined; // a write in progress: look again
        }
        if (atKill && (atKill.status !== 'running' || atKill.phase === '导入')) break;
        await sleep(5);
      }
      child.kill('SIGKILL');
    } finally {
      probe.close();
    }
    expect(await exited, 'the process died of the kill').toBe('SIGKILL');
    expect(atKill, 'the job was under way at the kill').toMatchObject({ status: 'running', phase: '导入', total: 6 });

    const engine = createEngine(openLibrary(dir));
    try {
      const listed = unwrap(await engine.call('job.list', {}));
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({
        id: atKill!.id,
        kind: 'ingest',
        status: 'failed',
        phase: '导入',
        total: 6,
        error: { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE },
        finishedAt: expect.any(Number),
      });
      expect(listed[0]!.done).toBeLessThan(6);
    } finally {
      engine.close();
    }
  });
});
