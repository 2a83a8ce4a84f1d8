// 核查 → 复核 → 审核: who signed each stage for this unit, when, with what result; the next stage is signed here
// (谁签字谁负责: the reviewer's name goes with the result).
import { Button, Card, Form, Input, Radio, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { REVIEW_STAGES, type ReviewSignoff, type ReviewStage } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useCan, useCurrentUser } from '../auth/auth';

export function ReviewPanel({ unitId }: { unitId: number }) {
  const signoffs = useApiQuery('review.list', { unitId });
  const [form] = Form.useForm<{ stage: ReviewStage; reviewer: string; result: '通过' | '不通过'; note: string }>();
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  // 谁签字谁负责: the signed-in reviewer signs, under their own name (the engine signs with the session's name anyway).
  const user = useCurrentUser();
  const canSign = useCan('review.signoff');
  const passed = new Set((signoffs.data ?? []).filter((s) => s.result === '通过').map((s) => s.stage));
  const next = REVIEW_STAGES.find((s) => !passed.has(s)) ?? '审核';
  const sign = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      signoffs.setData(await api('review.signoff', { unitId, ...v, note: v.note ?? '' }));
      form.resetFields(['reviewer', 'note']);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Card size="small" title="审核流程（核查 → 复核 → 审核）" data-testid="review-panel">
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
        <Form form={form} layout="inline" style={{ marginTop: 12, rowGap: 8 }} initialValues={{ stage: next, result: '通过', reviewer: user?.displayName ?? '' }} key={next}>
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
          <Button type="primary" loading={saving} onClick={() => void sign()}>
            签字确认
          </Button>
        </Form>
      ) : (
        <div style={{ marginTop: 12, color: '#8c8c8c' }}>审核签字需由审核员或管理员登录后进行。</div>
      )}
      {error ? <div style={{ color: '#b91c1c', marginTop: 8 }}>{error}</div> : null}
    </Card>
  );
}
