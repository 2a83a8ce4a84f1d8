// 姓名 / 职务 / 工作单位 / 联系电话 of a contact person. The phone is checked here with the same rule the engine
// uses (shared/phone.ts), and what the engine still refuses comes back as field errors ('person.phone') that
// are shown on the field they belong to; anything else shows above the buttons. A refused save changes nothing.
import { Alert, Button, Form, Input, Space } from 'antd';
import { useState } from 'react';
import type { ContactPersonInput } from '../../../shared/api';
import { DangkaError } from '../../../shared/errors';
import { normalizePhone, PHONE_MESSAGE } from '../../../shared/phone';
import { errorMessage } from '../api/errors';

export type PersonFields = Required<ContactPersonInput>;
const FIELD_NAMES: (keyof PersonFields)[] = ['name', 'post', 'workUnit', 'phone'];
const EMPTY: PersonFields = { name: '', post: '', workUnit: '', phone: '' };

interface Props {
  initial?: PersonFields;
  submitText: string;
  onSubmit(values: PersonFields): Promise<void>;
  onCancel(): void;
}

export function PersonForm({ initial = EMPTY, submitText, onSubmit, onCancel }: Props) {
  const [form] = Form.useForm<PersonFields>();
  const [saving, setSaving] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  const submit = async (values: PersonFields) => {
    setSaving(true);
    setFormError(null);
    try {
      await onSubmit({ ...values, workUnit: values.workUnit ?? '' });
    } catch (err) {
      const fields = err instanceof DangkaError ? (err.fields ?? {}) : {};
      const onFields = Object.entries(fields)
        .map(([path, msg]) => ({ name: path.replace(/^person\./, '') as keyof PersonFields, errors: [msg] }))
        .filter((f) => FIELD_NAMES.includes(f.name));
      if (onFields.length) form.setFields(onFields);
      else setFormError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<PersonFields> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)} requiredMark data-testid="person-form">
      <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }, { max: 20, message: '姓名不能超过20个字' }]}>
        <Input maxLength={20} autoComplete="off" data-testid="name-input" />
      </Form.Item>
      <Form.Item name="post" label="职务" rules={[{ required: true, whitespace: true, message: '请填写职务' }, { max: 40, message: '职务不能超过40个字' }]}>
        <Input maxLength={40} autoComplete="off" placeholder="如：驻村第一书记、科员" data-testid="post-input" />
      </Form.Item>
      <Form.Item name="workUnit" label="工作单位" rules={[{ max: 60, message: '工作单位不能超过60个字' }]}>
        <Input maxLength={60} autoComplete="off" placeholder="如：示例县住房和城乡建设局" data-testid="work-unit-input" />
      </Form.Item>
      <Form.Item
        name="phone"
        label="联系电话"
        validateTrigger="onBlur"
        rules={[
          { required: true, whitespace: true, message: '请填写联系电话' },
          { validator: (_, v?: string) => (!v?.trim() || normalizePhone(v) ? Promise.resolve() : Promise.reject(new Error(PHONE_MESSAGE))) },
        ]}
      >
        <Input autoComplete="off" inputMode="tel" placeholder="手机11位，座机如 0371-12345678" data-testid="phone-input" />
      </Form.Item>
      {formError ? <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} data-testid="form-error" /> : null}
      <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
        <Button onClick={onCancel}>取消</Button>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="person-save">
          {submitText}
        </Button>
      </Space>
    </Form>
  );
}
