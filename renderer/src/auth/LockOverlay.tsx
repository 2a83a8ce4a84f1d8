// The locked screen: it covers the app, which stays as it was underneath (an open dialog, a half-typed form), and
// only the same user's password opens it again. 切换用户 signs out instead (what was not saved is lost then).
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { ROLE_LABEL } from '../../../shared/domain';
import { errorMessage } from '../api/errors';
import { useAuth } from './auth';

export function LockOverlay() {
  const user = useAuth((s) => s.status?.user ?? null);
  const unlock = useAuth((s) => s.unlock);
  const logout = useAuth((s) => s.logout);
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // Nothing under the overlay can be reached with the keyboard (or a screen reader) while it is locked.
  useEffect(() => {
    const hidden: Element[] = [];
    for (const el of Array.from(document.body.children)) {
      if (el.id === 'dangka-lock' || el.hasAttribute('inert') || el.tagName === 'SCRIPT') continue;
      el.setAttribute('inert', '');
      hidden.push(el);
    }
    return () => {
      for (const el of hidden) el.removeAttribute('inert');
    };
  }, []);

  const submit = async ({ password }: { password: string }) => {
    setSaving(true);
    setError(null);
    try {
      await unlock(password);
    } catch (err) {
      setError(errorMessage(err));
      form.setFieldValue('password', '');
      setSaving(false);
    }
  };

  return createPortal(
    <div
      id="dangka-lock"
      role="dialog"
      aria-modal="true"
      aria-label="屏幕已锁定"
      data-testid="lock-overlay"
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 3000,
        background: 'linear-gradient(180deg, #1f3a5f 0%, #2c5282 100%)',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
      }}
    >
      <Card style={{ width: 400, boxShadow: '0 8px 32px rgba(0, 0, 0, 0.25)' }} styles={{ body: { padding: '28px 32px 16px' } }}>
        <div style={{ textAlign: 'center', marginBottom: 20 }}>
          <LockOutlined style={{ fontSize: 36, color: '#1f5fa8' }} />
          <Typography.Title level={4} style={{ margin: '12px 0 4px' }}>
            屏幕已锁定
          </Typography.Title>
          <Typography.Text type="secondary">请输入密码解锁，未保存的内容都还在</Typography.Text>
        </div>
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '8px 12px', background: '#f5f6f8', borderRadius: 6, marginBottom: 16 }} data-testid="lock-user">
          <UserOutlined style={{ color: '#1f5fa8' }} />
          <span style={{ fontWeight: 600 }}>{user?.displayName}</span>
          <Typography.Text type="secondary">
            {user ? `${user.username} · ${ROLE_LABEL[user.role]}` : ''}
          </Typography.Text>
        </div>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} requiredMark={false}>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请填写密码' }]}>
            <Input.Password maxLength={128} autoFocus autoComplete="current-password" data-testid="unlock-password" />
          </Form.Item>
          {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="unlock-error" /> : null}
          <Form.Item style={{ marginBottom: 12 }}>
            <Button type="primary" htmlType="submit" block loading={saving} data-testid="unlock-submit">
              解锁
            </Button>
          </Form.Item>
        </Form>
        <div style={{ textAlign: 'center' }}>
          <Button type="link" onClick={() => void logout()} data-testid="switch-user">
            切换用户
          </Button>
          <div style={{ color: '#8c8c8c', fontSize: 12 }}>切换用户会退出当前登录，未保存的内容将丢失</div>
        </div>
      </Card>
    </div>,
    document.body,
  );
}
