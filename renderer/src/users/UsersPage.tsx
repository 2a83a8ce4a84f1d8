// 用户管理 (#/users, administrators): the library's accounts — 新建账户, and per account 修改角色, 停用/启用,
// 重置密码 — accounts locked by wrong passwords (解除锁定), 操作记录核对, 四性检测 and 备份档案库. A change of role, a disabled account or a new password signs that user out at once
// (the engine drops their sessions). What the engine refuses is shown on the field it names.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Form, Input, Modal, Popconfirm, Radio, Result, Space, Table, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState, type ReactNode } from 'react';
import { ROLE_LABEL, ROLES, type Role, type UserView } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage, useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { fieldErrors, useCan, useCurrentUser } from '../auth/auth';
import { PageState } from '../layout/PageState';
import { NEW_PASSWORD_RULES, NewPasswordFields } from '../auth/NewPasswordFields';
import { AuditVerifyCard } from './AuditVerify';
import { BackupCard } from './BackupCard';
import { FixityCard } from './FixityCard';
import { RestoreCard } from './RestoreCard';
import { LockedAccountsCard } from './LockedAccounts';
import { RecycleBinCard } from './RecycleBinCard';
import { SearchIndexCard } from './SearchIndexCard';

export const ROLE_COLOR: Record<Role, string> = { clerk: 'default', reviewer: 'blue', admin: 'gold' };

const ROLE_HELP: Record<Role, string> = {
  clerk: '录入员：录入、扫描、整改',
  reviewer: '审核员：另可审核签字、验收销号、查看完整身份证号',
  admin: '管理员：另可管理账户、核对操作记录',
};

const ROLE_RANK: Record<Role, number> = { clerk: 1, reviewer: 2, admin: 3 };

const roleOptions = ROLES.map((r) => ({ value: r, label: ROLE_LABEL[r] }));

/** A modal form whose engine refusals go to the fields they name, anything else above the buttons. */
function useModalSubmit<T extends object>(known: string[], onDone: (value: UserView) => void) {
  const [form] = Form.useForm<T>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (work: (v: T) => Promise<UserView>) => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setSaving(true);
    setError(null);
    try {
      onDone(await work(v));
    } catch (err) {
      const onFields = fieldErrors(err, known);
      if (onFields.length) form.setFields(onFields as never);
      else setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  const errorBox: ReactNode = error ? <Alert type="error" showIcon title={error} style={{ marginTop: 4 }} data-testid="user-form-error" /> : null;
  return { form, saving, submit, errorBox };
}


function CreateUserModal({ onClose, onCreated }: { onClose(): void; onCreated(u: UserView): void }) {
  const { form, saving, submit, errorBox } = useModalSubmit<{ username: string; displayName: string; role: Role; password: string }>(
    ['username', 'displayName', 'role', 'password'],
    onCreated,
  );
  return (
    <Modal
      open
      title="新建账户"
      okText="创建"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => void submit((v) => api('users.create', { ...v, username: v.username.trim(), displayName: v.displayName.trim() }))}
      okButtonProps={{ 'data-testid': 'user-create-submit' } as never}
      width={480}
    >
      <Form form={form} layout="vertical" initialValues={{ role: 'clerk' }} requiredMark={false} autoComplete="off" style={{ marginTop: 12 }} data-testid="user-create-form">
        <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请填写用户名' }]} extra="登录时使用：汉字、字母、数字和 _ . -">
          <Input maxLength={20} data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]} extra="签字和操作记录中显示的姓名">
          <Input maxLength={20} data-testid="user-name" />
        </Form.Item>
        <Form.Item name="role" label="角色">
          <Radio.Group options={roleOptions} data-testid="user-role" />
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a: { role?: Role }, b: { role?: Role }) => a.role !== b.role}>
          {({ getFieldValue }) => (
            <Typography.Paragraph type="secondary" style={{ marginTop: -16, marginBottom: 16, fontSize: 13 }}>
              {ROLE_HELP[getFieldValue('role') as Role] ?? ''}
            </Typography.Paragraph>
          )}
        </Form.Item>
        <Form.Item name="password" label="初始密码" rules={NEW_PASSWORD_RULES} extra="请当面告诉本人，登录后在右上角「修改密码」中改掉">
          <Input.Password maxLength={128} autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
      </Form>
      {errorBox}
    </Modal>
  );
}

function RoleModal({ user, onClose, onSaved }: { user: UserView; onClose(): void; onSaved(u: UserView): void }) {
  const { form, saving, submit, errorBox } = useModalSubmit<{ role: Role }>(['role'], onSaved);
  return (
    <Modal
      open
      title={`修改角色：${user.displayName}（${user.username}）`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => void submit((v) => api('users.update', { id: user.id, role: v.role }))}
      width={480}
    >
      <Form form={form} layout="vertical" initialValues={{ role: user.role }} style={{ marginTop: 12 }}>
        <Form.Item name="role" label="角色" extra="改了角色后，该用户需要重新登录">
          <Radio.Group>
            <Space orientation="vertical">
              {ROLES.map((r) => (
                <Radio key={r} value={r}>
                  {ROLE_HELP[r]}
                </Radio>
              ))}
            </Space>
          </Radio.Group>
        </Form.Item>
      </Form>
      {errorBox}
    </Modal>
  );
}

