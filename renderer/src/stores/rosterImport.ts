// The roster import (导入花名册): the picked file, the running job polled every ~300 ms through job.get, and its
// result. Lives outside the dialog so a poll in flight never writes into a closed component.
import { create } from 'zustand';
import type { JobState, RosterImportResult } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { followJob } from '../api/followJob';
import { readBase64 } from '../util/files';
import { useLibrary } from './library';
import { onLibraryReset } from './reset';

const POLL_MS = 300;

export type RosterJob = JobState<RosterImportResult>;

interface RosterImportState {
  open: boolean;
  file: File | null;
  keepValid: boolean;
  /** Reading the file and sending it, before there is a job. */
  starting: boolean;
  job: RosterJob | null;
  /** 取消 was pressed; the job stops at its next check. */
  cancelling: boolean;
  /** A problem outside the job (file unreadable, job lost): shown in the dialog. */
  error: string | null;
  show(): void;
  hide(): void;
  pick(file: File | null): void;
  setKeepValid(keepValid: boolean): void;
  start(): Promise<void>;
  cancel(): Promise<void>;
  /** Back to the file picker for another file. */
  again(): void;
  reset(): void;
}

let stopFollowing: (() => void) | null = null;
function stopPolling() {
  stopFollowing?.();
  stopFollowing = null;
}

const initial = { open: false, file: null, keepValid: false, starting: false, job: null, cancelling: false, error: null };

export const useRosterImport = create<RosterImportState>((set, get) => {
  const finish = (job: RosterJob) => {
    stopPolling();
    set({ job, cancelling: false });
    // Refresh the tree, the header counts and the page when anything was written.
    if (job.status === 'done' && job.result?.applied) void useLibrary.getState().changed();
  };

  const poll = (jobId: string) => {
    stopFollowing = followJob<RosterImportResult>(
      jobId,
      {
        onRunning: (job) => {
          if (job.kind !== 'roster.import') return set({ error: '任务类型不符，请重新导入' });
          set({ job });
        },
        onEnd: finish,
        onError: (err) => {
          stopPolling();
          set({ error: errorMessage(err) });
        },
      },
      POLL_MS,
    );
  };

  return {
    ...initial,
    show: () => set({ open: true }),
    hide: () => {
      // A running import keeps the dialog: it can be cancelled, not hidden.
      if (get().job?.status === 'running' || get().starting) return;
      stopPolling();
      set({ ...initial });
    },
    pick: (file) => set({ file, error: null }),
    setKeepValid: (keepValid) => set({ keepValid }),
    start: async () => {
      const { file, keepValid } = get();
      if (!file) return;
      set({ starting: true, error: null });
      try {
        const contentBase64 = await readBase64(file);
        const { jobId } = await api('roster.importStart', { fileName: file.name, contentBase64, keepValid });
        const now = Date.now();
        set({
          starting: false,
          job: { id: jobId, kind: 'roster.import', status: 'running', phase: '准备', done: 0, total: 0, startedAt: now, etaSeconds: null, result: null, error: null },
        });
        poll(jobId);
      } catch (err) {
        set({ starting: false, error: errorMessage(err) });
      }
    },
    cancel: async () => {
      const job = get().job;
      if (!job || job.status !== 'running') return;
      set({ cancelling: true });
      try {
        const state = await api('job.cancel', { jobId: job.id });
        // The job stops at its next check; polling reports the final state.
        if (state.status !== 'running') finish(state as RosterJob);
      } catch (err) {
        set({ cancelling: false, error: errorMessage(err) });
      }
    },
    again: () => {
      stopPolling();
      set({ file: null, job: null, error: null, starting: false, cancelling: false });
    },
    reset: () => {
      stopPolling();
      set({ ...initial });
    },
  };
});

onLibraryReset(() => useRosterImport.getState().reset());
