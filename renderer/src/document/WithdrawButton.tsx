// 删除 in the viewer: the document goes to the 回收站 with the reason the clerk types (an administrator can restore it
// there); the viewer then returns to where the document was filed.
import { DeleteOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { DocumentDetail } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { useLibrary } from '../stores/library';
import { useRoute } from '../stores/route';

export function WithdrawButton({ document: d }: { document: DocumentDetail }) {
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const { message } = App.useApp();
  const go = useRoute((s) => s.go);
  const open_ = useRoute((s) => s.open);
  const withdraw = async () => {
    const { reason } = await form.validateFields();
    setSaving(true);
    setError(null);
    try {
      await api('documents.withdraw', { id: d.id, reason });
      void message.success(`“${d.title}”已移入回收站，管理员可在“用户管理 → 回收站”恢复`);
      setOpen(false);
      const unit = d.unitPath.at(-1);
      if (unit) open_(unit.tier, unit.id);
      else go({ page: 'import' });
      void useLibrary.getState().changed();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Button danger icon={<DeleteOutlined />} onClick={() => setOpen(true)} data-testid="document-withdraw">
        删除
      </Button>
      {open ? (
        <Modal
          open
          title={`删除：${d.title}`}
          okText="移入回收站"
          okButtonProps={{ danger: true, 'data-testid': 'withdraw-ok' } as never}
          cancelText="取消"
          confirmLoading={saving}
          onCancel={() => setOpen(false)}
          onOk={() => void withdraw().catch(() => undefined)}
        >
          <p>文件（{d.pageCount} 页）将移入回收站，不再计入档案目录、检查和数据包；管理员可以恢复。</p>
          <Form form={form} layout="vertical">
            <Form.Item name="reason" label="删除理由" rules={[{ required: true, whitespace: true, min: 2, message: '请填写删除理由（至少2个字），它会记入操作记录' }]}>
              <Input.TextArea rows={2} maxLength={200} placeholder="例如：重复扫描、不属于本户" data-testid="withdraw-reason" />
            </Form.Item>
          </Form>
          {error ? <div style={{ color: '#b91c1c' }}>{error}</div> : null}
        </Modal>
      ) : null}
    </>
  );
}