function PasswordModal({ user, onClose, onSaved }: { user: UserView; onClose(): void; onSaved(u: UserView): void }) {
  const { form, saving, submit, errorBox } = useModalSubmit<{ password: string; password2: string }>(['password'], onSaved);
  return (
    <Modal
      open
      title={`重置密码：${user.displayName}（${user.username}）`}
      okText="保存"
      cancelText="取消"
      confirmLoading={saving}
      onCancel={onClose}
      onOk={() => void submit((v) => api('users.update', { id: user.id, password: v.password }))}
      width={440}
    >
      <Form form={form} layout="vertical" requiredMark={false} autoComplete="off" style={{ marginTop: 12 }}>
        <NewPasswordFields name="password" label="新密码" testId="reset-password" extra="该用户需用新密码重新登录" />
      </Form>
      {errorBox}
    </Modal>
  );
}

export function UsersPage() {
  const allowed = useCan('users.list');
  if (!allowed) {
    return <Result status="403" title="只有管理员可以管理用户" subTitle="如需开设或修改账户，请联系本档案库的管理员。" />;
  }
  return <Users />;
}

function Users() {
  const query = useApiQuery('users.list', {});
  const me = useCurrentUser();
  const { message } = App.useApp();
  const showError = useShowError();
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'role' | 'password'; user: UserView } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const saved = (text: string) => (u: UserView) => {
    setDialog(null);
    query.reload();
    void message.success(text.replace('{name}', u.displayName));
  };
  const setActive = async (u: UserView, active: boolean) => {
    setBusy(u.id);
    try {
      await api('users.update', { id: u.id, active });
      query.reload();
      void message.success(active ? `已启用 ${u.displayName} 的账户` : `已停用 ${u.displayName} 的账户`);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <Card
        size="small"
        title={
          <span>
            用户管理
            <Typography.Text type="secondary" style={{ fontWeight: 400, marginLeft: 12, fontSize: 13 }}>
              每个人用自己的账户登录，签字和操作记录都记在本人名下
            </Typography.Text>
          </span>
        }
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setDialog({ kind: 'create' })} data-testid="user-create">
            新建账户
          </Button>
        }
      >
        {query.data ? (
          <Table<UserView>
            size="small"
            rowKey="id"
            pagination={false}
            dataSource={[...query.data].sort((a, b) => Number(b.active) - Number(a.active) || ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.id - b.id)}
            data-testid="users-table"
            onRow={(u) => ({ 'data-testid': 'user-row', 'data-username': u.username }) as never}
            columns={[
              { title: '用户名', dataIndex: 'username', width: 140 },
              {
                title: '姓名',
                dataIndex: 'displayName',
                width: 200,
                render: (name: string, u) => (
                  <span style={{ whiteSpace: 'nowrap' }}>
                    {name}
                    {u.id === me?.id ? (
                      <Tag color="processing" style={{ marginLeft: 8 }}>
                        当前登录
                      </Tag>
                    ) : null}
                  </span>
                ),
              },
              { title: '角色', dataIndex: 'role', width: 100, render: (r: Role) => <Tag color={ROLE_COLOR[r]}>{ROLE_LABEL[r]}</Tag> },
              { title: '状态', dataIndex: 'active', width: 90, render: (a: boolean) => (a ? <Tag color="green">启用</Tag> : <Tag>已停用</Tag>) },
              { title: '创建时间', dataIndex: 'createdAt', width: 160, render: (t: string) => dayjs(t).format('YYYY-MM-DD HH:mm') },
              {
                title: '操作',
                key: 'actions',
                render: (_, u) => {
                  if (u.id === me?.id) {
                    return (
                      <Tooltip title="自己的账户请由另一位管理员修改；修改密码请用右上角的菜单">
                        <Typography.Text type="secondary">—</Typography.Text>
                      </Tooltip>
                    );
                  }
                  return (
                    <Space size={4} wrap>
                      <Button size="small" type="link" onClick={() => setDialog({ kind: 'role', user: u })} data-testid="user-role-edit">
                        修改角色
                      </Button>
                      {u.active ? (
                        <Popconfirm
                          title={`停用 ${u.displayName} 的账户？`}
                          description="停用后不能再登录；以前的签字和操作记录都保留。"
                          okText="停用"
                          cancelText="取消"
                          onConfirm={() => void setActive(u, false)}
                        >
                          <Button size="small" type="link" danger loading={busy === u.id} data-testid="user-disable">
                            停用
                          </Button>
                        </Popconfirm>
                      ) : (
                        <Button size="small" type="link" loading={busy === u.id} onClick={() => void setActive(u, true)} data-testid="user-enable">
                          启用
                        </Button>
                      )}
                      <Button size="small" type="link" onClick={() => setDialog({ kind: 'password', user: u })} data-testid="user-password-reset">
                        重置密码
                      </Button>
                    </Space>
                  );
                },
              },
            ]}
          />
        ) : (
          <PageState query={query} />
        )}
      </Card>
      <LockedAccountsCard />
      <div style={{ marginTop: 16 }}>
        <AuditVerifyCard />
      </div>
      <div style={{ marginTop: 16 }}>
        <FixityCard />
      </div>
      <div style={{ marginTop: 16 }}>
        <BackupCard />
      </div>
      <div style={{ marginTop: 16 }}>
        <RestoreCard />
      </div>
      <div style={{ marginTop: 16 }}>
        <RecycleBinCard />
      </div>
      <div style={{ marginTop: 16 }}>
        <SearchIndexCard />
      </div>
      {dialog?.kind === 'create' ? <CreateUserModal onClose={() => setDialog(null)} onCreated={saved('已新建 {name} 的账户')} /> : null}
      {dialog?.kind === 'role' ? <RoleModal user={dialog.user} onClose={() => setDialog(null)} onSaved={saved('已修改 {name} 的角色')} /> : null}
      {dialog?.kind === 'password' ? <PasswordModal user={dialog.user} onClose={() => setDialog(null)} onSaved={saved('已重置 {name} 的密码')} /> : null}
    </>
  );
}
