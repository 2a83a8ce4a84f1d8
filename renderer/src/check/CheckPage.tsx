// 检查: a unit's completeness and open problems rolled up over everything below it, a bar per township, village
// or household to drill down, what the unit itself lacks, the problem ledger (整改 / 验收销号 / 新增问题), and the
// review stages 核查 → 复核 → 审核. From a problem, 查看 goes to the scan or the forms it names.
import { Alert, Button, Card, Empty, Progress, Segmented, Space, Statistic, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { TIER_LABEL, type CheckFigures, type Problem, type UnitRef } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useCan } from '../auth/auth';
import { PageState } from '../layout/PageState';
import { useRoute } from '../stores/route';
import { FormsImportButton } from './FormsImportButton';
import { LedgerExport } from './LedgerExport';
import { AcceptDialog, AddProblemDialog, RectifyDialog } from './ProblemDialogs';
import { ReviewPanel } from './ReviewPanel';

const SEVERITY = { error: { label: '错误', color: 'red' }, warning: { label: '提醒', color: 'orange' } } as const;

function percentColor(p: number | null): string {
  if (p === null) return '#9ca3af';
  return p >= 90 ? '#16a34a' : p >= 60 ? '#ca8a04' : '#dc2626';
}

export function CheckPage({ unitId }: { unitId: number | null }) {
  const roots = useApiQuery('catalog.children', { parentId: null });
  const id = unitId ?? roots.data?.[0]?.id ?? null;
  if (id === null) return roots.data?.length === 0 ? <Empty description="档案库中还没有单位：请先导入花名册" /> : <PageState query={roots} />;
  return <CheckOf unitId={id} />;
}

