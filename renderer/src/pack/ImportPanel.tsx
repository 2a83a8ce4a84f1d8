// 导入数据包: a township's bag merged into this library in one transaction — verified first and refused whole on
// any problem; households the library already has with other data settled by the rule chosen. The clerk first sees
// a preview (what would be added, updated, left, and each conflict named) and nothing is written until 确认导入.
import { EyeOutlined, ImportOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Radio, Table, Tag, Typography } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { BagImportConflict, BagImportResult, BagProblem, ConflictRule } from '../../../shared/domain';
import type { FourPropertyCheck } from '../../../shared/fixity';
import type { BagImportPlan } from '../../../shared/importPlan';
import { FourPropertiesChecks } from '../fixity/FourPropertiesChecks';
import { FolderField } from '../layout/FolderField';
import { api } from '../api/client';
import { BagProblemsTable } from './BagProblemsTable';
import { PackJobView } from './PackJobView';
import { useJob } from '../api/useJob';
import { problemCounts, type DirRequest } from './VerifyPanel';

const RULES: { value: ConflictRule; label: string; hint: string }[] = [
  { value: 'newer', label: '较新的为准（推荐）', hint: '本库已有、信息又不同的户或村，保留最后修改的一方' },
  { value: 'package', label: '以数据包为准', hint: '本库已有、信息又不同的户或村，改成数据包里的信息' },
  { value: 'library', label: '保留本库数据', hint: '本库已有的户或村不改动；本库没有的户照常导入' },
];

