// Entering or correcting a form record beside its scan: the fields of its form's one description (shared/forms.ts
// FORMS) and its signature slots, which the rules file names (rule S1). Saving re-checks the village at once, so a fixed date closes its problem straight away.
import { Alert, Checkbox, Form, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import type { FormRecordView } from '../../../shared/domain';
import { FORM_LABEL, FORMS, type FormType } from '../../../shared/forms';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { FormFields } from './FormFields';

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
        <FormFields type={type} />
        <Form.Item name="signed" label="已签字">
          <Checkbox.Group options={slots.map((slot) => ({ value: slot, label: slot }))} data-testid="form-signatures" />
        </Form.Item>
      </Form>
      {error ? <div style={{ color: '#b91c1c' }} data-testid="form-error">{error}</div> : null}
    </Modal>
  );
}
