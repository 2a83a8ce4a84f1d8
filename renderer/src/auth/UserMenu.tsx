// The signed-in user at the right of the header: name and role, and what they can do with their session
// (锁定, 修改密码, 退出登录) and, for administrators, 用户管理 and 操作记录核对.
import { DownOutlined, HistoryOutlined, KeyOutlined, LockOutlined, LogoutOutlined, SafetyCertificateOutlined, TeamOutlined, UserOutlined } from '@ant-design/icons';
import { Dropdown, type MenuProps } from 'antd';
import { useState } from 'react';
import { ROLE_LABEL } from '../../../shared/domain';
import { useRoute } from '../stores/route';
import { AuditVerifyModal } from '../users/AuditVerify';
import { useAuth, useCan, useCurrentUser } from './auth';
import { ChangePasswordModal } from './ChangePasswordModal';

export function UserMenu() {
  const user = useCurrentUser();
  const lock = useAuth((s) => s.lock);
  const logout = useAuth((s) => s.logout);
  const go = useRoute((s) => s.go);
  const canManage = useCan('users.list');
  const canVerify = useCan('audit.verify');
  const canSearch = useCan('audit.search');
  const [dialog, setDialog] = useState<'password' | 'verify' | null>(null);
  if (!user) return null;

  const label = (text: string, testId: string) => <span data-testid={testId}>{text}</span>;
  const items: MenuProps['items'] = [
    { key: 'lock', icon: <LockOutlined />, label: label('锁定', 'lock-now') },
    { key: 'password', icon: <KeyOutlined />, label: label('修改密码', 'change-password') },
    ...(canManage || canVerify || canSearch ? [{ type: 'divider' as const }] : []),
    ...(canManage ? [{ key: 'users', icon: <TeamOutlined />, label: label('用户管理', 'open-users') }] : []),
    ...(canSearch ? [{ key: 'auditLog', icon: <HistoryOutlined />, label: label('操作记录', 'open-audit-log') }] : []),
    ...(canVerify ? [{ key: 'verify', icon: <SafetyCertificateOutlined />, label: label('操作记录核对', 'open-audit-verify') }] : []),
    { type: 'divider' as const },
    { key: 'logout', icon: <LogoutOutlined />, label: label('退出登录', 'logout'), danger: true },
  ];
  const onClick: MenuProps['onClick'] = ({ key }) => {
    if (key === 'lock') void lock();
    else if (key === 'password') setDialog('password');
    else if (key === 'users') go({ page: 'users' });
    else if (key === 'auditLog') go({ page: 'auditLog' });
    else if (key === 'verify') setDialog('verify');
    else if (key === 'logout') void logout();
  };

  return (
    <>
      <Dropdown menu={{ items, onClick }} trigger={['click']} placement="bottomRight">
        <a
          onClick={(e) => e.preventDefault()}
          style={{ color: '#fff', display: 'inline-flex', alignItems: 'center', gap: 6, whiteSpace: 'nowrap', lineHeight: '32px', padding: '0 4px' }}
          data-testid="user-menu"
          title={`${user.displayName}（${user.username}，${ROLE_LABEL[user.role]}）`}
        >
          <UserOutlined />
          <span style={{ fontWeight: 600, maxWidth: 120, overflow: 'hidden', textOverflow: 'ellipsis' }}>{user.displayName}</span>
          <span style={{ color: '#b7c6da', fontSize: 12 }}>{ROLE_LABEL[user.role]}</span>
          <DownOutlined style={{ fontSize: 10, color: '#b7c6da' }} />
        </a>
      </Dropdown>
      {dialog === 'password' ? <ChangePasswordModal onClose={() => setDialog(null)} /> : null}
      {dialog === 'verify' ? <AuditVerifyModal onClose={() => setDialog(null)} /> : null}
    </>
  );
}
