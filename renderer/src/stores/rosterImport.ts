// The roster import (导入花名册): the picked file, the running job followed through the engine's events, and its
// result. Lives outside the dialog so a late event never writes into a closed component.
import { create } from 'zustand';
import type { JobState, RosterImportResult } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { followJob } from '../api/followJob';
import { readBase64 } from '../util/files';
import { onLibraryReset } from './reset';


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
function stopFollowingJob() {
  stopFollowing?.();
  stopFollowing = null;
}

const initial = { open: false, file: null, keepValid: false, starting: false, job: null, cancelling: false, error: null };

export const useRosterImport = create<RosterImportState>((set, get) => {
  const finish = (job: RosterJob) => {
    stopFollowingJob();
    // The tree, the header's counts and the page follow the change feed (stores/library.ts).
    set({ job, cancelling: false });
  };

  const follow = (jobId: string) => {
    stopFollowing = followJob<RosterImportResult>(
      jobId,
      {
        // The first state ends 'starting': the dialog goes from the file to the progress without a gap.
        onRunning: (job) => {
          if (job.kind !== 'roster.import') return set({ starting: false, error: '任务类型不符，请重新导入' });
          set({ job, starting: false });
        },
        onEnd: (job) => {
          set({ starting: false });
          finish(job);
        },
        onError: (err) => {
          stopFollowingJob();
          set({ starting: false, error: errorMessage(err) });
        },
      },
    );
  };

  return {
    ...initial,
    show: () => set({ open: true }),
    hide: () => {
      // A running import keeps the dialog: it can be cancelled, not hidden.
      if (get().job?.status === 'running' || get().starting) return;
      stopFollowingJob();
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
        follow(jobId);
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
        // The job stops at its next check; its last event brings the final state.
        if (state.status !== 'running') finish(state as RosterJob);
      } catch (err) {
        set({ cancelling: false, error: errorMessage(err) });
      }
    },
    again: () => {
      stopFollowingJob();
      set({ file: null, job: null, error: null, starting: false, cancelling: false });
    },
    reset: () => {
      stopFollowingJob();
      set({ ...initial });
    },
  };
});

onLibraryReset(() => useRosterImport.getState().reset());
