// Entering or correcting a form record beside its scan: the fields of its form's one description (shared/forms.ts
// FORMS) and its signature slots, which the rules file names (rule S1). Saving re-checks the village at once, so a fixed date closes its problem straight away.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { FormRecordView } from '../../../shared/domain';
import { FORM_LABEL, FORMS, MEETING_STAGE_LABEL, MEETING_STAGES, NOTICE_KINDS, PROCEDURE_STEPS, type FieldSpec, type FormType } from '../../../shared/forms';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';

type Values = Record<string, unknown>;

/** Form values (dates as dayjs) from stored fields, and back. */
function toValues(type: FormType, fields: Values): Values {
  const values: Values = { ...fields };
  for (const f of FORMS[type].fields) if (f.kind === 'date' && typeof fields[f.key] === 'string') values[f.key] = dayjs(fields[f.key] as string);
  const signed = (fields.signatures ?? {}) as Record<string, boolean>;
  values.signed = Object.keys(signed).filter((k) => signed[k]);
  return values;
}

function toFields(type: FormType, values: Values, slots: readonly string[]): Values {
  const fields: Values = {};
  for (const f of FORMS[type].fields) {
    const v = values[f.key];
    if (v === undefined || v === null || v === '') continue;
    fields[f.key] = f.kind === 'date' ? (v as Dayjs).format('YYYY-MM-DD') : v;
  }
  const signed = new Set((values.signed as string[] | undefined) ?? []);
  fields.signatures = Object.fromEntries(slots.map((slot) => [slot, signed.has(slot)]));
  return fields;
}

function Field({ spec }: { spec: FieldSpec }) {
  const rules = spec.required ? [{ required: true, message: `请填写${spec.label}` }] : [];
  switch (spec.kind) {
    case 'date':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <DatePicker style={{ width: 200 }} data-testid={`form-${spec.key}`} />
        </Form.Item>
      );
    case 'int':
    case 'year':
    case 'money':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <InputNumber min={0} precision={spec.kind === 'money' ? 2 : 0} style={{ width: 200 }} data-testid={`form-${spec.key}`} />
        </Form.Item>
      );
    case 'text':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Input maxLength={500} data-testid={`form-${spec.key}`} />
        </Form.Item>
      );
    case 'stage':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Select style={{ width: 240 }} options={MEETING_STAGES.map((s) => ({ value: s, label: MEETING_STAGE_LABEL[s] }))} />
        </Form.Item>
      );
    case 'noticeKind':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Select style={{ width: 240 }} options={NOTICE_KINDS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
      );
    case 'step':
      return (
        <Form.Item name={spec.key} label={spec.label} rules={rules}>
          <Select style={{ width: 240 }} options={PROCEDURE_STEPS.map((k) => ({ value: k, label: k }))} />
        </Form.Item>
      );
    case 'list':
      return (
        <Form.Item name={spec.key} label={spec.label}>
          <Select mode="tags" style={{ width: 320 }} placeholder="输入后回车，可填多项" />
        </Form.Item>
      );
    case 'households':
      return (
        <Form.Item label={spec.label}>
          <Form.List name={spec.key}>
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} align="baseline">
                    <Form.Item name={[row.name, 'head']} rules={[{ required: true, message: '户主' }]}>
                      <Input placeholder="户主" style={{ width: 110 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'size']} rules={[{ required: true, message: '人数' }]}>
                      <InputNumber placeholder="人数" min={1} style={{ width: 80 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'cause']}>
                      <Input placeholder="致贫原因" style={{ width: 120 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(row.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({ size: 1 })} icon={<PlusOutlined />}>
                  添加一户
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
      );
    case 'measures':
      return (
        <Form.Item label={spec.label}>
          <Form.List name={spec.key}>
            {(rows, { add, remove }) => (
              <>
                {rows.map((row) => (
                  <Space key={row.key} align="baseline">
                    <Form.Item name={[row.name, 'category']} rules={[{ required: true, message: '类别' }]}>
                      <Input placeholder="类别，如 产业扶贫" style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'content']}>
                      <Input placeholder="内容" style={{ width: 220 }} />
                    </Form.Item>
                    <Form.Item name={[row.name, 'amount']}>
                      <InputNumber placeholder="金额" min={0} style={{ width: 100 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(row.name)} />
                  </Space>
                ))}
                <Button type="dashed" onClick={() => add({})} icon={<PlusOutlined />}>
                  添加措施
                </Button>
              </>
            )}
          </Form.List>
        </Form.Item>
      );
  }
}

export function FormEditor({
  unitId,
  type,
  record,
  documentId = null,
  onClose,
  onSaved,
}: {
  unitId: number;
  type: FormType;
  record: FormRecordView | null;
  /** The scan the form is filled in beside: a new form is pre-filled from its OCR text, and names it. */
  documentId?: number | null;
  onClose(): void;
  onSaved(): void;
}) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [prefilled, setPrefilled] = useState<string[]>([]);
  const slots = useApiQuery('forms.signatureSlots', {}).data?.[type] ?? [];
  useEffect(() => {
    if (record || documentId === null) return;
    void api('forms.prefill', { documentId, type }).then(
      (fields) => {
        form.setFieldsValue(toValues(type, fields));
        setPrefilled(Object.keys(fields).map((k) => FORMS[type].fields.find((f) => f.key === k)?.label ?? k));
      },
      () => undefined, // nothing read: the clerk fills it in
    );
  }, [record, documentId, type, form]);
  const save = async () => {
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    const result = await api('forms.save', { ...(record ? { id: record.id } : {}), unitId, documentId: record?.documentId ?? documentId, type, fields: toFields(type, values, slots) }).then(
      () => null,
      (err: unknown) => err,
    );
    setSaving(false);
    if (result) {
      const fields = (result as { fields?: Record<string, string> }).fields;
      if (fields) form.setFields(Object.entries(fields).map(([name, message]) => ({ name: name.split('.')[0]!, errors: [message] })));
      setError(errorMessage(result));
      return;
    }
    onSaved();
    onClose();
  };
  return (
    <Modal open title={`${record ? '修改' : '填写'}${FORM_LABEL[type]}`} onCancel={onClose} onOk={() => void save()} okText="保存" cancelText="取消" confirmLoading={saving} width={720} okButtonProps={{ 'data-testid': 'form-save' } as never}>
      {prefilled.length ? (
        <Alert type="info" showIcon style={{ marginBottom: 12 }} message={`已按识别文字预填：${prefilled.join('、')}，请对照原件核对`} data-testid="form-prefilled" />
      ) : null}
      <Form form={form} layout="horizontal" labelCol={{ flex: '150px' }} initialValues={record ? toValues(type, record.fields) : { signed: [] }}>
        {FORMS[type].fields.map((spec) => (
          <Field key={spec.key} spec={spec} />
        ))}
        <Form.Item name="signed" label="已签字">
          <Checkbox.Group options={slots.map((slot) => ({ value: slot, label: slot }))} data-testid="form-signatures" />
        </Form.Item>
      </Form>
      {error ? <div style={{ color: '#b91c1c' }} data-testid="form-error">{error}</div> : null}
    </Modal>
  );
}
