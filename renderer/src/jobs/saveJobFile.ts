// Saving the file a job made (a print's PDF, a 四性检测 report), kept in the library by hash: job.resultFile, then the
// browser's or the app's download — the same from the 任务 list and from the page that started the job.
import { api } from '../api/client';
import { download } from '../util/files';

export async function saveJobFile(jobId: string): Promise<void> {
  const file = await api('job.resultFile', { jobId });
  download(`data:${file.mime};base64,${file.contentBase64}`, file.fileName);
}
