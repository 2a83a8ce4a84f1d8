// 检查: a unit's completeness and open problems rolled up over everything below it, a bar per township, village
// or household to drill down, what the unit itself lacks, the problem ledger (整改 → 整改完成 → 验收销号 or 退回整改,
// 新增问题), and the review stages 核查 → 复核 → 审核 of each review round; the ledger can be narrowed to one round.
// From a problem, 查看 goes to the scan or the forms it names.
import { Alert, Button, Card, Empty, Progress, Segmented, Select, Space, Statistic, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { PROBLEM_STAGE_LABEL, TIER_LABEL, type CheckFigures, type Problem, type UnitRef } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useCan } from '../auth/auth';
import { useJob } from '../api/useJob';
import { formatEta } from '../util/files';
import type { CheckRunResult } from '../../../shared/methods/checkJob';
import { PageState } from '../layout/PageState';
import { useRoute } from '../stores/route';
import { UnitBreadcrumb } from '../catalog/UnitBreadcrumb';
import { CountedUnitsDrawer, countedUnits } from './CountedUnits';
import { FormsImportButton } from './FormsImportButton';
import { LedgerExport } from './LedgerExport';
import { AcceptDialog, AddProblemDialog, RectifyDialog, ReturnDialog } from './ProblemDialogs';
import { ReviewPanel } from './ReviewPanel';

