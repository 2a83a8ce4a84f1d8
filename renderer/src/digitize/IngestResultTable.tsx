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

export function IngestResultTable() {
  const job = useIngest((s) => s.job);
  const go = useRoute((s) => s.go);
  if (!job || job.status === 'running') return null;
  if (!job.result) return <Alert type="error" showIcon message={job.error?.message ?? '导入失败'} data-testid="ingest-error" />;
  const r = job.result;
  const imported = r.files.filter((f) => f.status === 'imported').length;
  const failed = r.files.filter((f) => f.status === 'failed').length;
  return (
    <div data-testid="ingest-result" style={{ marginTop: 12 }}>
      <Alert
        type={failed ? 'warning' : job.status === 'cancelled' ? 'info' : 'success'}
        showIcon
        message={`${job.status === 'cancelled' ? '已取消：' : ''}共 ${r.files.length} 个文件，导入 ${imported} 个${failed ? `，${failed} 个失败` : ''}；已识别文字 ${r.pagesOcred} 页${r.ocrFailed ? `，${r.ocrFailed} 页识别失败` : ''}`}
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
          { title: '说明', dataIndex: 'message', render: (m: string | null) => (m ? <Typography.Text type="secondary">{m}</Typography.Text> : null) },
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
