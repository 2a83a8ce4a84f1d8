// The one hook every job screen follows its job with (print, package write/verify/import, backup, forms import):
// started by a call that returns its id, followed through the engine's events until it ends (followJob.ts), and
// cancellable. Following stops when the screen closes, so no answer arrives after it has gone.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobState } from '../../../shared/domain';
import { api } from './client';
import { errorMessage } from './errors';
import { followJob } from './followJob';

export interface FollowedJob<R> {
  job: JobState<R> | null;
  /** The start or following failed (a Chinese sentence); the job's own failure is job.error. */
  error: string | null;
  starting: boolean;
  cancelling: boolean;
  running: boolean;
  start(call: () => Promise<{ jobId: string }>, onEnd?: (state: JobState<R>) => void): Promise<void>;
  cancel(): Promise<void>;
  reset(): void;
}

export function useJob<R>(): FollowedJob<R> {
  const [job, setJob] = useState<JobState<R> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [following, setFollowing] = useState(false);
  const stop = useRef<(() => void) | null>(null);
  useEffect(() => () => stop.current?.(), []);

  const start = useCallback(async (call: () => Promise<{ jobId: string }>, onEnd?: (state: JobState<R>) => void) => {
    stop.current?.();
    setError(null);
    setJob(null);
    setCancelling(false);
    setStarting(true);
    try {
      const { jobId } = await call();
      setFollowing(true);
      stop.current = followJob<R>(jobId, {
        onRunning: setJob,
        onEnd: (state) => {
          setJob(state);
          setFollowing(false);
          setCancelling(false);
          onEnd?.(state);
        },
        onError: (err) => {
          setError(errorMessage(err));
          setFollowing(false);
          setCancelling(false);
        },
      });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setStarting(false);
    }
  }, []);

  const cancel = useCallback(async () => {
    if (!job || job.status !== 'running') return;
    setCancelling(true);
    try {
      await api('job.cancel', { jobId: job.id });
    } catch (err) {
      setError(errorMessage(err));
      setCancelling(false);
    }
  }, [job]);

  const reset = useCallback(() => {
    stop.current?.();
    stop.current = null;
    setJob(null);
    setError(null);
    setFollowing(false);
    setCancelling(false);
  }, []);

  // Between the start call and the first state the job runs but is not yet known here.
  const running = starting || following;
  return { job, error, starting, cancelling, running, start, cancel, reset };
}
