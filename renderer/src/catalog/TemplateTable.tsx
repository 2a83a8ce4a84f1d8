// The dossier template of a unit's tier (一村一档 7类22项, 乡级 5类22项, 县级 classes, 一户一档) as one list: each
// item with the number of documents filed under it (documents.list), or 暂无文件 — never made-up numbers; the count
// opens the item's documents inside its row (an expanded table row would break the category cell's row span), and
// 添加 imports scans straight into that item. Documents filed to the unit without one of
// these items (no item chosen yet, or a 八有/十有 entry of its own) are listed below the table, never left out.
import { DownOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { DocumentSummary, TemplateCategory, Tier } from '../../../shared/domain';
import { DOSSIER_NAME } from '../../../shared/tiers';
import { useApiQuery } from '../api/useApiQuery';
import { useRoute } from '../stores/route';
import { DocumentList } from './DocumentList';


/** 一村一档（7类22项） */
export function templateTitle(tier: Tier, template: TemplateCategory[]): string {
  return `${DOSSIER_NAME[tier]}（${template.length}类${template.reduce((n, c) => n + c.items.length, 0)}项）`;
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
  // The figures 检查 counts for this unit (template items, 十有/八有, 明白卡, 家庭户档 record): one set of numbers.
  const completeness = useApiQuery('completeness.unit', { unitId });
  const extraEntries = (completeness.data?.entries ?? []).filter((e) => e.kind !== 'item');
  const rows = useMemo(() => rowsOf(template), [template]);
  const go = useRoute((s) => s.go);
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const toggle = (path: string) =>
    setOpen((was) => {
      const next = new Set(was);
      if (!next.delete(path)) next.add(path);
      return next;
    });
  const { byItem, others } = useMemo(() => {
    const paths = new Set(rows.map((r) => r.path));
    const groups = new Map<string, DocumentSummary[]>();
    const rest: DocumentSummary[] = [];
    for (const d of documents.data ?? []) {
      if (d.item && paths.has(d.item)) groups.set(d.item, [...(groups.get(d.item) ?? []), d]);
      else rest.push(d);
    }
    return { byItem: groups, others: rest };
  }, [documents.data, rows]);
  const filed = useMemo(() => new Map([...byItem].map(([item, docs]) => [item, docs.length])), [byItem]);
  const total = documents.data?.length ?? 0;
  const itemsWithFiles = rows.filter((r) => filed.has(r.path)).length;

  return (
    <div data-testid="unit-template">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', marginBottom: 8 }}>
        <Typography.Text strong>{templateTitle(tier, template)}</Typography.Text>
        {documents.data ? (
          <Typography.Text type="secondary" data-testid="unit-completeness">
            已归档 {total} 件，{itemsWithFiles}/{rows.length} 项有文件
            {completeness.data ? `；按检查口径齐全 ${completeness.data.present}/${completeness.data.required} 项` : ''}
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
            onCell: () => ({ style: { verticalAlign: 'top' } }),
            render: (_, r) => (
              <>
                <span>
                  <Typography.Text type="secondary" style={{ marginInlineEnd: 6 }}>
                    {r.categoryNo}.{r.itemNo}
                  </Typography.Text>
                  {r.item}
                </span>
                {open.has(r.path) && byItem.has(r.path) ? <DocumentList documents={byItem.get(r.path)!} testId="item-documents" /> : null}
              </>
            ),
          },
          {
            title: '已归档',
            key: 'filed',
            width: 110,
            align: 'center',
            onCell: () => ({ style: { verticalAlign: 'top' } }),
            render: (_, r) => {
              if (documents.error) return <Typography.Text type="danger">无法读取</Typography.Text>;
              const n = filed.get(r.path) ?? 0;
              if (!n) return <Typography.Text type="secondary">暂无文件</Typography.Text>;
              const shown = open.has(r.path);
              return (
                <Button
                  size="small"
                  icon={shown ? <DownOutlined /> : <RightOutlined />}
                  iconPlacement="end"
                  onClick={() => toggle(r.path)}
                  title={shown ? '收起文件列表' : '展开文件列表'}
                  data-testid="item-filed"
                  style={{ color: '#15803d', borderColor: '#86efac' }}
                >
                  {n} 件
                </Button>
              );
            },
          },
          {
            title: '',
            key: 'add',
            width: 70,
            align: 'center',
            onCell: () => ({ style: { verticalAlign: 'top' } }),
            render: (_, r) => (
              <Typography.Link onClick={() => go({ page: 'import', unitId, item: r.path })} data-testid="item-add">
                添加
              </Typography.Link>
            ),
          },
        ]}
      />
      {extraEntries.length ? (
        <div style={{ marginTop: 12 }} data-testid="completeness-extra">
          <Typography.Text strong>检查同样计入的项目</Typography.Text>
          <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, marginTop: 6 }}>
            {extraEntries.map((e) => (
              <Tag key={e.path} color={e.present ? 'green' : 'orange'} data-testid="completeness-entry">
                {e.path.slice(e.path.indexOf('/') + 1)}
                {e.kind === 'checklist' ? `（${e.path.slice(0, e.path.indexOf('/'))}）` : ''}：{e.present ? '已有' : e.lacking ? `缺${e.lacking.replace(/^缺/, '')}` : '缺'}
              </Tag>
            ))}
          </div>
        </div>
      ) : null}
      {others.length ? (
        <div style={{ marginTop: 12 }} data-testid="unit-other-documents">
          <Typography.Text strong>不在以上档案项目中的文件（{others.length} 件）</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
            打开文件后点“移动”可选择档案项目
          </Typography.Text>
          <DocumentList documents={others} showItem testId="other-documents" />
        </div>
      ) : null}
      {documents.error ? (
        <Typography.Paragraph type="danger" style={{ marginTop: 8, marginBottom: 0 }}>
          文件数读取失败：{documents.error.message}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
