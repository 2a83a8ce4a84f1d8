// 合并: another document of the same place (a file scanned in two goes) appended to this one, its pages after
// these; the other document is then gone, none of its pages.
import { Button, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import type { DocumentDetail } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';

export function MergeButton({ document, onMerged }: { document: DocumentDetail; onMerged(detail: DocumentDetail): void }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="document-merge">
        合并…
      </Button>
      {open ? <MergeDialog document={document} onClose={() => setOpen(false)} onMerged={onMerged} /> : null}
    </>
  );
}

function MergeDialog({ document, onClose, onMerged }: { document: DocumentDetail; onClose(): void; onMerged(detail: DocumentDetail): void }) {
  const siblings = useApiQuery('documents.list', { unitId: document.unitId, ...(document.item ? { item: document.item } : {}) });
  const [other, setOther] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const showError = useShowError();
  const merge = async () => {
    if (other === null) return;
    setSaving(true);
    try {
      onMerged(await api('documents.merge', { id: document.id, otherId: other }));
      onClose();
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  const options = (siblings.data ?? []).filter((d) => d.id !== document.id).map((d) => ({ value: d.id, label: `${d.title}（${d.pageCount}页）` }));
  return (
    <Modal open title={`合并到“${document.title}”`} okText="合并" cancelText="取消" onCancel={onClose} onOk={() => void merge()} okButtonProps={{ disabled: other === null, loading: saving }}>
      <Typography.Paragraph type="secondary">选择同一位置的另一件：它的页面接在本件第{document.pageCount}页之后，原来那一件随之合并（页面都保留）。</Typography.Paragraph>
      <Select style={{ width: '100%' }} loading={siblings.loading} value={other ?? undefined} onChange={setOther} options={options} placeholder={options.length ? '选择要合并进来的文件' : '同一位置没有别的文件'} data-testid="merge-select" />
    </Modal>
  );
}
