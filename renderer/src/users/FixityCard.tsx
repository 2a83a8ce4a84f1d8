// 四性检测 of the library (administrators; DA/T 70 真实性、完整性、可用性、安全性): every stored file re-hashed against the
// database, its format and safety looked at, the audit trail's chain walked — with progress in bytes, an ETA and
// 取消 — then each check's result with the failures by name, and the PDF report an acceptance can file.
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Typography } from 'antd';
import type { FixityReport } from '../../../shared/fixity';
import { api } from '../api/client';
import { useJob } from '../api/useJob';
import { FourPropertiesChecks, SaveReportButton } from '../fixity/FourPropertiesChecks';
import { formatSize } from '../pack/format';
import { PackJobView } from '../pack/PackJobView';

export function FixityCard() {
  const fixity = useJob<FixityReport>();
  return (
    <Card title="四性检测" data-testid="fixity-card">
      <Typography.Paragraph type="secondary">
        按 DA/T 70 检测档案库的真实性、完整性、可用性、安全性：逐个重新计算全部文件的校验值并与数据库核对，识别文件格式，检查有无程序、脚本或链接，核对操作记录的哈希链。发现缺失或被改动的文件时，请从最近的备份找回；在此之前备份会被拒绝。
      </Typography.Paragraph>
      <Button
        type="primary"
        icon={<SafetyCertificateOutlined />}
        loading={fixity.starting}
        disabled={fixity.running}
        onClick={() => void fixity.start(() => api('library.fixityStart', {}))}
        data-testid="fixity-start"
      >
        开始检测
      </Button>
      <PackJobView
        packJob={fixity}
        testId="fixity"
        bytesVerb="已核对"
        note="只读取文件，不做任何修改；取消后可随时重新检测。"
        failedTitle="检测没有完成"
        cancelledTitle="已取消检测"
      >
        {(report) => (
          <div style={{ marginTop: 16 }}>
            <Alert
              type={report.ok ? 'success' : 'error'}
              showIcon
              data-testid="fixity-result"
              title={report.ok ? '四性检测全部通过' : `四性检测不通过：${report.checks.filter((c) => !c.passed).length} 项检测发现问题`}
              description={`已检测 ${report.files} 个文件（${formatSize(report.bytes)}）及操作记录。`}
              action={fixity.job ? <SaveReportButton jobId={fixity.job.id} testId="fixity-report-pdf" /> : null}
            />
            <div style={{ marginTop: 12 }}>
              <FourPropertiesChecks checks={report.checks} testId="fixity" />
            </div>
          </div>
        )}
      </PackJobView>
    </Card>
  );
}
