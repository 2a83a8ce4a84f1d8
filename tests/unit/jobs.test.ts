// Jobs as rows (migration 0070, engine/jobs/jobs.ts): a job's state lives in the library — its phase and progress,
// its end, its error, the file it made — so the 任务 list outlives the process; results are fetched by hash; a job
// whose process is gone is listed as failed with its reason when the library is opened again.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import type { JobState, PrintResult } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { createEngine, unwrap } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { INTERRUPTED_MESSAGE } from '../../engine/jobs/jobs';
import { openLibrary } from '../../engine/library/library';
import { tempDir } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

function library() {
  const dir = join(tempDir(), 'library');
  const engine = createEngine(openLibrary(dir, { create: true }));
  return { dir, engine };
}

describe('jobs as rows', () => {
  it('keeps a job’s phase, progress, end and result in its row, and tells listeners as it moves', async () => {
    const { dir, engine } = library();
    const events: JobState[] = [];
    engine.subscribe((e: EngineEvent) => e.type === 'job' && events.push(e.job));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const job = engine.jobs.start('test.count', async (ctx) => {
      ctx.progress('数数', 1, 3);
      await gate;
      ctx.progress('数数', 3, 3);
      return { counted: 3 };
    });
    await new Promise((resolve) => setImmediate(resolve));
    // Running: another connection (another process) reads its phase from the row.
    const row = () => engine.lib.db.prepare('SELECT status, phase, done, total, result, finished_at FROM job WHERE id = ?').get(job.id);
    expect(row()).toMatchObject({ status: 'running', phase: '数数', done: 1, total: 3, finished_at: null });
    release();
    const end = await engine.jobs.wait(job.id);
    // Started outside any call: signed by the system, as the audit trail signs such work.
    expect(end).toMatchObject({ status: 'done', result: { counted: 3 }, actor: '系统' });
    expect(row()).toMatchObject({ status: 'done', done: 3, result: JSON.stringify({ counted: 3 }) });
    expect(events.at(-1)).toMatchObject({ id: job.id, status: 'done' });
    expect(events.some((e) => e.status === 'running' && e.phase === '数数')).toBe(true);

    // Another process opening the library sees the same job, finished, with its result.
    engine.close();
    const again = createEngine(openLibrary(dir));
    try {
      expect(unwrap(await again.call('job.get', { jobId: job.id }))).toMatchObject({ status: 'done', result: { counted: 3 }, finishedAt: expect.any(Number) });
      expect(unwrap(await again.call('job.list', {}))[0]).toMatchObject({ id: job.id, kind: 'test.count' });
    } finally {
      again.close();
    }
  });

  it('lists a failed job with the engine’s Chinese message, and a cancelled one as cancelled', async () => {
    const { engine } = library();
    try {
      const failed = engine.jobs.start('test.fail', async () => {
        throw new DangkaError('FILE_UNREADABLE', '无法读取文件：花名册.xlsx');
      });
      expect(await engine.jobs.wait(failed.id)).toMatchObject({ status: 'failed', error: { code: 'FILE_UNREADABLE', message: '无法读取文件：花名册.xlsx' } });
      const long = engine.jobs.start('test.cancel', async (ctx) => {
        for (;;) {
          ctx.throwIfCancelled('已取消，未做任何修改');
          await ctx.yield();
        }
      });
      unwrap(await engine.call('job.cancel', { jobId: long.id }));
      expect(await engine.jobs.wait(long.id)).toMatchObject({ status: 'cancelled', error: { message: '已取消，未做任何修改' } });
      const listed = unwrap(await engine.call('job.list', {}));
      expect(listed.map((j) => [j.kind, j.status])).toEqual([
        ['test.cancel', 'cancelled'],
        ['test.fail', 'failed'],
      ]);
    } finally {
      engine.close();
    }
  });

  it('keeps a print’s PDF in the file store by hash, not in the job: fetched with job.resultFile, also after a reopen', async () => {
    const { dir, engine } = library();
    const county = createUnit(fixtureWriter(engine.lib.db), { parentId: null, tier: 'county', name: '示例县' });
    const town = createUnit(fixtureWriter(engine.lib.db), { parentId: county.id, tier: 'township', name: '青山镇' });
    const village = createUnit(fixtureWriter(engine.lib.db), { parentId: town.id, tier: 'village', name: '桃园村' });
    const { jobId } = unwrap(await engine.call('print.binder', { unitIds: [village.id], spineCm: 3 }));
    const state = await engine.jobs.wait(jobId);
    expect(state.status, state.error?.message).toBe('done');
    const result = state.result as PrintResult;
    expect(state.resultSha256).toBe(result.sha256);
    // Started by a call: signed by its caller (the console's user here).
    expect(state.actor).toMatch(/^命令行/);
    expect(state.unitId).toBe(village.id);
    expect(JSON.stringify(state.result)).not.toMatch(/JVBER/); // no base64 PDF in the job's state
    engine.close();

    const again = createEngine(openLibrary(dir));
    try {
      const file = unwrap(await again.call('job.resultFile', { jobId }));
      expect(file).toMatchObject({ fileName: '桃园村案卷封面与目录.pdf', mime: 'application/pdf' });
      const bytes = Buffer.from(file.contentBase64, 'base64');
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      expect(bytes.equals(again.lib.files.read(result.sha256))).toBe(true);
      // Pages cut from it come from the same stored file.
      expect(unwrap(await again.call('print.pdf', { jobId, from: 1, to: 1 })).fileName).toBe('桃园村案卷封面与目录（第1-1页）.pdf');
    } finally {
      again.close();
    }
  });

  it('fails, on open, the running jobs of a process that is gone — and leaves those of a live one running', async () => {
    const { dir, engine } = library();
    engine.close();
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(gone.stdout);
    const lib = openLibrary(dir);
    const host = (await import('node:os')).hostname();
    const insert = lib.db.prepare(
      "INSERT INTO job (id, kind, status, phase, done, total, started_at, actor, host) VALUES (?, ?, 'running', ?, 2, 9, ?, '张三（录入员）', ?)",
    );
    insert.run('cut-off', 'roster.import', '写入数据库', Date.now() - 60_000, `${host}|${deadPid}|x`);
    insert.run('ocr-cut-off', 'ocr', '文字识别', Date.now() - 50_000, `${host}|${deadPid}|y`);
    // The test runner's parent is alive: its job is someone else's work in progress.
    insert.run('elsewhere', 'pack', '复制文件', Date.now() - 40_000, `${host}|${process.ppid}|z`);
    lib.close();

    const reopened = createEngine(openLibrary(dir));
    try {
      const byId = new Map(unwrap(await reopened.call('job.list', {})).map((j) => [j.id, j]));
      expect(byId.get('cut-off')).toMatchObject({ status: 'failed', phase: '写入数据库', done: 2, total: 9, error: { code: 'INTERRUPTED', message: INTERRUPTED_MESSAGE } });
      expect(byId.get('cut-off')!.finishedAt).toEqual(expect.any(Number));
      expect(byId.get('ocr-cut-off')!.error!.message).toMatch(/^程序在任务进行中退出，任务未完成；尚未识别的页面会在下次启动时继续识别/);
      expect(byId.get('elsewhere')).toMatchObject({ status: 'running' });
      // Cancel belongs to the process running it.
      expect((await reopened.call('job.cancel', { jobId: 'elsewhere' })).ok).toBe(false);
    } finally {
      reopened.close();
    }
  });
});
