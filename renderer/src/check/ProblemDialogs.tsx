// The ledger's actions on a problem: 整改 (the measure, who is responsible, by when, when and by whom it is to be
// accepted), 验收销号 (a reviewer accepts the rectification with a note) or 退回整改 (with the reason); and 新增问题
// for a problem a reviewer found by hand.
import { Alert, DatePicker, Form, Input, Modal, Radio, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { Problem } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useCurrentUser } from '../auth/auth';

interface DialogProps {
  onClose(): void;
  onDone(): void;
}

function useSubmit(onDone: () => void, onClose: () => void) {
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (work: () => Promise<unknown>) => {
    setSaving(true);
    setError(null);
    try {
      await work();
      onDone();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, submit };
}

const day = (d: Dayjs | null | undefined) => (d ? d.format('YYYY-MM-DD') : null);

export function RectifyDialog({ problem, onClose, onDone }: DialogProps & { problem: Problem }) {
  const [form] = Form.useForm<{ measure: string; responsibleUnit: string; responsiblePerson: string; deadline: Dayjs | null; acceptanceDue: Dayjs | null; acceptanceUnit: string }>();
  const { saving, error, submit } = useSubmit(onDone, onClose);
  return (
    <Modal
      open
      title="整改"
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => submit(() =>
            api('problems.update', {
              id: problem.id,
              measure: v.measure ?? '',
              responsibleUnit: v.responsibleUnit ?? '',
              responsiblePerson: v.responsiblePerson ?? '',
              deadline: day(v.deadline),
              acceptanceDue: day(v.acceptanceDue),
              acceptanceUnit: v.acceptanceUnit ?? '',
            }),
          ),
        )
      }
    >
      <p>{problem.description}</p>
      <Form
        form={form}
        layout="vertical"
        initialValues={{
          measure: problem.measure,
          responsibleUnit: problem.responsibleUnit,
          responsiblePerson: problem.responsiblePerson,
          deadline: problem.deadline ? dayjs(problem.deadline) : null,
          acceptanceDue: problem.acceptanceDue ? dayjs(problem.acceptanceDue) : null,
          acceptanceUnit: problem.acceptanceUnit,
        }}
      >
        <Form.Item name="measure" label="整改措施">
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="responsibleUnit" label="责任单位">
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item name="responsiblePerson" label="责任人">
          <Input maxLength={20} />
        </Form.Item>
        <Space size={16}>
          <Form.Item name="deadline" label="整改时限">
            <DatePicker data-testid="rectify-deadline" />
          </Form.Item>
          <Form.Item name="acceptanceDue" label="计划验收时间">
            <DatePicker />
          </Form.Item>
        </Space>
        <Form.Item name="acceptanceUnit" label="验收责任单位">
          <Input maxLength={60} placeholder="如：镇脱贫攻坚办" />
        </Form.Item>
      </Form>
      {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
    </Modal>
  );
}

/** 退回整改: the reviewer does not accept the rectification and says why. */
export function ReturnDialog({ problem, onClose, onDone }: DialogProps & { problem: Problem }) {
  const [form] = Form.useForm<{ by: string; reason: string }>();
  const { saving, error, submit } = useSubmit(onDone, onClose);
  const user = useCurrentUser();
  return (
    <Modal open title="退回整改" okText="退回" okButtonProps={{ danger: true }} cancelText="取消" confirmLoading={saving} onCancel={onClose} onOk={() => void form.validateFields().then((v) => submit(() => api('problems.return', { id: problem.id, ...v })))}>
      <p>{problem.description}</p>
      {problem.measure ? <p style={{ color: '#6b7280' }}>整改措施：{problem.measure}</p> : null}
      <Form form={form} layout="vertical" initialValues={{ by: user?.displayName ?? '' }}>
        <Form.Item name="by" label="退回人">
          <Input maxLength={20} readOnly variant="filled" />
        </Form.Item>
        <Form.Item name="reason" label="退回理由" rules={[{ required: true, message: '请填写退回理由：哪里还没有改好' }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="return-reason" />
        </Form.Item>
      </Form>
      {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
    </Modal>
  );
}

export function AcceptDialog({ problem, onClose, onDone }: DialogProps & { problem: Problem }) {
  const [form] = Form.useForm<{ by: string; note: string }>();
  const { saving, error, submit } = useSubmit(onDone, onClose);
  const user = useCurrentUser();
  return (
    <Modal open title="验收销号" okText="销号" cancelText="取消" confirmLoading={saving} onCancel={onClose} onOk={() => void form.validateFields().then((v) => submit(() => api('problems.accept', { id: problem.id, ...v })))}>
      <p>{problem.description}</p>
      {problem.stage !== 'rectified' ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="该问题尚未报告整改完成：请在验收意见中写明核实情况" /> : null}
      <Form form={form} layout="vertical" initialValues={{ by: user?.displayName ?? '' }}>
        <Form.Item name="by" label="验收人" rules={[{ required: true, message: '请填写验收人（谁签字谁负责）' }]} extra="谁签字谁负责：以当前登录的账户签字">
          <Input maxLength={20} readOnly variant="filled" data-testid="accept-by" />
        </Form.Item>
        <Form.Item name="note" label="验收意见" rules={[{ required: true, message: '请填写验收意见' }]}>
          <Input.TextArea rows={3} maxLength={500} data-testid="accept-note" />
        </Form.Item>
      </Form>
      {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
    </Modal>
  );
}

export function AddProblemDialog({ unitId, onClose, onDone }: DialogProps & { unitId: number }) {
  const [form] = Form.useForm<{ severity: 'error' | 'warning'; description: string; createdBy: string; measure: string; deadline: Dayjs | null }>();
  const { saving, error, submit } = useSubmit(onDone, onClose);
  const user = useCurrentUser();
  return (
    <Modal
      open
      title="新增问题"
      okText="添加"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => void form.validateFields().then((v) => submit(() => api('problems.add', { unitId, severity: v.severity, description: v.description, createdBy: v.createdBy, measure: v.measure ?? '', deadline: day(v.deadline) })))}
    >
      <Form form={form} layout="vertical" initialValues={{ severity: 'warning', createdBy: user?.displayName ?? '' }}>
        <Form.Item name="severity" label="严重程度">
          <Radio.Group options={[{ value: 'error', label: '错误' }, { value: 'warning', label: '提醒' }]} />
        </Form.Item>
        <Form.Item name="description" label="问题" rules={[{ required: true, message: '请描述问题' }]}>
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
        <Form.Item name="createdBy" label="发现人" rules={[{ required: true, message: '请填写发现人' }]}>
          <Input maxLength={20} readOnly variant="filled" title="发现人为当前登录的账户" data-testid="problem-created-by" />
        </Form.Item>
        <Form.Item name="measure" label="整改措施">
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
        <Form.Item name="deadline" label="整改期限">
          <DatePicker />
        </Form.Item>
      </Form>
      {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
    </Modal>
  );
}
