// Following a long job until it ends, from the engine's `job` events (no polling): each running state to onRunning,
// the final one — read once with job.get, which carries the result — to onEnd, a failed call to onError. The
// returned function stops following (a dialog closed, a library reset), so no answer arrives after its reader has
// gone. Every job screen follows its job through this, directly (stores) or through the useJob hook (components).
import type { JobState } from '../../../shared/domain';
import { api, subscribe } from './client';

export interface JobFollower<R> {
  onRunning(state: JobState<R>): void;
  onEnd(state: JobState<R>): void;
  onError(err: unknown): void;
}

export function followJob<R>(jobId: string, follower: JobFollower<R>): () => void {
  let stopped = false;
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    stopListening();
    api('job.get', { jobId }).then(
      (state) => {
        if (!stopped) follower.onEnd(state as JobState<R>);
      },
      (err: unknown) => {
        if (!stopped) follower.onError(err);
      },
    );
  };
  // The state now: the job may have moved (or ended) before the subscription was made, or while the stream was down.
  const readNow = () =>
    api('job.get', { jobId }).then(
      (state) => {
        if (stopped || ended) return;
        if (state.status === 'running') follower.onRunning(state as JobState<R>);
        else end();
      },
      (err: unknown) => {
        if (!stopped) follower.onError(err);
      },
    );
  const stopListening = subscribe((event) => {
    if (stopped) return;
    if (event.type === 'reopened') return void readNow();
    if (event.type !== 'job' || event.job.id !== jobId) return;
    if (event.job.status === 'running') follower.onRunning(event.job as JobState<R>);
    else end();
  });
  void readNow();
  return () => {
    stopped = true;
    stopListening();
  };
}
