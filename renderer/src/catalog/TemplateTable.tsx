// The dossier template of a unit's tier (一村一档 7类22项, 乡级 5类22项, 县级 classes, 一户一档) as one list: each
// item with the number of documents filed under it (documents.list), or 暂无文件 — never made-up numbers.
import { Table, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import type { TemplateCategory, Tier } from '../../../shared/domain';
import { useApiQuery } from '../api/useApiQuery';

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
  const filed = useMemo(() => {
    const counts = new Map<string, number>();
    for (const d of documents.data ?? []) if (d.item) counts.set(d.item, (counts.get(d.item) ?? 0) + 1);
    return counts;
  }, [documents.data]);
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
