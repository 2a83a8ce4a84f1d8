// 收件箱: documents not yet filed (from the scanner folder, or imported without a place). Each shows its first
// page, pages and OCR state; 归档 puts it under a unit and template item, 打开 shows it in the viewer.
import { Button, Card, Empty, Form, Input, List, Modal, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import type { DocumentSummary } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { useRoute } from '../stores/route';
import { StoredImage } from './StoredImage';
import { ItemSelect, UnitPicker, type PickedUnit } from './UnitPicker';

const SOURCE: Record<DocumentSummary['source'], string> = { file: '导入', hotFolder: '扫描文件夹', upload: '导入' };

export function ocrTag(d: { ocrPending: number; ocrFailed: number }) {
  if (d.ocrPending) return <Tag color="processing">识别中 {d.ocrPending} 页</Tag>;
  if (d.ocrFailed) return <Tag color="error">{d.ocrFailed} 页识别失败</Tag>;
  return <Tag color="success">已识别</Tag>;
}

export function Inbox() {
  const inbox = useApiQuery('documents.list', { unitId: null });
  const go = useRoute((s) => s.go);
  const [filing, setFiling] = useState<DocumentSummary | null>(null);
  return (
    <Card size="small" title={`收件箱（待归档 ${inbox.data?.length ?? 0} 件）`} data-testid="inbox" extra={<Button size="small" onClick={inbox.reload}>刷新</Button>}>
      {inbox.data?.length === 0 ? (
        <Empty description="收件箱是空的：扫描文件夹中的新文件和未选单位导入的文件会出现在这里" />
      ) : (
        <List
          loading={inbox.loading}
          grid={{ gutter: 12, xs: 2, sm: 3, md: 4, lg: 5, xl: 6 }}
          dataSource={inbox.data ?? []}
          renderItem={(d) => (
            <List.Item>
              <Card
                size="small"
                hoverable
                data-testid="inbox-document"
                cover={
                  d.thumbSha256 ? (
                    <div style={{ height: 170, overflow: 'hidden', background: '#f3f4f6', display: 'flex', justifyContent: 'center', alignItems: 'center', padding: 4 }} onClick={() => go({ page: 'document', id: d.id })}>
                      {/* The whole first page, upright or landscape, never cropped. */}
                      <StoredImage sha256={d.thumbSha256} alt={d.title} style={{ width: '100%', height: '100%', objectFit: 'contain' }} />
                    </div>
                  ) : undefined
                }
                actions={[
                  <a key="file" onClick={() => setFiling(d)} data-testid="inbox-file">
                    归档
                  </a>,
                  <a key="open" onClick={() => go({ page: 'document', id: d.id })}>
                    打开
                  </a>,
                ]}
              >
                <Typography.Text strong ellipsis={{ tooltip: d.title }} style={{ display: 'block' }}>
                  {d.title}
                </Typography.Text>
                <Space size={4} wrap style={{ marginTop: 4 }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {d.pageCount} 页 · {SOURCE[d.source]}
                  </Typography.Text>
                  {ocrTag(d)}
                </Space>
              </Card>
            </List.Item>
          )}
        />
      )}
      {filing ? <FileDialog document={filing} onClose={() => setFiling(null)} onFiled={inbox.reload} /> : null}
    </Card>
  );
}

/** 归档: a unit, a template item and (optionally) a better title. */
export function FileDialog({ document, onClose, onFiled }: { document: DocumentSummary; onClose(): void; onFiled(): void }) {
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [item, setItem] = useState<string | null>(null);
  const [title, setTitle] = useState(document.title);
  const [saving, setSaving] = useState(false);
  // A document already filed is moved: a correction, with the reason the trail keeps beside from where to where.
  const moving = document.unitId !== null;
  const [reason, setReason] = useState('');
  const showError = useShowError();
  const save = async () => {
    if (!unit) return;
    setSaving(true);
    try {
      const newTitle = title.trim() || document.title;
      if (moving) {
        await api('documents.move', { id: document.id, unitId: unit.id, item, reason });
        if (newTitle !== document.title) await api('documents.file', { id: document.id, unitId: unit.id, item, title: newTitle });
      } else {
        await api('documents.file', { id: document.id, unitId: unit.id, item, title: newTitle });
      }
      onFiled();
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={`${moving ? '移动' : '归档'}：${document.title}`}
      onCancel={onClose}
      onOk={() => void save()}
      okText={moving ? '移动' : '归档'}
      cancelText="取消"
      okButtonProps={{ disabled: !unit || (moving && reason.trim().length < 2), loading: saving, 'data-testid': 'file-ok' } as never}
      width={560}
    >
      <Form layout="vertical">
        <Form.Item label="归入单位" required>
          <UnitPicker value={unit} onChange={(u) => { setUnit(u); setItem(null); }} testId="file-unit" />
        </Form.Item>
        {unit ? (
          <Form.Item label="档案项目">
            <ItemSelect unitId={unit.id} value={item} onChange={setItem} testId="file-item" />
            <Suggestions documentId={document.id} unitId={unit.id} onPick={setItem} />
          </Form.Item>
        ) : null}
        <Form.Item label="题名">
          <Input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={200} />
        </Form.Item>
        {moving ? (
          <Form.Item label="移动理由" required extra="记入操作记录，并写明从哪里移到哪里">
            <Input.TextArea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={200} placeholder="例如：归错了户" data-testid="move-reason" />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}

/** 建议: the items the document's title and text point to, one click to take. */
function Suggestions({ documentId, unitId, onPick }: { documentId: number; unitId: number; onPick(item: string): void }) {
  const suggestions = useApiQuery('documents.suggest', { id: documentId, unitId });
  if (!suggestions.data?.length) return null;
  return (
    <div style={{ marginTop: 6 }} data-testid="file-suggestions">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        建议：
      </Typography.Text>
      {suggestions.data.map((s) => (
        <Tooltip key={s.item} title={s.reason}>
          <Tag color="blue" style={{ cursor: 'pointer' }} onClick={() => onPick(s.item)}>
            {s.item.slice(s.item.indexOf('/') + 1)}
          </Tag>
        </Tooltip>
      ))}
    </div>
  );
}