const SEVERITY = { error: { label: '错误', color: 'red' }, warning: { label: '提醒', color: 'orange' } } as const;
const STAGE_COLOR = { open: 'default', rectified: 'blue', returned: 'volcano', closed: 'green' } as const;

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
  const [status, setStatus] = useState<'open' | 'rectified' | 'closed' | 'all'>('open');
  const [roundId, setRoundId] = useState<number | undefined>(undefined);
  const rounds = useApiQuery('rounds.list', {});
  const problems = useApiQuery('problems.list', { unitId, status, limit: 200, ...(roundId ? { roundId } : {}) });
  const [running, setRunning] = useState(false);
  const [counted, setCounted] = useState<Problem | null>(null);
  const fullCheck = useJob<CheckRunResult>();
  const path = useApiQuery('catalog.unit', { id: unitId });
  const [dialog, setDialog] = useState<{ kind: 'rectify' | 'accept' | 'return'; problem: Problem } | { kind: 'add' } | null>(null);
  const go = useRoute((s) => s.go);
  const open = useRoute((s) => s.open);
  const showError = useShowError();
  // 验收销号 is a reviewer's signature: clerks do not see it.
  const canAccept = useCan('problems.accept');
  const s = summary.data;
  if (!s) return <PageState query={summary} />;
  const local = s.unit.tier === 'village' || s.unit.tier === 'household';
  const rerun = async () => {
    // 全面检查 is a job with a progress bar (villages checked, time left) and 取消; one village is checked at once.
    if (!local) return fullCheck.start(() => api('check.runStart', {}), () => {
      summary.reload();
      problems.reload();
    });
    setRunning(true);
    try {
      await api('check.run', { unitId });
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
  const report = async (p: Problem) => {
    try {
      await api('problems.report', { id: p.id });
      refresh();
    } catch (err) {
      showError(err);
    }
  };
  const showRef = (p: Problem) => {
    if (countedUnits(p).length) return setCounted(p);
    const doc = p.refs.find((r) => r.documentId !== undefined);
    if (doc?.documentId) go({ page: 'document', id: doc.documentId });
    else open(p.unit.tier, p.unit.id);
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 16 }} data-testid="check-page">
      {path.data ? <UnitBreadcrumb path={path.data.path} to="check" /> : null}
      <Card size="small" style={{ marginTop: -12 }}>
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
            {s.unit.tier !== 'household' ? <LedgerExport unitId={unitId} roundId={roundId} /> : null}
            <FormsImportButton onImported={refresh} />
            <Button onClick={() => open(s.unit.tier, s.unit.id)}>打开档案</Button>
            <Button type="primary" loading={running || fullCheck.running || fullCheck.starting} onClick={() => void rerun()} data-testid="check-run">
              {local ? '重新检查本村' : '全面检查'}
            </Button>
          </Space>
        </div>
        {fullCheck.running && fullCheck.job ? (
          <div style={{ marginTop: 12 }} data-testid="check-progress">
            <div style={{ display: 'flex', justifyContent: 'space-between' }}>
              <Typography.Text>
                {fullCheck.cancelling ? '正在取消…' : `${fullCheck.job.phase || '准备检查'}：${fullCheck.job.done.toLocaleString('zh-CN')} / ${fullCheck.job.total.toLocaleString('zh-CN')} 个村`}
              </Typography.Text>
              <Space>
                <Typography.Text type="secondary">{formatEta(fullCheck.job.etaSeconds) ?? ''}</Typography.Text>
                <Button size="small" onClick={() => void fullCheck.cancel()} disabled={fullCheck.cancelling} data-testid="check-cancel">
                  取消
                </Button>
              </Space>
            </div>
            <Progress percent={fullCheck.job.total ? Math.floor((fullCheck.job.done / fullCheck.job.total) * 100) : 0} status="active" />
          </div>
        ) : null}
        {fullCheck.error || (fullCheck.job?.status === 'failed' && fullCheck.job.error) ? (
          <Alert style={{ marginTop: 12 }} type="error" showIcon message={fullCheck.error ?? fullCheck.job?.error?.message} />
        ) : null}
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
            <Select
              style={{ width: 200 }}
              allowClear
              placeholder="全部核查轮次"
              value={roundId}
              onChange={(v: number | undefined) => setRoundId(v)}
              options={(rounds.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
              data-testid="problem-round"
            />
            <Segmented
              value={status}
              onChange={(v) => setStatus(v as typeof status)}
              options={[
                { value: 'open', label: '未销号' },
                { value: 'rectified', label: '待验收' },
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
          locale={{ emptyText: status === 'open' ? '没有未销号的问题' : status === 'rectified' ? '没有待验收的问题' : '没有问题' }}
          pagination={false}
          onRow={(p) => ({ 'data-testid': 'problem-row', 'data-overdue': p.overdue ? 'true' : 'false', style: p.overdue ? { background: '#fef2f2' } : undefined }) as never}
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
              title: '状态 / 时限',
              width: 210,
              render: (_, p) => (
                <div style={{ display: 'flex', flexDirection: 'column', gap: 2 }}>
                  <span>
                    <Tooltip title={p.stage === 'returned' ? `${p.returnedBy}退回：${p.returnedReason}` : p.stage === 'closed' ? p.closeNote : undefined}>
                      <Tag color={STAGE_COLOR[p.stage]} data-testid="problem-stage">
                        {PROBLEM_STAGE_LABEL[p.stage]}
                        {p.stage === 'closed' ? `（${p.closedBy}）` : ''}
                      </Tag>
                    </Tooltip>
                    {p.overdue ? <Tag color="red">已逾期</Tag> : null}
                  </span>
                  {p.stage === 'closed' ? (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>验收 {p.closedAt?.slice(0, 10)}</Typography.Text>
                  ) : (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {p.deadline ? `整改时限 ${p.deadline}` : '未定整改时限'}
                      {p.acceptanceDue ? ` · 验收 ${p.acceptanceDue}` : ''}
                      {p.acceptanceUnit ? `（${p.acceptanceUnit}）` : ''}
                    </Typography.Text>
                  )}
                  {p.stage === 'returned' ? <Typography.Text type="danger" style={{ fontSize: 12 }}>退回：{p.returnedReason}</Typography.Text> : null}
                </div>
              ),
            },
            {
              title: '',
              width: 230,
              render: (_, p) => (
                <Space size={8} wrap>
                  <a onClick={() => showRef(p)} data-testid="problem-show">{countedUnits(p).length ? `查看${countedUnits(p).length}户` : '查看'}</a>
                  {p.status === 'open' ? <a onClick={() => setDialog({ kind: 'rectify', problem: p })}>整改</a> : null}
                  {p.stage === 'open' || p.stage === 'returned' ? <a onClick={() => void report(p)}>整改完成</a> : null}
                  {p.status === 'open' && canAccept ? <a onClick={() => setDialog({ kind: 'accept', problem: p })}>验收销号</a> : null}
                  {p.stage === 'rectified' && canAccept ? <a onClick={() => setDialog({ kind: 'return', problem: p })}>退回整改</a> : null}
                </Space>
              ),
            },
          ]}
        />
        {problems.data && problems.data.total > problems.data.problems.length ? (
          <Typography.Text type="secondary">共 {problems.data.total} 条，显示前 {problems.data.problems.length} 条；请到下级查看其余</Typography.Text>
        ) : null}
      </Card>

      <ReviewPanel unitId={unitId} unit={s.unit} />

      {dialog?.kind === 'rectify' ? <RectifyDialog problem={dialog.problem} onClose={() => setDialog(null)} onDone={refresh} /> : null}
      {dialog?.kind === 'accept' ? <AcceptDialog problem={dialog.problem} onClose={() => setDialog(null)} onDone={refresh} /> : null}
      {dialog?.kind === 'return' ? <ReturnDialog problem={dialog.problem} onClose={() => setDialog(null)} onDone={refresh} /> : null}
      {counted ? <CountedUnitsDrawer problem={counted} onClose={() => setCounted(null)} /> : null}
      {dialog?.kind === 'add' ? <AddProblemDialog unitId={unitId} onClose={() => setDialog(null)} onDone={refresh} /> : null}
    </div>
  );
}

