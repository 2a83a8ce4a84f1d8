// 修改密码: the old one, then the new one twice. A wrong old password is said on its field.
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import { DangkaError } from '../../../shared/errors';
import { errorMessage } from '../api/errors';
import { NewPasswordFields } from './NewPasswordFields';
import { fieldErrors, useAuth } from './auth';

interface Fields {
  oldPassword: string;
  newPassword: string;
  newPassword2: string;
}

export function ChangePasswordModal({ onClose }: { onClose(): void }) {
  const [form] = Form.useForm<Fields>();
  const changePassword = useAuth((s) => s.changePassword);
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      await changePassword(v.oldPassword, v.newPassword);
      void message.success('密码已修改');
      onClose();
    } catch (err) {
      const onFields = fieldErrors(err, ['oldPassword', 'newPassword']);
      if (onFields.length) form.setFields(onFields as never);
      else if (err instanceof DangkaError && err.code === 'UNAUTHORIZED') form.setFields([{ name: 'oldPassword', errors: ['原密码不对'] }]);
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal open title="修改密码" okText="保存" cancelText="取消" confirmLoading={saving} onOk={() => void submit()} onCancel={onClose} width={420} destroyOnHidden>
      <Form form={form} layout="vertical" requiredMark={false} style={{ marginTop: 12 }}>
        <Form.Item name="oldPassword" label="原密码" rules={[{ required: true, message: '请填写原密码' }]}>
          <Input.Password maxLength={128} autoComplete="current-password" data-testid="old-password" />
        </Form.Item>
        <NewPasswordFields name="newPassword" label="新密码" testId="new-password" />
      </Form>
      {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
    </Modal>
  );
}
