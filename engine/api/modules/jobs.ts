// The 任务 list and the files jobs made (shared/methods/jobs.ts).
import type { jobMethods } from '../../../shared/methods/jobs';
import { DangkaError } from '../../../shared/errors';
import { stmt } from '../../library/sql';
import type { HandlersOf } from './index';

export const jobHandlers: HandlersOf<keyof typeof jobMethods> = {
  // A roster import's result can list thousands of rows: the list carries only the name of a file a job made.
  'job.list': ({ jobs }, { limit }) =>
    jobs.list(limit).map((job) => {
      const fileName = (job.result as { fileName?: unknown } | null)?.fileName;
      return { ...job, result: typeof fileName === 'string' ? { fileName } : null };
    }),
  'job.resultFile': ({ lib, jobs }, { jobId }) => {
    const job = jobs.get(jobId);
    const fileName = (job.result as { fileName?: unknown } | null)?.fileName;
    if (job.status !== 'done' || !job.resultSha256 || typeof fileName !== 'string') throw new DangkaError('NOT_FOUND', '该任务没有生成文件');
    const blob = stmt(lib.db, 'SELECT mime FROM blob WHERE sha256 = ?').get(job.resultSha256) as { mime: string } | undefined;
    if (!blob || !lib.files.has(job.resultSha256)) throw new DangkaError('NOT_FOUND', '该任务生成的文件已不在档案库中，请重新生成');
    return { fileName, mime: blob.mime, contentBase64: lib.files.read(job.resultSha256).toString('base64') };
  },
};
