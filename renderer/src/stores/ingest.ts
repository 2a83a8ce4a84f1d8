// 导入扫描件: the files the clerk dropped, sent one by one (ingest.upload), then the import job (ingest.start) followed
// until it ends. Lives outside the page so a late event never writes into a component that has gone, and an
// import keeps running (and showing) while the clerk looks elsewhere.
import { create } from 'zustand';
import type { IngestFileResult, IngestResult, JobState } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { followJob } from '../api/followJob';
import { readBase64 } from '../util/files';
import { onLibraryReset } from './reset';


export type IngestJob = JobState<IngestResult>;

export interface IngestTarget {
  unitId: number | null;
  item: string | null;
}

interface IngestState {
  /** Sending files: how many of how many are in the library's upload area. */
  uploading: { done: number; total: number; current: string } | null;
  job: IngestJob | null;
  cancelling: boolean;
  /** A problem outside the job (a file that cannot be read, the service gone). */
  error: string | null;
  start(files: readonly File[], target: IngestTarget): Promise<void>;
  cancel(): Promise<void>;
  reset(): void;
}

let stopFollowing: (() => void) | null = null;
let stopUpload = false;
function stopFollowingJob() {
  stopFollowing?.();
  stopFollowing = null;
}

const initial = { uploading: null, job: null, cancelling: false, error: null };

export const useIngest = create<IngestState>((set, get) => {
  const finish = (job: IngestJob) => {
    stopFollowingJob();
    set({ job, cancelling: false });
  };

  /** `withUnsent`: the job's result with the files that were never sent put back in their places. */
  const follow = (jobId: string, withUnsent: (result: IngestResult) => IngestResult) => {
    stopFollowing = followJob<IngestResult>(
      jobId,
      {
        // The first state replaces the upload's progress: no gap between the two.
        onRunning: (job) => set({ job, uploading: null }),
        onEnd: (job) => {
          set({ uploading: null });
          finish(job.result ? { ...job, result: withUnsent(job.result) } : job);
        },
        onError: (err) => {
          stopFollowingJob();
          set({ uploading: null, error: errorMessage(err) });
        },
      },
    );
  };

  return {
    ...initial,
    start: async (files, target) => {
      stopFollowingJob();
      stopUpload = false;
      set({ ...initial, uploading: { done: 0, total: files.length, current: files[0]?.name ?? '' } });
      try {
        // Per file: one that cannot be read or sent (too large, gone from the disk) fails alone, named with its
        // reason in its place among the results, and the rest are imported.
        const uploadIds: string[] = [];
        const unsent = new Map<number, IngestFileResult>();
        for (const [i, file] of files.entries()) {
          if (stopUpload) return set({ ...initial, error: '已取消，未导入任何文件' });
          set({ uploading: { done: i, total: files.length, current: file.name } });
          try {
            uploadIds.push((await api('ingest.upload', { fileName: file.name, contentBase64: await readBase64(file) })).uploadId);
          } catch (err) {
            unsent.set(i, { fileName: file.name, status: 'failed', documentId: null, pages: 0, message: errorMessage(err) });
          }
        }
        if (uploadIds.length === 0) return set({ ...initial, error: `没有导入任何文件：${[...unsent.values()].map((f) => `${f.fileName}：${f.message}`).join('；')}` });
        const { jobId } = await api('ingest.start', { uploadIds, unitId: target.unitId, item: target.item });
        follow(jobId, (result) => {
          const sent = [...result.files];
          return { ...result, files: files.map((_, i) => unsent.get(i) ?? sent.shift()!) };
        });
      } catch (err) {
        set({ uploading: null, error: errorMessage(err) });
      }
    },
    cancel: async () => {
      if (get().uploading) {
        stopUpload = true;
        return;
      }
      const job = get().job;
      if (!job || job.status !== 'running') return;
      set({ cancelling: true });
      try {
        await api('job.cancel', { jobId: job.id });
      } catch (err) {
        set({ cancelling: false, error: errorMessage(err) });
      }
    },
    reset: () => {
      stopFollowingJob();
      stopUpload = true;
      set({ ...initial });
    },
  };
});

onLibraryReset(() => useIngest.getState().reset());
