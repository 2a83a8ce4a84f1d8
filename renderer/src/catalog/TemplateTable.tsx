// The dossier template of a unit's tier (一村一档 7类22项, 乡级 5类22项, 县级 classes, 一户一档) as one list: each
// item with the number of documents filed under it (documents.list), or 暂无文件 — never made-up numbers; a row
// opens to its documents, and 添加 imports scans straight into that item.
import { Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { DocumentSummary, TemplateCategory, Tier } from '../../../shared/domain';
import { useApiQuery } from '../api/useApiQuery';
import { ocrTag } from '../digitize/Inbox';
import { useRoute } from '../stores/route';

const TEMPLATE_NAME: Record<Tier, string> = { county: '县级档案', township: '乡级档案', village: '一村一档', household: '一户一档' };

/** 一村一档（7类22项） */
export function templateTitle(tier: Tier, template: TemplateCategory[]): string {
  return `${TEMPLATE_NAME[tier]}（${template.length}类${template.reduce((n, c) => n + c.items.length, 0)}项）`;
}

interface Row {
  key: string;
  /** '<category>/<item>', as documents are filed. */
  path: string;
  category: string;
  categoryNo: string;
  item: string;
  itemNo: number;
  /** Rows the category cell spans (0 = covered by the row above). */
  span: number;
}

function rowsOf(template: TemplateCategory[]): Row[] {
  return template.flatMap((c, ci) =>
    c.items.map((item, ii) => ({
      key: `${c.name}/${item}`,
      path: `${c.name}/${item}`,
      category: c.name,
      // Numeric class codes (01 综合类) are the archive's own numbering; other codes are internal.
      categoryNo: c.code && /^\d+$/.test(c.code) ? c.code : String(ci + 1),
      item,
      itemNo: ii + 1,
      span: ii === 0 ? c.items.length : 0,
    })),
  );
}

export function TemplateTable({ unitId, tier, template }: { unitId: number; tier: Tier; template: TemplateCategory[] }) {
  const documents = useApiQuery('documents.list', { unitId });
  const rows = useMemo(() => rowsOf(template), [template]);
  const go = useRoute((s) => s.go);
  const byItem = useMemo(() => {
    const groups = new Map<string, DocumentSummary[]>();
    for (const d of documents.data ?? []) if (d.item) groups.set(d.item, [...(groups.get(d.item) ?? []), d]);
    return groups;
  }, [documents.data]);
  const filed = useMemo(() => new Map([...byItem].map(([item, docs]) => [item, docs.length])), [byItem]);
  const total = documents.data?.filter((d) => d.item).length ?? 0;
  const itemsWithFiles = rows.filter((r) => filed.has(r.path)).length;

  return (
    <div data-testid="unit-template">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 8 }}>
        <Typography.Text strong>{templateTitle(tier, template)}</Typography.Text>
        {documents.data ? (
          <Typography.Text type="secondary">
            已归档 {total} 件，{itemsWithFiles}/{rows.length} 项有文件
          </Typography.Text>
        ) : null}
      </div>
      <Table<Row>
        size="small"
        bordered
        pagination={false}
        dataSource={rows}
        loading={documents.loading}
        expandable={{
          // The open/close control sits beside the count it opens.
          expandIconColumnIndex: 3,
          rowExpandable: (r) => filed.has(r.path),
          expandedRowRender: (r) => (
            <div data-testid="item-documents">
              {(byItem.get(r.path) ?? []).map((d) => (
                <div key={d.id} style={{ display: 'flex', gap: 12, alignItems: 'center', padding: '2px 0' }}>
                  <Typography.Link onClick={() => go({ page: 'document', id: d.id })}>{d.title}</Typography.Link>
                  <Typography.Text type="secondary">{d.pageCount} 页</Typography.Text>
                  {ocrTag(d)}
                </div>
              ))}
            </div>
          ),
        }}
        columns={[
          {
            title: '类目',
            dataIndex: 'category',
            width: 180,
            onCell: (r) => ({ rowSpan: r.span, style: { verticalAlign: 'top', background: '#fafbfc' } }),
            render: (_, r) => (
              <Typography.Text strong>
                {r.categoryNo}. {r.category}
              </Typography.Text>
            ),
          },
          {
            title: '档案项目',
            dataIndex: 'item',
            render: (_, r) => (
              <span>
                <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
                  {r.categoryNo}.{r.itemNo}
                </Typography.Text>
                {r.item}
              </span>
            ),
          },
          {
            title: '已归档',
            key: 'filed',
            width: 110,
            align: 'center',
            render: (_, r) => {
              if (documents.error) return <Typography.Text type="danger">无法读取</Typography.Text>;
              const n = filed.get(r.path) ?? 0;
              return n ? <Tag color="green">{n} 件</Tag> : <Typography.Text type="secondary">暂无文件</Typography.Text>;
            },
          },
          {
            title: '',
            key: 'add',
            width: 70,
            align: 'center',
            render: (_, r) => (
              <Typography.Link onClick={() => go({ page: 'import', unitId, item: r.path })} data-testid="item-add">
                添加
              </Typography.Link>
            ),
          },
        ]}
      />
      {documents.error ? (
        <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
          文件数读取失败：{documents.error.message}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
