// The running or ended state of one package job (write, verify, import), the same on each tab: progress with 取消
// while it runs, then why it failed, that it was cancelled, or its result.
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { PackProgress } from './PackProgress';
import type { FollowedJob } from '../api/useJob';

export interface PackJobViewProps<R> {
  packJob: FollowedJob<R>;
  /** data-testid prefix: pack (write), pack-verify, pack-import. */
  testId: string;
  bytesVerb: string;
  /** What the clerk should know while it runs (what a cancel leaves). */
  note: string;
  /** Title of the failure alert, e.g. 没有写成. */
  failedTitle: string;
  cancelledTitle: string;
  children: (result: R) => ReactNode;
}

export function PackJobView<R>({ packJob, testId, bytesVerb, note, failedTitle, cancelledTitle, children }: PackJobViewProps<R>) {
  const { job, running } = packJob;
  return (
    <>
      {running ? (
        <div style={{ marginTop: 16 }}>
          <PackProgress
            job={job}
            cancelling={packJob.cancelling}
            onCancel={() => void packJob.cancel()}
            testId={`${testId}-progress`}
            cancelTestId={`${testId}-cancel`}
            bytesVerb={bytesVerb}
            note={note}
          />
        </div>
      ) : null}
      {packJob.error ? <Alert type="error" showIcon title={packJob.error} style={{ marginTop: 16 }} data-testid={`${testId}-error`} /> : null}
      {!running && job?.status === 'failed' ? (
        <Alert type="error" showIcon title={failedTitle} description={job.error?.message ?? failedTitle} style={{ marginTop: 16 }} data-testid={`${testId}-error`} />
      ) : null}
      {!running && job?.status === 'cancelled' ? (
        <Alert type="info" showIcon title={job.error?.message ?? cancelledTitle} style={{ marginTop: 16 }} data-testid={`${testId}-cancelled`} />
      ) : null}
      {!running && job?.status === 'done' && job.result ? children(job.result) : null}
    </>
  );
}
