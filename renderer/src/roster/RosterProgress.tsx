// A running import: its phase (读取表格 / 检查 / 写入数据库), how far (count of total) and about how long is left.
import { Progress, Spin, Typography } from 'antd';
import { formatEta } from '../util/files';
import type { RosterJob } from '../stores/rosterImport';

const UNIT: Record<string, string> = { 读取表格: '行', 检查: '行', 写入数据库: '户' };

export function RosterProgress({ job, cancelling }: { job: RosterJob; cancelling: boolean }) {
  const unit = UNIT[job.phase] ?? '';
  const percent = job.total > 0 ? Math.min(100, Math.floor((job.done / job.total) * 100)) : 0;
  const eta = formatEta(job.etaSeconds);
  const elapsed = Math.max(0, Math.round((Date.now() - job.startedAt) / 1000));
  let count = '';
  if (job.total > 0) count = `${job.done.toLocaleString('zh-CN')} / ${job.total.toLocaleString('zh-CN')} ${unit}`;
  else if (job.done > 0) count = `已读 ${job.done.toLocaleString('zh-CN')} ${unit}`;
  return (
    <div data-testid="roster-progress" style={{ padding: '24px 8px' }}>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <span style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
          <Spin size="small" />
          <Typography.Text strong data-testid="roster-phase">
            {cancelling ? '正在取消…' : `${job.phase}…`}
          </Typography.Text>
        </span>
        <Typography.Text type="secondary" data-testid="roster-count">
          {[count, eta ?? (elapsed > 0 ? `已用 ${elapsed} 秒` : null)].filter(Boolean).join('，')}
        </Typography.Text>
      </div>
      <Progress percent={percent} status={cancelling ? 'exception' : 'active'} showInfo={job.total > 0} />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0, fontSize: 12 }}>
        写入档案库是一次完成的：取消或出错时，档案库不会只导入一半。
      </Typography.Paragraph>
    </div>
  );
}
