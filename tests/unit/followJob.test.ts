// A job screen must learn that its job ended even when the end was announced while the browser's event stream was
// down or not yet open (a small backup can end before the stream connects): the stream's reopening makes the
// follower read the job again.
import { describe, expect, it, vi } from 'vitest';
import type { JobState } from '../../shared/domain';

type Listener = (event: { type: string; job?: JobState }) => void;
const listeners = new Set<Listener>();
let current: JobState;

vi.mock('../../renderer/src/api/client', () => ({
  api: vi.fn(async (method: string) => {
    if (method !== 'job.get') throw new Error(`unexpected ${method}`);
    return structuredClone(current);
  }),
  subscribe: (listener: Listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
}));

const { followJob } = await import('../../renderer/src/api/followJob');

function job(status: JobState['status']): JobState {
  return {
    id: 'j1',
    kind: 'library.backup',
    status,
    phase: status === 'running' ? '写入' : '完成',
    done: 0,
    total: 0,
    startedAt: 0,
    etaSeconds: null,
    result: status === 'done' ? { path: '/media/u/dangka-backup' } : null,
    error: null,
    finishedAt: status === 'running' ? null : 1,
    unitId: null,
    actor: '管理员',
    attempts: 1,
    resultSha256: null,
  };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('following a job', () => {
  it('ends with the result when the end was missed and the event stream then reopens', async () => {
    current = job('running');
    const ended: JobState[] = [];
    const stop = followJob('j1', { onRunning: () => undefined, onEnd: (s) => ended.push(s), onError: (e) => ended.push(e as JobState) });
    await flush();
    expect(ended).toHaveLength(0);
    // The job ends; its event is lost (no listener heard it). Then the stream opens.
    current = job('done');
    for (const l of [...listeners]) l({ type: 'reopened' });
    await flush();
    expect(ended).toHaveLength(1);
    expect(ended[0]!.status).toBe('done');
    expect(ended[0]!.result).toEqual({ path: '/media/u/dangka-backup' });
    // Once ended it stays ended: a later reopening reports nothing again.
    for (const l of [...listeners]) l({ type: 'reopened' });
    await flush();
    expect(ended).toHaveLength(1);
    stop();
  });

  it('stays quiet after the screen stopped following', async () => {
    current = job('running');
    const ended: JobState[] = [];
    const stop = followJob('j1', { onRunning: () => undefined, onEnd: (s) => ended.push(s), onError: () => undefined });
    await flush();
    stop();
    current = job('done');
    for (const l of [...listeners]) l({ type: 'reopened' });
    await flush();
    expect(ended).toHaveLength(0);
  });
});