export function ImportPanel({ request }: { request: DirRequest | null }) {
  const [dir, setDir] = useState('');
  const [rule, setRule] = useState<ConflictRule>('newer');
  const plan = useJob<BagImportPlan>();
  const imp = useJob<BagImportResult>();
  const running = imp.running || plan.running;
  // A plan belongs to the folder and rule it was made for: changing either asks for a new preview.
  const { reset: resetPlan } = plan;
  const planned = plan.job?.status === 'done' && plan.job.result?.ready ? plan.job.result : null;
  // 导入 under a verified bag: its path, for the clerk to choose the rule and start.
  const handled = useRef(0);
  useEffect(() => {
    if (!request || handled.current === request.seq) return;
    handled.current = request.seq;
    setDir(request.path);
    resetPlan();
  }, [request, resetPlan]);

  const preview = () => {
    const d = dir.trim();
    if (!d) return;
    imp.reset();
    void plan.start(() => api('pack.importPlanStart', { dir: d, onConflict: rule }));
  };
  const confirm = () => {
    const d = dir.trim();
    if (!d || !planned) return;
    plan.reset();
    // The tree, the header's counts and the page follow the change feed (stores/library.ts).
    void imp.start(() => api('pack.importStart', { dir: d, onConflict: rule }));
  };

  return (
    <Card title="导入数据包">
      <Typography.Paragraph type="secondary">
        把乡镇交来的验收数据包合并到本库。导入前先做四性检测（与“校验数据包”相同）：真实性、完整性、安全性有任何问题都不会导入，本库不做任何改动。扫描件只会增加，不会替换或删除本库已有的文件。
      </Typography.Paragraph>
      <Form layout="horizontal" labelCol={{ flex: '120px' }} colon={false} disabled={running}>
        <Form.Item label="数据包文件夹" required>
          <FolderField
            placeholder="数据包文件夹的完整路径（含 bagit.txt 的那一层），如 E:\520102-20240501"
            value={dir}
            onChange={(v) => {
              setDir(v);
              resetPlan();
            }}
            testId="pack-import-dir"
          />
        </Form.Item>
        <Form.Item label="两边不一致时">
          <Radio.Group value={rule} onChange={(e) => {
              setRule(e.target.value as ConflictRule);
              resetPlan();
            }} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="pack-import-rule">
            {RULES.map((r) => (
              <Radio key={r.value} value={r.value} data-testid={`pack-import-rule-${r.value}`}>
                <span style={{ display: 'inline-block', minWidth: 150 }}>{r.label}</span>
                <Typography.Text type="secondary" style={{ fontSize: 13 }}>
                  {r.hint}
                </Typography.Text>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label=" " style={{ marginBottom: 0 }}>
          <Button type={planned ? 'default' : 'primary'} size="large" icon={<EyeOutlined />} disabled={!dir.trim() || running} loading={plan.starting} onClick={preview} data-testid="pack-import-preview">
            检查并预览
          </Button>
          <Typography.Text type="secondary" style={{ marginLeft: 12 }}>
            先完整校验数据包并列出将要发生的改动，确认后才写入本库
          </Typography.Text>
        </Form.Item>
      </Form>
      <PackJobView packJob={plan} testId="pack-import-plan" bytesVerb="已校验" note="只校验和预演，本库不做任何改动。" failedTitle="无法预览" cancelledTitle="已取消，本库没有任何改动">
        {(result) =>
          result.ready ? (
            <ImportPlanView
              plan={result}
              actions={
                <div style={{ display: 'flex', gap: 12 }}>
                  <Button type="primary" size="large" icon={<ImportOutlined />} loading={imp.starting} onClick={confirm} data-testid="pack-import-start">
                    确认导入
                  </Button>
                  <Button size="large" onClick={() => plan.reset()} data-testid="pack-import-plan-dismiss">
                    取消
                  </Button>
                </div>
              }
            />
          ) : (
            <RefusedView problems={result.problems} checks={result.checks} testId="pack-import" />
          )
        }
      </PackJobView>
      <PackJobView packJob={imp} testId="pack-import" bytesVerb="已校验" note="数据包全部核对无误后才一次写入本库；取消或出错时本库不做任何改动。" failedTitle="没有导入" cancelledTitle="已取消，本库没有任何改动">
        {(result) => <ImportResultView result={result} />}
      </PackJobView>
    </Card>
  );
}

function ImportResultView({ result }: { result: BagImportResult }) {
  if (!result.applied) return <RefusedView problems={result.problems} testId="pack-import" />;
  return (
    <div style={{ marginTop: 16, display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="pack-import-result">
      <Alert type="success" showIcon title={`已导入${result.source ? `：${result.source}` : ''}`} data-testid="pack-import-ok" />
      <Descriptions
        bordered
        size="middle"
        column={3}
        styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'unitsCreated', label: '新建单位', children: <span data-testid="pack-import-units-created">{n(result.unitsCreated)}</span> },
          { key: 'unitsUpdated', label: '更新单位', children: <span data-testid="pack-import-units-updated">{n(result.unitsUpdated)}</span> },
          { key: 'forms', label: '表单', children: <span data-testid="pack-import-forms">{n(result.forms)}</span> },
          { key: 'documentsAdded', label: '新增文件', children: <span data-testid="pack-import-added">{n(result.documentsAdded)} 件</span> },
          { key: 'documentsSkipped', label: '已有文件跳过', children: <span data-testid="pack-import-skipped">{n(result.documentsSkipped)} 件</span> },
          {
            key: 'files',
            label: '存储',
            children: `新存 ${n(result.filesStored)} 个，已有 ${n(result.filesReused)} 个`,
          },
        ]}
      />
      {result.conflicts.length ? (
        <>
          <Typography.Text strong>两边信息不一致的户或村（{result.conflicts.length}）</Typography.Text>
          <ConflictsTable conflicts={result.conflicts} keptTitle="保留" testId="pack-import-conflicts" />
        </>
      ) : null}
    </div>
  );
}

const n = (v: number) => v.toLocaleString('zh-CN');

function RefusedView({ problems, checks, testId }: { problems: BagProblem[]; checks?: FourPropertyCheck[]; testId: string }) {
  return (
    <div style={{ marginTop: 16, display: 'flex', flexDirection: 'column', gap: 12 }} data-testid={`${testId}-result`}>
      <Alert
        type="error"
        showIcon
        title="未导入：数据包有问题，本库没有任何改动"
        description={problems.length ? `共 ${problems.length} 处：${problemCounts(problems)}。请让对方重新导出一份数据包。` : undefined}
        data-testid={`${testId}-refused`}
      />
      {problems.length ? <BagProblemsTable problems={problems} testId={`${testId}-problems`} /> : null}
      {checks ? <FourPropertiesView checks={checks} /> : null}
    </div>
  );
}

function ConflictsTable({ conflicts, keptTitle, testId }: { conflicts: BagImportConflict[]; keptTitle: string; testId: string }) {
  return (
    <Table<BagImportConflict>
      size="middle"
      bordered
      rowKey="archiveCode"
      dataSource={conflicts}
      pagination={conflicts.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      data-testid={testId}
      columns={[
        { title: '档号', dataIndex: 'archiveCode', width: 200 },
        { title: '名称', dataIndex: 'name', width: 200 },
        {
          title: keptTitle,
          dataIndex: 'kept',
          width: 120,
          render: (kept: BagImportConflict['kept']) => (kept === 'package' ? <Tag color="blue">数据包</Tag> : <Tag color="green">本库</Tag>),
        },
        { title: '原因', dataIndex: 'reason' },
      ]}
    />
  );
}

interface PlanRow {
  key: string;
  what: string;
  fresh: number;
  updated: number | null;
  unchanged: number;
}

/** The preview: per kind of thing, how many the merge adds, updates and leaves as they are; then each conflict. */
function ImportPlanView({ plan, actions }: { plan: BagImportPlan; actions: ReactNode }) {
  const rows: PlanRow[] = [
    { key: 'units', what: '县、乡镇、村', fresh: plan.unitsNew, updated: plan.unitsUpdated, unchanged: plan.unitsUnchanged },
    { key: 'households', what: '户', fresh: plan.householdsNew, updated: plan.householdsUpdated, unchanged: plan.householdsUnchanged },
    // Documents are only ever added: one the library has (same pages) is left as it is.
    { key: 'documents', what: '文件（件）', fresh: plan.documentsNew, updated: null, unchanged: plan.documentsUnchanged },
    { key: 'pages', what: '页', fresh: plan.pagesNew, updated: null, unchanged: plan.pagesUnchanged },
  ];
  const nothing = plan.unitsNew + plan.unitsUpdated + plan.householdsNew + plan.householdsUpdated + plan.documentsNew === 0;
  return (
    <div style={{ marginTop: 16, display: 'flex', flexDirection: 'column', gap: 12 }} data-testid="pack-import-plan">
      <Alert
        type={nothing ? 'info' : 'warning'}
        showIcon
        title={nothing ? `数据包校验无误，但本库已有其中全部内容：导入不会有任何改动${plan.source ? `（${plan.source}）` : ''}` : `数据包校验无误，请核对以下改动后确认导入${plan.source ? `（${plan.source}）` : ''}`}
        description="此时本库尚未做任何改动。点“确认导入”后一次写入；点“取消”则本库保持不变。"
        data-testid="pack-import-plan-summary"
      />
      <Table<PlanRow>
        size="middle"
        bordered
        pagination={false}
        dataSource={rows}
        data-testid="pack-import-plan-counts"
        columns={[
          { title: '', dataIndex: 'what', width: 160 },
          { title: '新增', dataIndex: 'fresh', render: (v: number, r) => <span data-testid={`pack-import-plan-${r.key}-new`}>{n(v)}</span> },
          { title: '更新', dataIndex: 'updated', render: (v: number | null, r) => (v === null ? <Typography.Text type="secondary">不替换已有文件</Typography.Text> : <span data-testid={`pack-import-plan-${r.key}-updated`}>{n(v)}</span>) },
          { title: '不变', dataIndex: 'unchanged', render: (v: number, r) => <span data-testid={`pack-import-plan-${r.key}-unchanged`}>{n(v)}</span> },
        ]}
      />
      <Typography.Text type="secondary">
        表单 {n(plan.forms)} 份将按数据包写入；存储新增 {n(plan.filesNew)} 个文件，{n(plan.filesStored)} 个本库已有。
      </Typography.Text>
      {plan.conflicts.length ? (
        <>
          <Typography.Text strong>两边信息不一致的户或村（{plan.conflicts.length}），按所选规则处理如下</Typography.Text>
          <ConflictsTable conflicts={plan.conflicts} keptTitle="将保留" testId="pack-import-plan-conflicts" />
        </>
      ) : (
        <Typography.Text type="secondary">两边信息一致，没有冲突。</Typography.Text>
      )}
      <FourPropertiesView checks={plan.checks} />
      {actions}
    </div>
  );
}

/** The package's 四性检测, run before the preview: the same checks and wording as 校验数据包. */
function FourPropertiesView({ checks }: { checks: FourPropertyCheck[] }) {
  const unusable = checks.filter((c) => c.property === '可用性' && !c.passed).reduce((n, c) => n + c.failures.length, 0);
  return (
    <div data-testid="pack-import-four">
      <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
        四性检测（真实性、完整性、可用性、安全性）
      </Typography.Text>
      {unusable && checks.every((c) => c.property === '可用性' || c.passed) ? (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 8 }}
          title={`有 ${unusable} 个文件打不开：仍可导入，但导入后也打不开，请让对方重新扫描或导出这些文件`}
          data-testid="pack-import-unusable"
        />
      ) : null}
      {/* A package that passed shows the four properties; the checks are listed when one failed. */}
      <FourPropertiesChecks checks={checks} testId="pack-import-four" table={checks.some((c) => !c.passed)} />
    </div>
  );
}
