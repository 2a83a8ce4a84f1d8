// 登录档卡: user name and password; what the engine refuses is said in its own Chinese words.
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../api/errors';
import { useAuth } from './auth';
import { AuthScreen } from './AuthScreen';

export function LoginScreen() {
  const [form] = Form.useForm<{ username: string; password: string }>();
  const login = useAuth((s) => s.login);
  const notice = useAuth((s) => s.notice);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: { username: string; password: string }) => {
    setSaving(true);
    setError(null);
    try {
      await login(v.username.trim(), v.password);
    } catch (err) {
      setError(errorMessage(err));
      form.setFieldValue('password', '');
      setSaving(false);
    }
  };

  return (
    <AuthScreen testId="login-screen" title="登录档卡">
      {notice && !error ? <Alert type="warning" showIcon title={notice} style={{ marginBottom: 16 }} data-testid="login-notice" /> : null}
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
        <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请填写用户名' }]}>
          <Input maxLength={20} autoFocus autoComplete="username" data-testid="login-username" />
        </Form.Item>
        <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
          <Input.Password maxLength={128} autoComplete="current-password" data-testid="login-password" />
        </Form.Item>
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" /> : null}
        <Form.Item>
          <Button type="primary" htmlType="submit" block loading={saving} data-testid="login-submit">
            登录
          </Button>
        </Form.Item>
      </Form>
      <div style={{ color: '#8c8c8c', fontSize: 12, marginBottom: 16 }}>忘记密码请找管理员重置；管理员忘记密码可在命令行用 <code style={{ whiteSpace: 'nowrap' }}>dangka user passwd</code> 重设。</div>
    </AuthScreen>
  );
}
