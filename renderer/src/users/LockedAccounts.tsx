// 被锁定的账户: accounts locked after too many wrong passwords (engine/auth/throttle.ts). Shown in 用户管理 only while
// some are locked; 解除锁定 lets the person sign in again (recorded in the trail).
import { LockOutlined } from '@ant-design/icons';
import { App, Button, Card, Table, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import type { LockedAccount } from '../../../shared/signIn';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';

export function LockedAccountsCard() {
  const query = useApiQuery('users.locked', {});
  const [lifting, setLifting] = useState<number | null>(null);
  const showError = useShowError();
  const { message } = App.useApp();
  const locked = query.data ?? [];
  if (!locked.length) return null;
  const lift = async (account: LockedAccount) => {
    setLifting(account.id);
    try {
      query.setData(await api('users.unlock', { id: account.id }));
      void message.success(`已解除 ${account.displayName} 的锁定，可以重新登录`);
    } catch (err) {
      showError(err);
    } finally {
      setLifting(null);
    }
  };
  return (
    <Card
      size="small"
      style={{ marginTop: 16 }}
      data-testid="locked-accounts"
      title={
        <span>
          <LockOutlined style={{ color: '#cf1322', marginRight: 8 }} />
          被锁定的账户（{locked.length}）
        </span>
      }
    >
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        连续输错密码 10 次的账户会被锁定，正确的密码也登录不了。请先与本人核实是否是他本人输错；如有人冒用，请同时为其重置密码。
      </Typography.Paragraph>
      <Table<LockedAccount>
        size="middle"
        rowKey="id"
        pagination={false}
        dataSource={locked}
        columns={[
          { title: '姓名', dataIndex: 'displayName' },
          { title: '用户名', dataIndex: 'username' },
          { title: '输错次数', dataIndex: 'failures', width: 100 },
          { title: '锁定时间', dataIndex: 'lockedAt', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss') },
          {
            title: '',
            width: 120,
            render: (_, account) => (
              <Button size="small" type="primary" loading={lifting === account.id} onClick={() => void lift(account)}>
                解除锁定
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
