// What an import did, file by file: 已导入 (with its pages and a link to the viewer), 已导入过, 失败 with the
// Chinese reason, 未导入 (cancelled). Failures never hide the files that went in.
import { Alert, Table, Tag, Typography } from 'antd';
import type { IngestFileResult } from '../../../shared/domain';
import { useIngest } from '../stores/ingest';
import { useRoute } from '../stores/route';

const STATUS: Record<IngestFileResult['status'], { label: string; color: string }> = {
  imported: { label: '已导入', color: 'green' },
  duplicate: { label: '已导入过', color: 'blue' },
  failed: { label: '失败', color: 'red' },
  cancelled: { label: '未导入', color: 'default' },
};

/** The engine's message names the file (the CLI needs that); the row already does. */
function reason(f: IngestFileResult): string | null {
  if (!f.message) return null;
  const prefix = `${f.fileName}：`;
  return f.message.startsWith(prefix) ? f.message.slice(prefix.length) : f.message;
}

export function IngestResultTable() {
  const job = useIngest((s) => s.job);
  const go = useRoute((s) => s.go);
  if (!job || job.status === 'running') return null;
  if (!job.result) return <Alert type="error" showIcon message={job.error?.message ?? '导入失败'} data-testid="ingest-error" />;
  const r = job.result;
  const count = (status: IngestFileResult['status']) => r.files.filter((f) => f.status === status).length;
  const imported = count('imported');
  const failed = count('failed');
  const duplicate = count('duplicate');
  const notImported = count('cancelled');
  const summary = [
    `${job.status === 'cancelled' ? '已取消：' : ''}共 ${r.files.length} 个文件，导入 ${imported} 个`,
    duplicate ? `${duplicate} 个已导入过` : null,
    failed ? `${failed} 个失败` : null,
    notImported ? `${notImported} 个未导入` : null,
  ]
    .filter(Boolean)
    .join('，');
  return (
    <div data-testid="ingest-result" style={{ marginTop: 12 }}>
      <Alert
        type={failed ? 'warning' : job.status === 'cancelled' || imported === 0 ? 'info' : 'success'}
        showIcon
        message={`${summary}；已识别文字 ${r.pagesOcred} 页${r.ocrFailed ? `，${r.ocrFailed} 页识别失败` : ''}`}
        style={{ marginBottom: 8 }}
      />
      <Table<IngestFileResult>
        size="small"
        rowKey={(f, i) => `${f.fileName}-${i}`}
        pagination={false}
        dataSource={r.files}
        columns={[
          { title: '文件', dataIndex: 'fileName', ellipsis: true },
          {
            title: '结果',
            dataIndex: 'status',
            width: 100,
            render: (s: IngestFileResult['status']) => (
              <Tag color={STATUS[s].color} data-testid="ingest-status">
                {STATUS[s].label}
              </Tag>
            ),
          },
          { title: '页数', dataIndex: 'pages', width: 70, render: (n: number) => (n ? n : '') },
          {
            title: '说明',
            key: 'message',
            render: (_, f) => {
              const why = reason(f);
              return why ? <Typography.Text type={f.status === 'failed' ? 'danger' : 'secondary'}>{why}</Typography.Text> : null;
            },
          },
          {
            title: '',
            width: 70,
            render: (_, f) =>
              f.documentId ? (
                <Typography.Link onClick={() => go({ page: 'document', id: f.documentId! })} data-testid="ingest-open">
                  查看
                </Typography.Link>
              ) : null,
          },
        ]}
      />
    </div>
  );
}
