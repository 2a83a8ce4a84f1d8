// The first run of a library without accounts: the clerk who sets it up becomes its administrator and is signed in.
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/errors';
import { fieldErrors, useAuth } from './auth';
import { NewPasswordFields } from './NewPasswordFields';
import { AuthScreen } from './AuthScreen';

interface SetupFields {
  username: string;
  displayName: string;
  password: string;
  password2: string;
}

export function SetupScreen() {
  const [form] = Form.useForm<SetupFields>();
  const setup = useAuth((s) => s.setup);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: SetupFields) => {
    setSaving(true);
    setError(null);
    try {
      await setup({ username: v.username.trim(), displayName: v.displayName.trim(), password: v.password });
    } catch (err) {
      const onFields = fieldErrors(err, ['username', 'displayName', 'password']);
      if (onFields.length) form.setFields(onFields as never);
      else setError(errorMessage(err));
      setSaving(false);
    }
  };

  return (
    <AuthScreen testId="setup-screen" title="首次使用：创建管理员账户" subtitle="这个档案库还没有账户。请先创建管理员账户，之后由管理员为录入员、审核员开设账户。">
      <Form<SetupFields> form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false} autoComplete="off">
        <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请填写用户名' }]} extra="登录时使用，如 wangfang">
          <Input maxLength={20} autoFocus data-testid="setup-username" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]} extra="签字、操作记录中显示的姓名">
          <Input maxLength={20} data-testid="setup-name" />
        </Form.Item>
        <NewPasswordFields name="password" label="密码" testId="setup-password" />
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="setup-error" /> : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" block loading={saving} data-testid="setup-submit">
            创建并登录
          </Button>
        </Form.Item>
      </Form>
    </AuthScreen>
  );
}
