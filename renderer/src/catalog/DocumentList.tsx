// Documents of a unit as a row of small cards: first page, title, pages and OCR state; a click opens the viewer.
// Used under a template row of a unit page and for the documents filed without a template item.
import { Tag, Typography } from 'antd';
import type { DocumentSummary } from '../../../shared/domain';
import { ocrTag } from '../digitize/Inbox';
import { StoredImage } from '../digitize/StoredImage';
import { useRoute } from '../stores/route';

export function DocumentList({ documents, showItem = false, testId }: { documents: readonly DocumentSummary[]; showItem?: boolean; testId: string }) {
  const go = useRoute((s) => s.go);
  return (
    <div data-testid={testId} style={{ display: 'flex', flexWrap: 'wrap', gap: 10, padding: '4px 0' }}>
      {documents.map((d) => (
        <div
          key={d.id}
          data-testid="unit-document"
          onClick={() => go({ page: 'document', id: d.id })}
          title={`打开“${d.title}”`}
          style={{ display: 'flex', gap: 8, width: 260, padding: 6, border: '1px solid #e5e7eb', borderRadius: 6, background: '#fff', cursor: 'pointer' }}
        >
          <div style={{ width: 48, height: 64, flexShrink: 0, background: '#f3f4f6', display: 'flex', alignItems: 'center', justifyContent: 'center', overflow: 'hidden' }}>
            {d.thumbSha256 ? <StoredImage sha256={d.thumbSha256} alt={d.title} style={{ maxWidth: 48, maxHeight: 64, width: 48, height: 64, objectFit: 'contain' }} /> : null}
          </div>
          <div style={{ minWidth: 0, display: 'flex', flexDirection: 'column', gap: 2 }}>
            <Typography.Link ellipsis style={{ maxWidth: 190 }}>
              {d.title}
            </Typography.Link>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.pageCount} 页 · 导入于 {new Date(d.createdAt).toLocaleDateString('zh-CN')}
            </Typography.Text>
            <span>
              {ocrTag(d)}
              {showItem ? <Tag style={{ marginTop: 2 }}>{d.item ? d.item : '未选档案项目'}</Tag> : null}
            </span>
          </div>
        </div>
      ))}
    </div>
  );
}
