// A document (件) in the viewer: where it is filed, its pages as thumbnails (reorder, split from a page), the page
// image beside its text (zoom, rotate, doubtful words outlined, correction), merging another document in, and its
// searchable PDF. While pages are still being read, the page reloads as the OCR job reports progress.
import { ArrowDownOutlined, ArrowUpOutlined, FilePdfOutlined, ScissorOutlined } from '@ant-design/icons';
import { Breadcrumb, Button, Card, Dropdown, Popconfirm, Space, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { DocumentDetail, PageInfo } from '../../../shared/domain';
import { FORM_LABEL, FORM_TIER, FORM_TYPES, type FormType } from '../../../shared/forms';
import { FormEditor } from '../check/FormEditor';
import { api, subscribe } from '../api/client';
import { DescriptionCard } from '../describe/DescriptionCard';
import { useShowError } from '../api/errors';
import { useApiQuery } from '../api/useApiQuery';
import { FileDialog, ocrTag } from '../digitize/Inbox';
import { HistorySection } from '../history/HistoryPanel';
import { StoredImage } from '../digitize/StoredImage';
import { splitItem } from '../digitize/UnitPicker';
import { PageState } from '../layout/PageState';
import { download } from '../util/files';
import { useRoute } from '../stores/route';
import { MergeButton } from './MergeButton';
import { WithdrawButton } from './WithdrawButton';
import { PageImage } from './PageImage';
import { PageText } from './PageText';

/** query: the full-text search this document was opened from, marked on its pages. */
export function DocumentPage({ documentId, seq, query }: { documentId: number; seq: number; query: string | null }) {
  const doc = useApiQuery('documents.get', { id: documentId });
  const go = useRoute((s) => s.go);
  const open = useRoute((s) => s.open);
  const [busy, setBusy] = useState(false);
  const [filing, setFiling] = useState(false);
  const [filling, setFilling] = useState<FormType | null>(null);
  const showError = useShowError();
  const d = doc.data;
  const pending = d?.pages.some((p) => p.ocrStatus === 'pending') ?? false;

  useEffect(() => {
    if (!pending) return;
    // Each page read is OCR progress; OCR results are machine data, outside the change feed.
    return subscribe((event) => {
      if (event.type === 'reopened' || (event.type === 'job' && event.job.kind === 'ocr')) doc.reload();
    });
  }, [pending, doc.reload]);

  if (!d) return <PageState query={doc} />;
  const page = d.pages.find((p) => p.seq === seq) ?? d.pages[0];
  // Forms are filled in beside the scan they come from, on the unit the document is filed under.
  const tier = d.unitPath.at(-1)?.tier;
  const formTypes = FORM_TYPES.filter((t) => FORM_TIER[t] === tier);
  const showPage = (p: PageInfo) => go({ page: 'document', id: d.id, seq: p.seq, ...(query ? { q: query } : {}) });
  const act = async (work: () => Promise<DocumentDetail>) => {
    setBusy(true);
    try {
      doc.setData(await work());
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const move = (p: PageInfo, dir: -1 | 1) => {
    const ids = d.pages.map((x) => x.id);
    const i = ids.indexOf(p.id);
    const j = i + dir;
    if (j < 0 || j >= ids.length) return;
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    void act(() => api('documents.reorder', { id: d.id, pageIds: ids })).then(() => go({ page: 'document', id: d.id, seq: j + 1 }));
  };
  const exportPdf = async () => {
    setBusy(true);
    try {
      const pdf = await api('documents.pdf', { id: d.id });
      download(await api('file.dataUrl', { sha256: pdf.sha256 }), pdf.fileName);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 12, height: '100%' }}>
      <Breadcrumb
        items={
          d.unitPath.length
            ? d.unitPath.map((u) => ({ title: <a onClick={() => open(u.tier, u.id)}>{u.name}</a> }))
            : [{ title: <a onClick={() => go({ page: 'import' })}>收件箱</a> }]
        }
      />
      <Card size="small" styles={{ body: { paddingBottom: 8 } }}>
        <div style={{ display: 'flex', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="document-title">
            {d.title}
          </Typography.Title>
          {d.item ? <Tag color="geekblue">{splitItem(d.item).name}</Tag> : <Tag color="orange">{d.unitId === null ? '待归档' : '未选档案项目'}</Tag>}
          <Typography.Text type="secondary">{d.pageCount} 页</Typography.Text>
          {ocrTag(d)}
          <Space style={{ marginLeft: 'auto' }}>
            {formTypes.length ? (
              <Dropdown menu={{ items: formTypes.map((t) => ({ key: t, label: FORM_LABEL[t] })), onClick: ({ key }) => setFilling(key as FormType) }}>
                <Button data-testid="document-form">填写表单</Button>
              </Dropdown>
            ) : null}
            <MergeButton document={d} onMerged={doc.setData} />
            <Button onClick={() => setFiling(true)} data-testid="document-file">
              {d.unitId === null ? '归档' : '移动'}
            </Button>
            <WithdrawButton document={d} />
            <Tooltip title="页面图像加上不可见的识别文字：拷到U盘后在任何阅读器中都能搜索">
              <Button icon={<FilePdfOutlined />} loading={busy} onClick={() => void exportPdf()} data-testid="document-pdf">
                导出可检索PDF
              </Button>
            </Tooltip>
          </Space>
        </div>
      </Card>
      <DescriptionCard key={`${d.id}-${pending}`} documentId={d.id} onSaved={doc.reload} />
      <div style={{ display: 'flex', gap: 12, flex: 1, minHeight: 560 }}>
        <Card size="small" title="页面" style={{ width: 150, flexShrink: 0, overflow: 'auto' }} styles={{ body: { padding: 8 } }}>
          {d.pages.map((p, i) => (
            <div key={p.id} data-testid="page-thumb" style={{ marginBottom: 10, textAlign: 'center' }}>
              <div
                onClick={() => showPage(p)}
                style={{ cursor: 'pointer', border: p.id === page?.id ? '2px solid #1f5fa8' : '2px solid transparent', borderRadius: 4, padding: 2 }}
              >
                {p.thumbSha256 ? <StoredImage sha256={p.thumbSha256} alt={`第${p.seq}页`} style={{ width: 110 }} /> : null}
              </div>
              <Space size={2}>
                <Typography.Text style={{ fontSize: 12 }}>第{p.seq}页</Typography.Text>
                <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0 || busy} onClick={() => move(p, -1)} title="上移" />
                <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === d.pages.length - 1 || busy} onClick={() => move(p, 1)} title="下移" />
              </Space>
              {i > 0 ? (
                <Popconfirm title={`从第${p.seq}页起拆成另一件？`} okText="拆分" cancelText="取消" onConfirm={() => void act(() => api('documents.split', { id: d.id, atSeq: p.seq }))}>
                  <Button size="small" type="link" icon={<ScissorOutlined />} style={{ fontSize: 12 }}>
                    从此页拆分
                  </Button>
                </Popconfirm>
              ) : null}
            </div>
          ))}
        </Card>
        {page ? (
          <>
            <Card size="small" style={{ flex: 3, minWidth: 0 }} styles={{ body: { height: '100%' } }}>
              <PageImage
                // A turned page is a new image: its word boxes and marks are fetched again with it.
                key={`${page.id}/${page.accessSha256 ?? ''}`}
                page={page}
                query={query}
                rotating={busy}
                onRotate={(delta) => void act(() => api('pages.rotate', { pageId: page.id, rotation: (((page.rotation + delta) % 360) + 360) % 360 as 0 | 90 | 180 | 270 }))}
              />
            </Card>
            <Card size="small" title={`第${page.seq}页 文字`} style={{ flex: 2, minWidth: 280 }} styles={{ body: { height: 'calc(100% - 40px)' } }}>
              <PageText page={page} onSaved={doc.setData} />
            </Card>
          </>
        ) : null}
      </div>
      <HistorySection documentId={d.id} style={{ marginTop: 0 }} />
      {filing ? <FileDialog document={d} onClose={() => setFiling(false)} onFiled={doc.reload} /> : null}
      {filling && d.unitId !== null ? <FormEditor unitId={d.unitId} type={filling} record={null} documentId={d.id} onClose={() => setFilling(null)} onSaved={() => undefined} /> : null}
    </div>
  );
}
