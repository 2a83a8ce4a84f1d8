// 任务: the library's recent jobs — what ran, who started it, how far it came, how it ended (the engine's Chinese
// reason when it failed, also for a job cut off when the program stopped), and the file it made to save again.
// Opened from the header, where the button counts the jobs running; both follow the engine's job events.
import { UnorderedListOutlined } from '@ant-design/icons';
import { Badge, Button, Drawer, Empty, Progress, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { JobState, JobStatus } from '../../../shared/domain';
import { api, subscribe } from '../api/client';
import { useShowError } from '../api/errors';
import { formatEta, formatSize } from '../pack/format';
import { saveJobFile } from './saveJobFile';

const KIND_LABEL: Record<string, string> = {
  'roster.import': '导入花名册',
  ingest: '导入扫描件',
  ocr: '文字识别',
  'forms.import': '从Excel导入表单',
  'check.all': '全面检查',
  print: '打印',
  pack: '导出验收数据包',
  'pack.verify': '校验数据包',
  'pack.import': '导入验收数据包',
  'pack.importPlan': '预览数据包导入',
  'library.backup': '备份档案库',
  'library.fixity': '四性检测',
  'backup.restore': '恢复档案库',
  'search.rebuild': '重建检索索引',
};

const STATUS_TAG: Record<JobStatus, { color: string; label: string }> = {
  running: { color: 'processing', label: '进行中' },
  done: { color: 'success', label: '已完成' },
  failed: { color: 'error', label: '失败' },
  cancelled: { color: 'default', label: '已取消' },
};

/** Job events come with every step of progress: the list is read again at most this often. */
const RELOAD_MS = 1000;

function useJobList(open: boolean): { jobs: JobState[] | null; running: number } {
  const [jobs, setJobs] = useState<JobState[] | null>(null);
  const load = useCallback(() => {
    api('job.list', { limit: 100 }).then(setJobs, () => undefined);
  }, []);
  useEffect(() => {
    load();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const stop = subscribe((event) => {
      if (event.type === 'reopened') return load();
      if (event.type !== 'job') return;
      // An ended job (or a new one) at once; progress of the open list at most once a RELOAD_MS.
      const ended = event.job.status !== 'running';
      if (ended) load();
      else if (open && !timer) {
        timer = setTimeout(() => {
          timer = null;
          load();
        }, RELOAD_MS);
      } else if (!open) setJobs((list) => (list && !list.some((j) => j.id === event.job.id) ? [event.job, ...list] : list));
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [load, open]);
  return { jobs, running: jobs?.filter((j) => j.status === 'running').length ?? 0 };
}

export function JobsButton() {
  const [open, setOpen] = useState(false);
  const { jobs, running } = useJobList(open);
  return (
    <>
      <Badge count={running} size="small" offset={[-4, 4]} title={`${running} 个任务进行中`}>
        <Button icon={<UnorderedListOutlined />} onClick={() => setOpen(true)} data-testid="open-jobs">
          任务
        </Button>
      </Badge>
      <Drawer title="任务" open={open} onClose={() => setOpen(false)} size="large" data-testid="jobs-drawer">
        <JobTable jobs={jobs} />
      </Drawer>
    </>
  );
}

function JobTable({ jobs }: { jobs: JobState[] | null }) {
  const showError = useShowError();
  const save = async (job: JobState) => {
    try {
      await saveJobFile(job.id);
    } catch (err) {
      showError(err);
    }
  };
  if (jobs && jobs.length === 0) return <Empty description="还没有任务：导入、打印、导出数据包等较长的工作会列在这里" />;
  return (
    <Table<JobState>
      size="small"
      rowKey="id"
      loading={jobs === null}
      dataSource={jobs ?? []}
      pagination={false}
      data-testid="jobs-table"
      columns={[
        {
          title: '任务',
          key: 'kind',
          width: 150,
          render: (_, j) => (
            <>
              <Typography.Text strong>{KIND_LABEL[j.kind] ?? j.kind}</Typography.Text>
              <br />
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {new Date(j.startedAt).toLocaleString('zh-CN', { hour12: false })}
              </Typography.Text>
            </>
          ),
        },
        {
          title: '状态',
          key: 'status',
          width: 80,
          render: (_, j) => <Tag color={STATUS_TAG[j.status].color}>{STATUS_TAG[j.status].label}</Tag>,
        },
        { title: '进度', key: 'progress', render: (_, j) => <JobProgress job={j} /> },
        { title: '发起人', dataIndex: 'actor', width: 170 },
        {
          title: '结果',
          key: 'result',
          width: 90,
          render: (_, j) =>
            j.status === 'done' && j.resultSha256 ? (
              <Button size="small" type="link" onClick={() => void save(j)} data-testid="job-result-save">
                保存文件
              </Button>
            ) : null,
        },
      ]}
    />
  );
}

function JobProgress({ job }: { job: JobState }) {
  const amount = job.total > 0 ? (job.unit === 'bytes' ? `${formatSize(job.done)} / ${formatSize(job.total)}` : `${job.done} / ${job.total}`) : '';
  if (job.status === 'running') {
    const eta = formatEta(job.etaSeconds);
    return (
      <>
        <Typography.Text>
          {job.phase} {amount}
          {eta ? `，${eta}` : ''}
        </Typography.Text>
        <Progress size="small" percent={job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0} status="active" />
      </>
    );
  }
  if (job.error) {
    return (
      <Typography.Text type={job.status === 'failed' ? 'danger' : 'secondary'} data-testid="job-error">
        {job.error.message}
        {job.status === 'failed' ? `（停在：${job.phase}${amount ? ` ${amount}` : ''}）` : ''}
      </Typography.Text>
    );
  }
  // Done: what it made, when it made a file (the last progress report may stop short of the end).
  const fileName = (job.result as { fileName?: unknown } | null)?.fileName;
  return <Typography.Text type="secondary">{typeof fileName === 'string' ? fileName : ''}</Typography.Text>;
}
