// 表单记录 of a village (四议 meetings, 公示/公告) or a household (申请书, 信息采集表, 明白卡): the facts the checks
// read, listed with 修改/删除, and 填写 for a new one of each type that belongs on this tier.
import { Button, Empty, List, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { FormRecordView, Tier } from '../../../shared/domain';
import { FORM_LABEL, FORM_TIER, FORM_TYPES, type FormType } from '../../../shared/forms';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { FormEditor } from './FormEditor';
import { formSummary } from './formFields';

const SOURCE = { manual: '手工录入', excel: 'Excel导入', ocr: '识别预填' } as const;

export function FormsPanel({ unitId, tier }: { unitId: number; tier: Tier }) {
  const forms = useApiQuery('forms.list', { unitId });
  const [editing, setEditing] = useState<{ type: FormType; record: FormRecordView | null } | null>(null);
  const showError = useShowError();
  const types = FORM_TYPES.filter((t) => FORM_TIER[t] === tier);
  if (types.length === 0) return <Empty description="此级没有需要填写的表单" />;
  const remove = async (id: number) => {
    try {
      await api('forms.delete', { id });
      forms.reload();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <div data-testid="forms-panel">
      <Space wrap style={{ marginBottom: 12 }}>
        {types.map((t) => (
          <Button key={t} onClick={() => setEditing({ type: t, record: null })} data-testid={`form-new-${t}`}>
            填写{FORM_LABEL[t]}
          </Button>
        ))}
      </Space>
      <List
        loading={forms.loading}
        dataSource={forms.data ?? []}
        locale={{ emptyText: '还没有表单记录：检查规则（日期顺序、公示与会议一致等）要靠这些记录' }}
        renderItem={(r) => (
          <List.Item
            data-testid="form-record"
            actions={[
              <a key="edit" onClick={() => setEditing({ type: r.type as FormType, record: r })} data-testid="form-edit">
                修改
              </a>,
              <Popconfirm key="delete" title="删除这条表单记录？" okText="删除" cancelText="取消" onConfirm={() => void remove(r.id)}>
                <a>删除</a>
              </Popconfirm>,
            ]}
          >
            <Space>
              <Tag color="geekblue">{FORM_LABEL[r.type as FormType]}</Tag>
              <Typography.Text>{formSummary(r.type as FormType, r.fields)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {SOURCE[r.source]}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
      {editing ? <FormEditor unitId={unitId} type={editing.type} record={editing.record} onClose={() => setEditing(null)} onSaved={forms.reload} /> : null}
    </div>
  );
}
