// The 任务 list: the jobs of this library (running, done, failed — also those cut off by a crash) and the files
// they made, fetched by the hash their row keeps.
import { z } from 'zod';
import { method } from '../contract';
import type { DownloadedFile, JobState } from '../domain';

export const jobMethods = {
  /** The most recent jobs first; of each result only the name of the file it made (job.get has the whole). */
  'job.list': method<JobState[]>()(z.object({ limit: z.number().int().min(1).max(500).default(100) })),
  /** The file a finished job made (a print's PDF), read from the library's file store by its hash. */
  'job.resultFile': method<DownloadedFile>()(z.object({ jobId: z.string().max(64) })),
} as const;
