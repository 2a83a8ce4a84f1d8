// Following a long job (job.get every few hundred ms) until it ends: each running state to onRunning, the final one
// to onEnd, a failed call to onError. The returned function stops following (a dialog closed, a library reset), so
// no answer arrives after its reader has gone.
import type { JobState } from '../../../shared/domain';
import { api } from './client';

export interface JobFollower<R> {
  onRunning(state: JobState<R>): void;
  onEnd(state: JobState<R>): void;
  onError(err: unknown): void;
}

export function followJob<R>(jobId: string, follower: JobFollower<R>, intervalMs = 300): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    timer = setTimeout(() => {
      api('job.get', { jobId }).then(
        (state) => {
          if (stopped) return;
          if (state.status === 'running') {
            follower.onRunning(state as JobState<R>);
            tick();
          } else follower.onEnd(state as JobState<R>);
        },
        (err: unknown) => {
          if (!stopped) follower.onError(err);
        },
      );
    }, intervalMs);
  };
  tick();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
