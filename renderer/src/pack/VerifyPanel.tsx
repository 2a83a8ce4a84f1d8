// 校验数据包: a bag's folder (an acceptance package or a backup) → its 四性检测 (DA/T 70, the same as `dangka verify`):
// RFC 8493 verification and every file opened, each property passed or its failures named; what the bag says about
// itself (bag-info.txt); and the report (PDF) the county files with the acceptance.
import { ImportOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { BagProblem } from '../../../shared/domain';
import { FOUR_PROPERTIES, type PackageVerifyReport } from '../../../shared/fixity';
import { api } from '../api/client';
import { FourPropertiesChecks, SaveReportButton } from '../fixity/FourPropertiesChecks';
import { PROBLEM_KIND } from './BagProblemsTable';
import { formatSize } from './format';
import { PackJobView } from './PackJobView';
import { useJob } from '../api/useJob';

/** A path handed over from another tab; seq tells one request from the next for the same path. */
export interface DirRequest {
  path: string;
  seq: number;
}

const INFO_FIELDS: { key: string; label: string; show?: (v: string) => string }[] = [
  { key: 'Source-Organization', label: '来源单位' },
  { key: 'External-Identifier', label: '档号' },
  { key: 'Bagging-Date', label: '打包日期' },
  {
    key: 'Bag-Count',
    label: '卷次',
    show: (v) => {
      const m = /^\s*(\d+)\s+of\s+(\d+)\s*$/i.exec(v);
      return m ? `第 ${m[1]} 卷，共 ${m[2]} 卷` : v;
    },
  },
  { key: 'Dangka-Personal-Data', label: '个人信息', show: (v) => (v === 'masked' ? '已隐藏身份证号与电话（仅供浏览，不能导入）' : '完整') },
];

export function VerifyPanel({ request, onImport }: { request: DirRequest | null; onImport(path: string): void }) {
  const [dir, setDir] = useState('');
  const verify = useJob<PackageVerifyReport>();
  const { running } = verify;
  const begin = (path: string) => {
    const d = path.trim();
    if (!d) return;
    void verify.start(() => api('pack.verifyStart', { dir: d }));
  };
  // 校验 next to a bag just written: its path, checked at once.
  const handled = useRef(0);
  useEffect(() => {
    if (!request || handled.current === request.seq) return;
    handled.current = request.seq;
    setDir(request.path);
    begin(request.path);
  }, [request]); // begin only uses verify.start, which never changes

  return (
    <Card title="校验数据包">
      <Typography.Paragraph type="secondary">
        按 DA/T 70 做四性检测：逐个核对每个文件的校验值（真实性、完整性），逐个打开文件（可用性），检查有无程序、脚本、链接或包外路径（安全性）；问题逐项列出，检测报告（PDF）可随验收材料归档。交出U盘前、收到U盘后都可以检测一次，备份也可以。
      </Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ flex: '120px' }} colon={false} disabled={running} onFinish={() => begin(dir)}>
        <Form.Item label="数据包文件夹" required style={{ marginBottom: 0 }}>
          <div style={{ display: 'flex', gap: 12 }}>
            <Input
              style={{ maxWidth: 640 }}
              placeholder="数据包文件夹的完整路径（含 bagit.txt 的那一层），如 E:\520102-20240501"
              value={dir}
              onChange={(e) => setDir(e.target.value)}
              onPressEnter={() => begin(dir)}
              allowClear
              data-testid="pack-verify-dir"
            />
            <Button type="primary" icon={<SafetyCertificateOutlined />} disabled={!dir.trim() || running} loading={verify.starting} onClick={() => begin(dir)} data-testid="pack-verify-start">
              校验
            </Button>
          </div>
        </Form.Item>
      </Form>
      <PackJobView packJob={verify} testId="pack-verify" bytesVerb="已校验" note="校验只读取数据包，不做任何改动。" failedTitle="没有校验完" cancelledTitle="已取消">
        {(report) => <VerifyResultView report={report} jobId={verify.job!.id} onImport={onImport} />}
      </PackJobView>
    </Card>
  );
}

/** "缺少 2 个、已改动 1 个" */
export function problemCounts(problems: readonly BagProblem[]): string {
  const counts = new Map<BagProblem['kind'], number>();
  for (const p of problems) counts.set(p.kind, (counts.get(p.kind) ?? 0) + 1);
  return [...counts].map(([kind, n]) => `${PROBLEM_KIND[kind].label} ${n} 处`).join('、');
}

function VerifyResultView({ report, jobId, onImport }: { report: PackageVerifyReport; jobId: string; onImport(path: string): void }) {
  const info = INFO_FIELDS.filter((f) => report.info[f.key] !== undefined);
  const failed = FOUR_PROPERTIES.filter((p) => report.checks.some((c) => c.property === p && !c.passed));
  const size = `${report.files.toLocaleString('zh-CN')} 个文件，${formatSize(report.bytes)}`;
  const path = <Typography.Text type="secondary">{report.path}</Typography.Text>;
  const save = <SaveReportButton jobId={jobId} testId="pack-verify-report-pdf" />;
  return (
    <div style={{ marginTop: 16, display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="pack-verify-result">
      {report.ok ? (
        <Alert type="success" showIcon title={`四性检测全部通过：数据包完整，所有文件校验通过（${size}）`} description={path} action={save} data-testid="pack-verify-ok" />
      ) : report.admissible ? (
        // Only 可用性 failed: the records are authentic, complete and safe, but some cannot be opened.
        <Alert
          type="warning"
          showIcon
          title={`四性检测：可用性有问题（${size}）`}
          description={
            <>
              <div>{path}</div>
              真实性、完整性、安全性通过，可以导入；下列文件打不开，导入后也打不开，请让对方重新扫描或导出。
            </>
          }
          action={save}
          data-testid="pack-verify-unusable"
        />
      ) : (
        <Alert
          type="error"
          showIcon
          title={`数据包有问题，四性检测不通过：${failed.join('、')}（${size}）`}
          description={
            <>
              <div>{path}</div>
              这个数据包不能导入。请回到导出的电脑重新写一份，不要手工修改数据包里的文件。
            </>
          }
          action={save}
          data-testid="pack-verify-bad"
        />
      )}
      <FourPropertiesChecks checks={report.checks} testId="pack-verify" />
      {info.length ? (
        <Descriptions
          bordered
          size="small"
          column={2}
          title={<Typography.Text style={{ fontSize: 14 }}>数据包说明（bag-info.txt）</Typography.Text>}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={info.map((f) => ({ key: f.key, label: f.label, children: f.show ? f.show(report.info[f.key]!) : report.info[f.key] }))}
          data-testid="pack-verify-info"
        />
      ) : null}
      {report.backup ? (
        <Typography.Text type="secondary">这是档案库备份，不是验收数据包：需要时在“用户管理 → 恢复备份”中恢复到新文件夹。</Typography.Text>
      ) : report.admissible && report.info['Dangka-Personal-Data'] !== 'masked' ? (
        <div>
          <Button icon={<ImportOutlined />} onClick={() => onImport(report.path)} data-testid="pack-verify-to-import">
            导入这个数据包…
          </Button>
        </div>
      ) : null}
    </div>
  );
}