function CheckOf({ unitId }: { unitId: number }) {
  const summary = useApiQuery('check.summary', { unitId });
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('open');
  const problems = useApiQuery('problems.list', { unitId, status, limit: 200 });
  const [running, setRunning] = useState(false);
  const [dialog, setDialog] = useState<{ kind: 'rectify' | 'accept'; problem: Problem } | { kind: 'add' } | null>(null);
  const go = useRoute((s) => s.go);
  const open = useRoute((s) => s.open);
  const showError = useShowError();
  // 验收销号 is a reviewer's signature: clerks do not see it.
  const canAccept = useCan('problems.accept');
  const s = summary.data;
  if (!s) return <PageState query={summary} />;
  const local = s.unit.tier === 'village' || s.unit.tier === 'household';
  const rerun = async () => {
    setRunning(true);
    try {
      await api('check.run', local ? { unitId } : {});
      summary.reload();
      problems.reload();
    } catch (err) {
      showError(err);
    } finally {
      setRunning(false);
    }
  };
  const refresh = () => {
    summary.reload();
    problems.reload();
  };
  const showRef = (p: Problem) => {
    const doc = p.refs.find((r) => r.documentId !== undefined);
    if (doc?.documentId) go({ page: 'document', id: doc.documentId });
    else open(p.unit.tier, p.unit.id);
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="check-page">
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 24, flexWrap: 'wrap' }}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="check-title">
              {s.unit.name} 档案检查
            </Typography.Title>
            <Typography.Text type="secondary">
              {TIER_LABEL[s.unit.tier]} · {s.checkedAt ? `上次检查 ${new Date(s.checkedAt).toLocaleString('zh-CN')}` : '尚未检查'}
            </Typography.Text>
          </div>
          <Progress type="circle" size={72} percent={s.percent ?? 0} strokeColor={percentColor(s.percent)} format={() => (s.percent === null ? '—' : `${s.percent}%`)} />
          <Statistic title="完整（项）" value={`${s.present}/${s.required}`} />
          {s.description ? (
            <Statistic
              title="已著录（件）"
              value={`${s.description.documents - s.description.undescribed}/${s.description.documents}`}
              valueStyle={{ color: s.description.undescribed ? '#d97706' : undefined }}
              data-testid="check-described"
            />
          ) : null}
          <Statistic title="未整改错误" value={s.openErrors} valueStyle={{ color: s.openErrors ? '#dc2626' : undefined }} />
          <Statistic title="未整改提醒" value={s.openWarnings} />
          <Statistic title="逾期" value={s.overdue} valueStyle={{ color: s.overdue ? '#dc2626' : undefined }} />
          <Space style={{ marginLeft: 'auto' }}>
            {s.unit.tier !== 'household' ? <LedgerExport unitId={unitId} /> : null}
            <FormsImportButton onImported={refresh} />
            <Button onClick={() => open(s.unit.tier, s.unit.id)}>打开档案</Button>
            <Button type="primary" loading={running} onClick={() => void rerun()} data-testid="check-run">
              {local ? '重新检查本村' : '全面检查'}
            </Button>
          </Space>
        </div>
        {s.missing.length ? (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            message={`本级缺少 ${s.missing.length} 项`}
            description={s.missing.map((m) => m.slice(m.indexOf('/') + 1)).join('、')}
            data-testid="check-missing"
          />
        ) : null}
      </Card>

      {s.children.length ? (
        <Card size="small" title={`下级（${s.children.length}）`}>
          <Table<CheckFigures & { unit: UnitRef }>
            size="small"
            rowKey={(c) => c.unit.id}
            dataSource={s.children}
            pagination={s.children.length > 30 ? { pageSize: 30, showSizeChanger: false } : false}
            columns={[
              { title: '单位', render: (_, c) => <Typography.Link onClick={() => go({ page: 'check', id: c.unit.id })}>{c.unit.name}</Typography.Link>, width: 180 },
              {
                title: '完整率',
                render: (_, c) => <Progress percent={c.percent ?? 0} size="small" strokeColor={percentColor(c.percent)} format={() => (c.percent === null ? '—' : `${c.percent}%`)} />,
              },
              { title: '错误', width: 80, align: 'center', render: (_, c) => (c.openErrors ? <Tag color="red">{c.openErrors}</Tag> : 0) },
              { title: '提醒', width: 80, align: 'center', render: (_, c) => c.openWarnings },
              { title: '逾期', width: 80, align: 'center', render: (_, c) => (c.overdue ? <Tag color="red">{c.overdue}</Tag> : 0) },
            ]}
          />
        </Card>
      ) : null}

      <Card
        size="small"
        title="问题清单 / 整改台账"
        extra={
          <Space>
            <Segmented
              value={status}
              onChange={(v) => setStatus(v as typeof status)}
              options={[
                { value: 'open', label: '未整改' },
                { value: 'closed', label: '已销号' },
                { value: 'all', label: '全部' },
              ]}
              data-testid="problem-status"
            />
            <Button onClick={() => setDialog({ kind: 'add' })}>新增问题</Button>
          </Space>
        }
      >
        <Table<Problem>
          size="small"
          rowKey="id"
          loading={problems.loading}
          dataSource={problems.data?.problems ?? []}
          locale={{ emptyText: status === 'open' ? '没有未整改的问题' : '没有问题' }}
          pagination={false}
          onRow={() => ({ 'data-testid': 'problem-row' }) as never}
          columns={[
            { title: '', width: 70, render: (_, p) => <Tag color={SEVERITY[p.severity].color}>{SEVERITY[p.severity].label}</Tag> },
            { title: '位置', width: 200, render: (_, p) => <Typography.Text type="secondary">{p.pathLabel}</Typography.Text> },
            {
              title: '问题',
              render: (_, p) => (
                <div>
                  <div data-testid="problem-description">{p.description}</div>
                  {p.measure ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>整改：{p.measure}{p.responsiblePerson ? `（${p.responsibleUnit} ${p.responsiblePerson}）` : ''}</Typography.Text> : null}
                </div>
              ),
            },
            {
              title: '期限 / 状态',
              width: 170,
              render: (_, p) =>
                p.status === 'closed' ? (
                  <Tag color="green" data-testid="problem-closed">
                    已销号{p.closedHow === 'rule_passed' ? '（复查通过）' : `（${p.closedBy}验收）`}
                  </Tag>
                ) : (
                  <span>
                    {p.deadline ? <Typography.Text type={p.overdue ? 'danger' : undefined}>{p.deadline}{p.overdue ? ' 已逾期' : ''}</Typography.Text> : <Typography.Text type="secondary">未定期限</Typography.Text>}
                  </span>
                ),
            },
            {
              title: '',
              width: 170,
              render: (_, p) => (
                <Space size={8}>
                  <a onClick={() => showRef(p)}>查看</a>
                  {p.status === 'open' ? <a onClick={() => setDialog({ kind: 'rectify', problem: p })}>整改</a> : null}
                  {p.status === 'open' && canAccept ? <a onClick={() => setDialog({ kind: 'accept', problem: p })}>验收销号</a> : null}
                </Space>
              ),
            },
          ]}
        />
        {problems.data && problems.data.total > problems.data.problems.length ? (
          <Typography.Text type="secondary">共 {problems.data.total} 条，显示前 {problems.data.problems.length} 条；请到下级查看其余</Typography.Text>
        ) : null}
      </Card>

      <ReviewPanel unitId={unitId} />

      {dialog?.kind === 'rectify' ? <RectifyDialog problem={dialog.problem} onClose={() => setDialog(null)} onDone={refresh} /> : null}
      {dialog?.kind === 'accept' ? <AcceptDialog problem={dialog.problem} onClose={() => setDialog(null)} onDone={refresh} /> : null}
      {dialog?.kind === 'add' ? <AddProblemDialog unitId={unitId} onClose={() => setDialog(null)} onDone={refresh} /> : null}
    </div>
  );
}

