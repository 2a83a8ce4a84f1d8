// A running package job: its phase, a bar, how much is done (MB when the job counts bytes), the time left, 取消.
import { Button, Progress, Spin, Typography } from 'antd';
import type { JobState } from '../../../shared/domain';
import { formatEta, formatSize } from './format';

export function PackProgress({
  job,
  cancelling,
  onCancel,
  testId,
  cancelTestId,
  note,
  bytesVerb = '已处理',
}: {
  job: JobState<unknown> | null;
  cancelling: boolean;
  onCancel(): void;
  testId: string;
  cancelTestId: string;
  /** What a cancel keeps or undoes, in a sentence. */
  note: string;
  /** Before the MB counts: 已写入, 已校验. */
  bytesVerb?: string;
}) {
  const phase = job?.phase ?? '准备';
  const done = job?.done ?? 0;
  const total = job?.total ?? 0;
  const bytes = job?.unit === 'bytes';
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  const amount = total > 0 ? (bytes ? `${formatSize(done)} / ${formatSize(total)}` : `${done} / ${total}`) : null;
  const eta = formatEta(job?.etaSeconds);
  return (
    <div data-testid={testId} style={{ padding: '16px 20px', background: '#f6f8fb', border: '1px solid #e3e8ef', borderRadius: 6 }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 16, marginBottom: 8 }}>
        <span style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
          <Spin size="small" />
          <Typography.Text strong ellipsis style={{ fontSize: 15 }} data-testid={`${testId}-phase`}>
            {cancelling ? '正在取消…' : `${phase}…`}
          </Typography.Text>
        </span>
        <span style={{ display: 'flex', alignItems: 'center', gap: 16, flexShrink: 0 }}>
          {amount ? (
            <Typography.Text data-testid={`${testId}-amount`}>
              {bytes ? `${bytesVerb} ` : ''}
              {amount}
            </Typography.Text>
          ) : null}
          {eta ? <Typography.Text type="secondary">{eta}</Typography.Text> : null}
          <Button danger onClick={onCancel} disabled={cancelling || !job} data-testid={cancelTestId}>
            取消
          </Button>
        </span>
      </div>
      <Progress percent={percent} status={cancelling ? 'exception' : 'active'} />
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {note}
      </Typography.Text>
    </div>
  );
}
