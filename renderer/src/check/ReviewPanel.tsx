// 核查 → 复核 → 审核 by review round (核查轮次, seed 002): how far each round covering this unit got, who signed each
// stage, when, with what result and opinion, and the next signature — by the signed-in reviewer, who must be in that
// stage's group (复核 two people, 审核 completed by the group's leader) and has signed no other stage of this unit in
// the round. 新建轮次 sets up a round: its scope (this unit, or several townships/villages under it), its stages'
// deadlines and groups.
import { Button, Card, DatePicker, Form, Input, Modal, Radio, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useState } from 'react';
import { REVIEW_STAGES, type ReviewSignoff, type ReviewStage, type UnitNode, type UnitRef } from '../../../shared/domain';
import type { RoundProgress } from '../../../shared/inspection';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useCan, useCurrentUser } from '../auth/auth';

export function ReviewPanel({ unitId, unit }: { unitId: number; unit: UnitRef }) {
  const progress = useApiQuery('rounds.progress', { unitId });
  const [chosen, setChosen] = useState<number | null>(null);
  const roundId = chosen ?? progress.data?.[0]?.round.id ?? null;
  const signoffs = useApiQuery('review.list', roundId === null ? { unitId } : { unitId, roundId });
  const [form] = Form.useForm<{ stage: ReviewStage; reviewer: string; result: '通过' | '不通过'; note: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [creating, setCreating] = useState(false);
  // 谁签字谁负责: the signed-in reviewer signs, under their own name (the engine signs with the session's name anyway).
  const user = useCurrentUser();
  const canSign = useCan('review.signoff');
  const canCreate = useCan('rounds.create');
  const current = progress.data?.find((p) => p.round.id === roundId) ?? null;
  const next = current?.next ?? REVIEW_STAGES.find((s) => !(signoffs.data ?? []).some((x) => x.stage === s && x.result === '通过')) ?? '审核';
  const sign = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      signoffs.setData(await api('review.signoff', { unitId, ...(roundId === null ? {} : { roundId }), ...v, note: v.note ?? '' }));
      progress.reload();
      form.resetFields(['note']);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card
      size="small"
      title="审核流程（核查 → 复核 → 审核）"
      data-testid="review-panel"
      extra={
        <Space>
          {progress.data?.length ? (
            <Select
              style={{ width: 220 }}
              value={roundId ?? undefined}
              onChange={(v: number) => setChosen(v)}
              options={progress.data.map((p) => ({ value: p.round.id, label: p.round.name }))}
              data-testid="review-round"
            />
          ) : null}
          {canCreate ? <Button onClick={() => setCreating(true)}>新建核查轮次</Button> : null}
        </Space>
      }
    >
      {progress.data?.length ? (
        <div style={{ display: 'flex', flexDirection: 'column', gap: 6, marginBottom: 12 }} data-testid="round-progress">
          {progress.data.map((p) => (
            <RoundLine key={p.round.id} progress={p} />
          ))}
        </div>
      ) : (
        <Typography.Paragraph type="secondary">本单位不在任何核查轮次中{canCreate ? '：可新建核查轮次（名称、范围、各环节期限与人员）' : ''}。</Typography.Paragraph>
      )}
      <Table<ReviewSignoff>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={signoffs.data ?? []}
        locale={{ emptyText: '尚未核查' }}
        columns={[
          { title: '环节', dataIndex: 'stage', width: 80 },
          { title: '签字人', dataIndex: 'reviewer', width: 120 },
          { title: '结果', dataIndex: 'result', width: 90, render: (r: string) => <Tag color={r === '通过' ? 'green' : 'red'}>{r}</Tag> },
          { title: '意见', dataIndex: 'note' },
          { title: '时间', dataIndex: 'signedAt', width: 180, render: (t: string) => new Date(t).toLocaleString('zh-CN') },
        ]}
      />
      {canSign ? (
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} initialValues={{ stage: next, result: '通过', reviewer: user?.displayName ?? '' }} key={`${roundId}-${next}`}>
          <Form.Item name="stage">
            <Select style={{ width: 100 }} options={REVIEW_STAGES.map((s) => ({ value: s, label: s }))} />
          </Form.Item>
          <Form.Item name="reviewer" rules={[{ required: true, message: '请填写签字人' }]}>
            <Input placeholder="签字人姓名" style={{ width: 130 }} maxLength={20} readOnly variant="filled" title="签字人为当前登录的账户" data-testid="review-signer" />
          </Form.Item>
          <Form.Item name="result">
            <Radio.Group options={['通过', '不通过']} />
          </Form.Item>
          <Form.Item name="note">
            <Input placeholder="意见" style={{ width: 260 }} maxLength={500} />
          </Form.Item>
          <Button type="primary" loading={saving} onClick={() => void sign()} data-testid="review-sign">
            签字确认
          </Button>
        </Form>
      ) : (
        <div style={{ marginTop: 12, color: '#8c8c8c' }}>审核签字需由审核员或管理员登录后进行。</div>
      )}
      {error ? <div style={{ color: '#b91c1c', marginTop: 8 }}>{error}</div> : null}
      {creating ? (
        <RoundDialog
          unit={unit}
          onClose={() => setCreating(false)}
          onDone={(id) => {
            setChosen(id);
            progress.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

function RoundLine({ progress }: { progress: RoundProgress }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
      <Typography.Text strong style={{ minWidth: 160 }}>
        {progress.round.name}
      </Typography.Text>
      {progress.stages.map((s) => (
        <Tag key={s.stage} color={s.done ? 'green' : s.overdue ? 'red' : s.signed.length ? 'blue' : 'default'} title={s.signed.map((x) => `${x.reviewer} ${x.result}`).join('、') || '未签'}>
          {s.stage}
          {s.done ? ' ✓' : s.signed.length ? `（${s.signed.filter((x) => x.result === '通过').length}人通过）` : ''}
          {s.deadline ? ` · ${s.deadline}${s.overdue ? ' 逾期' : ''}` : ''}
        </Tag>
      ))}
      <Typography.Text type="secondary" data-testid="round-scope">
        范围：{progress.round.units.map((u) => u.name).join('、')}
      </Typography.Text>
      <Typography.Text type="secondary">{progress.next ? `下一步：${progress.next}` : '已审核完成'}</Typography.Text>
    </div>
  );
}

interface RoundForm {
  name: string;
  unitIds: number[];
  note: string;
  核查: { deadline: Dayjs | null; members: string[] };
  复核: { deadline: Dayjs | null; members: string[] };
  审核: { deadline: Dayjs | null; members: string[]; leader: string };
}

function RoundDialog({ unit, onClose, onDone }: { unit: UnitRef; onClose(): void; onDone(id: number): void }) {
  const [form] = Form.useForm<RoundForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const auditors = Form.useWatch(['审核', 'members'], form) ?? [];
  const save = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      const round = await api('rounds.create', {
        name: v.name,
        note: v.note ?? '',
        unitIds: v.unitIds,
        stages: REVIEW_STAGES.map((stage) => ({
          stage,
          deadline: v[stage].deadline ? v[stage].deadline.format('YYYY-MM-DD') : null,
          members: (v[stage].members ?? []).map((person) => ({ person, leader: stage === '审核' && person === v.审核.leader })),
        })),
      });
      onDone(round.id);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const people = { mode: 'tags' as const, open: false, tokenSeparators: ['，', ',', '、', ' '], placeholder: '输入姓名后回车' };
  return (
    <Modal open width={640} title="新建核查轮次" okText="创建" cancelText="取消" confirmLoading={saving} onCancel={onClose} onOk={() => void save()}>
      <Form form={form} layout="vertical">
        <Form.Item name="name" label="轮次名称" rules={[{ required: true, message: '请填写轮次名称' }]}>
          <Input maxLength={60} placeholder="如：2020年对标查短补短、回头看" data-testid="round-name" />
        </Form.Item>
        <Form.Item name="unitIds" label="轮次范围（每个单位含其全部下级）" initialValue={[unit.id]} rules={[{ required: true, message: '请选择轮次范围内的单位' }]}>
          <ScopeSelect unit={unit} />
        </Form.Item>
        {REVIEW_STAGES.map((stage) => (
          <Space key={stage} align="start" style={{ display: 'flex' }}>
            <Form.Item name={[stage, 'members']} label={`${stage}组人员${stage === '复核' ? '（至少两人）' : ''}`} rules={[{ required: true, message: `请填写${stage}组人员` }]} style={{ width: 300 }}>
              <Select {...people} data-testid={`round-members-${stage}`} />
            </Form.Item>
            <Form.Item name={[stage, 'deadline']} label="期限">
              <DatePicker />
            </Form.Item>
            {stage === '审核' ? (
              <Form.Item name={['审核', 'leader']} label="组长（挂片领导）" rules={[{ required: true, message: '请选择组长' }]}>
                <Select style={{ width: 120 }} options={auditors.map((p) => ({ value: p, label: p }))} data-testid="round-leader" />
              </Form.Item>
            ) : null}
          </Space>
        ))}
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
      {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
    </Modal>
  );
}

interface ScopeNode {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  isLeaf: boolean;
}

const scopeNode = (u: UnitRef, parentId: number | null, childCount: number): ScopeNode => ({
  id: u.id,
  pId: parentId,
  value: u.id,
  title: u.name,
  // A round's scope is drawn from villages up: households are reviewed as part of their village.
  isLeaf: u.tier === 'village' || childCount === 0,
});

/** The units under the current one, loaded a level at a time (a county has hundreds of villages); a checked unit
 * stands for its whole subtree, so checking every child of a unit shows the unit itself. */
function ScopeSelect({ unit, value, onChange }: { unit: UnitRef; value?: number[]; onChange?(v: number[]): void }) {
  const [nodes, setNodes] = useState<ScopeNode[]>(() => [scopeNode(unit, null, 1)]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (node: { value?: string | number }) => {
    const parentId = Number(node.value);
    try {
      const children: UnitNode[] = await api('catalog.children', { parentId });
      const fresh = children.filter((c) => c.tier !== 'household').map((c) => scopeNode(c, parentId, c.childCount));
      setNodes((old) => [...old.filter((n) => !fresh.some((f) => f.id === n.id)), ...fresh]);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);
  return (
    <>
      <TreeSelect<number[]>
        treeDataSimpleMode
        treeData={nodes}
        loadData={load}
        value={value}
        onChange={(v) => onChange?.(v)}
        treeCheckable
        showCheckedStrategy={TreeSelect.SHOW_PARENT}
        treeDefaultExpandedKeys={[unit.id]}
        placeholder="选择乡镇、村"
        style={{ width: '100%' }}
        maxTagCount={8}
        data-testid="round-scope-select"
      />
      {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
    </>
  );
}
