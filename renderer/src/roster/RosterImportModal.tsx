// 导入花名册: pick the national system's .xlsx/.csv, watch progress (count and ETA, cancel), then the summary
// or the row-by-row problem list. All-or-nothing unless 仅导入无误的户 is ticked.
import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Modal, Progress, Space, Table, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { JobState, RosterImportResult, RosterProblem } from '../../../shared/domain';
import { api } from '../api/client';
import { useLibrary } from '../stores/library';

function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(new Error('无法读取所选文件'));
    reader.readAsDataURL(file);
  });
}

function eta(seconds: number | null): string {
  if (seconds === null) return '';
  return seconds < 60 ? `，约剩 ${seconds} 秒` : `，约剩 ${Math.ceil(seconds / 60)} 分钟`;
}

export function RosterImportModal({ open, onClose }: { open: boolean; onClose(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [keepValid, setKeepValid] = useState(false);
  const [job, setJob] = useState<JobState | null>(null);
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);
  const changed = useLibrary((s) => s.changed);
  const { message } = App.useApp();

  const stopPolling = () => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  };
  useEffect(() => stopPolling, []);

  const reset = () => {
    stopPolling();
    setFile(null);
    setJob(null);
  };

  const start = async () => {
    if (!file) return;
    try {
      const { jobId } = await api('roster.importStart', { fileName: file.name, contentBase64: await readBase64(file), keepValid });
      timer.current = setInterval(() => {
        void api('job.get', { jobId }).then((state) => {
          setJob(state);
          if (state.status !== 'running') {
            stopPolling();
            if ((state.result as RosterImportResult | null)?.applied) changed();
          }
        });
      }, 300);
    } catch (err) {
      message.error((err as Error).message);
    }
  };

  const running = job?.status === 'running';
  const result = job?.status === 'done' ? (job.result as RosterImportResult) : null;
  return (
    <Modal
      open={open}
      title="导入花名册（国扶系统导出，每人一行）"
      width={860}
      onCancel={() => {
        if (!running) {
          reset();
          onClose();
        }
      }}
      footer={
        <Space>
          {running ? (
            <Button danger onClick={() => void api('job.cancel', { jobId: job.id })}>
              取消导入
            </Button>
          ) : null}
          {job && !running ? <Button onClick={reset}>再导入一个文件</Button> : null}
          {!job ? (
            <Button type="primary" disabled={!file} onClick={() => void start()} data-testid="roster-start">
              开始导入
            </Button>
          ) : null}
        </Space>
      }
      destroyOnHidden
    >
      {!job ? (
        <>
          <Upload.Dragger
            accept=".xlsx,.csv"
            maxCount={1}
            beforeUpload={(f) => {
              setFile(f);
              return false;
            }}
            onRemove={() => setFile(null)}
            fileList={file ? [{ uid: '1', name: file.name, status: 'done' }] : []}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p>点击或拖入花名册文件（.xlsx 或 .csv）</p>
            <Typography.Text type="secondary">按“户编号”分户；列的顺序不限。有任何错误时默认不导入任何数据。</Typography.Text>
          </Upload.Dragger>
          <Checkbox checked={keepValid} onChange={(e) => setKeepValid(e.target.checked)} style={{ marginTop: 12 }}>
            仅导入无误的户（有错误的户列出，不导入）
          </Checkbox>
        </>
      ) : null}
      {running ? (
        <div data-testid="roster-progress">
          <Typography.Text>
            {job.phase}
            {job.total > 0 ? ` ${job.done}/${job.total}${eta(job.etaSeconds)}` : job.done > 0 ? ` ${job.done} 行` : ''}
          </Typography.Text>
          <Progress percent={job.total > 0 ? Math.floor((job.done / job.total) * 100) : 0} status="active" />
        </div>
      ) : null}
      {job && (job.status === 'failed' || job.status === 'cancelled') ? (
        <Alert type={job.status === 'cancelled' ? 'info' : 'error'} showIcon message={job.error?.message ?? '导入失败'} />
      ) : null}
      {result ? <RosterResult result={result} /> : null}
    </Modal>
  );
}

function RosterResult({ result }: { result: RosterImportResult }) {
  const h = result.households;
  return (
    <div data-testid="roster-result">
      {result.applied ? (
        <Alert
          type={result.problems.length ? 'warning' : 'success'}
          showIcon
          message={`已导入：新建 ${h.created} 户，更新 ${h.updated} 户，共 ${result.persons} 人；新建乡镇 ${result.townshipsCreated} 个、村 ${result.villagesCreated} 个${h.skipped ? `；有错误的 ${h.skipped} 户未导入` : ''}`}
        />
      ) : (
        <Alert type="error" showIcon message="未导入任何数据：请改正下列问题后重新导入（或勾选“仅导入无误的户”）" />
      )}
      {result.problems.length ? (
        <Table<RosterProblem>
          data-testid="roster-problems"
          style={{ marginTop: 12 }}
          size="small"
          rowKey={(p, i) => `${p.row}-${p.column}-${i}`}
          dataSource={result.problems}
          pagination={{ pageSize: 10, showSizeChanger: false }}
          columns={[
            { title: '行', dataIndex: 'row', width: 70, render: (r: number | null) => r ?? '—' },
            { title: '列', dataIndex: 'column', width: 110, render: (c: string | null) => c ?? '—' },
            { title: '户编号', dataIndex: 'householdNo', width: 150, render: (c: string | null) => c ?? '—' },
            { title: '问题', dataIndex: 'message' },
          ]}
        />
      ) : null}
    </div>
  );
}
