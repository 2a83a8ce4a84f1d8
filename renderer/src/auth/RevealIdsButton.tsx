// 查看完整身份证号 (household.idNumbers): reviewers and administrators only — clerks never see the button — and the
// engine records who looked at whose numbers. The numbers stay in this dialog; closing it forgets them.
import { EyeOutlined } from '@ant-design/icons';
import { Alert, App, Button, Modal, Table } from 'antd';
import { useState } from 'react';
import type { ApiOutput } from '../../../shared/api';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useCan } from './auth';

type Numbers = ApiOutput<'household.idNumbers'>;

export function RevealIdsButton({ householdId }: { householdId: number }) {
  const allowed = useCan('household.idNumbers');
  const { message } = App.useApp();
  const [numbers, setNumbers] = useState<Numbers | null>(null);
  const [loading, setLoading] = useState(false);
  if (!allowed) return null;

  const reveal = async () => {
    setLoading(true);
    try {
      setNumbers(await api('household.idNumbers', { id: householdId }));
    } catch (err) {
      void message.error(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };

  return (
    <>
      <Button size="small" icon={<EyeOutlined />} loading={loading} onClick={() => void reveal()} data-testid="reveal-ids">
        查看完整身份证号
      </Button>
      {numbers ? (
        <Modal open title="完整身份证号" onCancel={() => setNumbers(null)} footer={<Button onClick={() => setNumbers(null)}>关闭</Button>} width={520} destroyOnHidden>
          <Alert type="warning" showIcon title="此操作已记录" description="查看完整身份证号会记入操作记录（谁、何时、查看了哪一户）。请勿抄录或外传。" style={{ marginBottom: 12 }} data-testid="reveal-ids-note" />
          <Table
            size="small"
            rowKey="memberId"
            pagination={false}
            dataSource={numbers}
            data-testid="full-ids"
            columns={[
              { title: '姓名', dataIndex: 'name', width: 120 },
              { title: '身份证号', dataIndex: 'idNumber', render: (v: string) => <span style={{ fontFamily: 'monospace', fontSize: 14 }}>{v}</span> },
            ]}
          />
        </Modal>
      ) : null}
    </>
  );
}
