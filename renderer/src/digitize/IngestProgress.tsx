// A running import: sending the files (上传 3/20), then the job's phase (导入 = clean-up and storing per file,
// 整理页面 per page of a long PDF, 文字识别 per page), count, ETA, and 取消.
import { Button, Progress, Spin, Typography } from 'antd';
import { formatEta } from '../util/files';
import { useIngest } from '../stores/ingest';

/** The count's unit by phase: files, or the pages of one long file (整理页面（第2/5个文件）) and of OCR. */
function unitOf(phase: string): string {
  return phase.startsWith('整理页面') || phase === '文字识别' ? '页' : '个文件';
}

export function IngestProgress() {
  const { uploading, job, cancelling, cancel } = useIngest();
  let phase: string;
  let done: number;
  let total: number;
  let eta: string | null = null;
  if (uploading) {
    phase = `上传 ${uploading.current}`;
    done = uploading.done;
    total = uploading.total;
  } else if (job && job.status === 'running') {
    phase = job.phase;
    done = job.done;
    total = job.total;
    eta = formatEta(job.etaSeconds);
  } else return null;
  const percent = total > 0 ? Math.min(100, Math.floor((done / total) * 100)) : 0;
  return (
    <div data-testid="ingest-progress" style={{ padding: '12px 0' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 6, gap: 12 }}>
        <span style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
          <Spin size="small" />
          <Typography.Text strong ellipsis data-testid="ingest-phase">
            {cancelling ? '正在取消…' : `${phase}…`}
          </Typography.Text>
        </span>
        <span style={{ display: 'flex', alignItems: 'center', gap: 12, flexShrink: 0 }}>
          <Typography.Text type="secondary" data-testid="ingest-count">
            {[total > 0 ? `${done} / ${total} ${unitOf(phase)}` : null, eta].filter(Boolean).join('，')}
          </Typography.Text>
          <Button size="small" danger onClick={() => void cancel()} disabled={cancelling} data-testid="ingest-cancel">
            取消
          </Button>
        </span>
      </div>
      <Progress percent={percent} status={cancelling ? 'exception' : 'active'} />
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 0 }}>
        每个文件整个导入或不导入；取消后，已导入的文件保留，未识别完的页面稍后继续识别。
      </Typography.Paragraph>
    </div>
  );
}
