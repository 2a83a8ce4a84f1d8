// 操作记录核对 (audit.verify): walks the audit trail's hash chain; a record changed or deleted outside Dangka is named.
import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Modal, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { AuditVerifyReport } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';

function useVerify() {
  const [report, setReport] = useState<AuditVerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const run = useCallback(async () => {
    setRunning(true);
    setError(null);
    try {
      setReport(await api('audit.verify', {}));
    } catch (err) {
      setReport(null);
      setError(errorMessage(err));
    } finally {
      setRunning(false);
    }
  }, []);
  return { report, error, running, run };
}

function VerifyResult({ report, error, running }: { report: AuditVerifyReport | null; error: string | null; running: boolean }) {
  if (running && !report) return <Spin description="正在核对…"><div style={{ height: 48 }} /></Spin>;
  if (error) return <Alert type="error" showIcon title={error} />;
  if (!report) return null;
  if (report.ok) {
    return (
      <div style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#237804', fontSize: 15 }} data-testid="audit-verify-result">
        <CheckCircleFilled style={{ fontSize: 22, color: '#52c41a' }} />
        <span>
          操作记录完整：共 {report.records.toLocaleString('zh-CN')} 条
          <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 13 }}>
            哈希链核对无误，没有记录在档卡之外被改动或删除
          </Typography.Text>
        </span>
      </div>
    );
  }
  return (
    <div data-testid="audit-verify-result">
      <div style={{ display: 'flex', alignItems: 'center', gap: 10, color: '#a8071a', fontSize: 15, marginBottom: 8 }}>
        <CloseCircleFilled style={{ fontSize: 22, color: '#f5222d' }} />
        <span>
          操作记录有 {report.problems.length} 处问题（共 {report.records.toLocaleString('zh-CN')} 条）
        </span>
      </div>
      <ul style={{ margin: 0, paddingLeft: 40, color: '#a8071a', lineHeight: 1.9 }}>
        {report.problems.map((p) => (
          <li key={`${p.id}-${p.message}`}>{p.message}</li>
        ))}
      </ul>
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        这些记录在档卡之外被改动或删除过。请把档案库文件夹复制一份留底，并报告管理员或技术支持。
      </Typography.Paragraph>
    </div>
  );
}

/** The card on the 用户管理 page. */
export function AuditVerifyCard() {
  const { report, error, running, run } = useVerify();
  return (
    <Card
      size="small"
      title="操作记录核对"
      data-testid="audit-verify"
      extra={
        <Button icon={<SafetyCertificateOutlined />} loading={running} onClick={() => void run()} data-testid="audit-verify-run">
          {report ? '重新核对' : '开始核对'}
        </Button>
      }
    >
      {report || error || running ? (
        <VerifyResult report={report} error={error} running={running} />
      ) : (
        <Typography.Text type="secondary">核对全部操作记录的哈希链：找出在档卡之外被改动或删除的记录。</Typography.Text>
      )}
    </Card>
  );
}

/** From the header's menu: runs at once. */
export function AuditVerifyModal({ onClose }: { onClose(): void }) {
  const { report, error, running, run } = useVerify();
  useEffect(() => {
    void run();
  }, [run]);
  return (
    <Modal open title="操作记录核对" onCancel={onClose} footer={<Button onClick={onClose}>关闭</Button>} width={560}>
      <div style={{ minHeight: 60, paddingTop: 8 }}>
        <VerifyResult report={report} error={error} running={running} />
      </div>
    </Modal>
  );
}
