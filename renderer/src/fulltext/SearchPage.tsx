// 全文检索: page text (the clerk's corrections included), titles and place names; 1-, 2- and 3+-character Chinese
// queries, optionally within a unit's subtree and one template item. Each hit says where it is filed and on which
// page, with the matching words marked; opening it shows that page in the viewer.
import { SearchOutlined } from '@ant-design/icons';
import { Alert, Card, Empty, Input, List, Pagination, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SearchHit } from '../../../shared/domain';
import { searchTotalLabel } from '../../../shared/searchTotal';
import { useApiQuery } from '../api/useApiQuery';
import { PageState } from '../layout/PageState';
import { useRoute } from '../stores/route';
import { ItemSelect, splitItem, UnitPicker, type PickedUnit } from '../digitize/UnitPicker';
import { useOcrStatus } from '../stores/ocrStatus';

const PAGE_SIZE = 20;

function Snippet({ hit }: { hit: SearchHit }) {
  return (
    <Typography.Paragraph style={{ marginBottom: 0, color: '#374151' }} data-testid="search-snippet">
      {hit.snippet.map((s, i) =>
        s.match ? (
          <mark key={i} style={{ background: '#fde68a', padding: '0 1px' }}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </Typography.Paragraph>
  );
}

export function SearchPage({ query }: { query: string }) {
  const go = useRoute((s) => s.go);
  const [input, setInput] = useState(query);
  const [page, setPage] = useState(1);
  // Narrowing to a unit's subtree (a township, a village, a household) and to one of its template items.
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const [item, setItem] = useState<string | null>(null);
  useEffect(() => setInput(query), [query]);
  const q = query.trim();
  return (
    <Card size="small" title="全文检索" data-testid="search-page">
      <div style={{ marginBottom: 12 }}>
        <Input.Search
          value={input}
          onChange={(e) => setInput(e.target.value)}
          onSearch={(v) => {
            setPage(1);
            go({ page: 'search', query: v.trim() });
          }}
          enterButton={<><SearchOutlined /> 检索</>}
          placeholder="输入要找的字词，如 低保、姓名、身份证号后几位；多个词用空格隔开"
          style={{ maxWidth: 640 }}
          data-testid="search-page-input"
        />
      </div>
      <Space wrap style={{ display: 'flex', marginBottom: 12 }} data-testid="search-filters">
        <Typography.Text type="secondary">范围：</Typography.Text>
        <UnitPicker
          value={unit}
          onChange={(u) => {
            setUnit(u);
            setItem(null);
            setPage(1);
          }}
          testId="search-unit"
        />
        {unit ? (
          <ItemSelect
            unitId={unit.id}
            value={item}
            onChange={(i) => {
              setItem(i);
              setPage(1);
            }}
            testId="search-item"
          />
        ) : null}
      </Space>
      {q ? (
        <Results query={q} unitId={unit?.id ?? null} item={item} page={page} onPage={setPage} />
      ) : (
        <Empty description="输入字词后检索扫描件的文字、文件题名和单位名称" />
      )}
    </Card>
  );
}

/** No hit: what the clerk can try, and why a page just scanned may not be found yet. */
function NothingFound({ query, scoped, indexing }: { query: string; scoped: boolean; indexing: number }) {
  const ocrPending = useOcrStatus((s) => s.status?.pending ?? 0);
  const tips = [
    scoped ? '已限定范围：点“更换”可在全部档案中检索' : null,
    '换个说法或少输几个字（两个字即可，如姓名）',
    '检查是否有错别字；扫描件上的字可能被识别错，可在查看页面校对后再检索',
    ocrPending > 0 ? `还有 ${ocrPending} 页正在识别文字，识别完成后才能检索到` : null,
    indexing > 0 ? `还有 ${indexing} 处新内容正在编入索引` : null,
  ].filter((t): t is string => t !== null);
  return (
    <Empty
      data-testid="search-empty"
      description={
        <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center' }}>
          <Typography.Text strong>没有找到“{query}”</Typography.Text>
          <ul style={{ textAlign: 'left', margin: '8px 0 0', paddingInlineStart: 20, color: '#6b7280' }}>
            {tips.map((t) => (
              <li key={t}>{t}</li>
            ))}
          </ul>
        </div>
      }
    />
  );
}

function Results({ query, unitId, item, page, onPage }: { query: string; unitId: number | null; item: string | null; page: number; onPage(page: number): void }) {
  const go = useRoute((s) => s.go);
  const result = useApiQuery('search.documents', {
    query,
    ...(unitId !== null ? { unitId } : {}),
    ...(item !== null ? { item } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const r = result.data;
  if (!r) return <PageState query={result} />;
  if (r.hits.length === 0) {
    return <NothingFound query={query} scoped={unitId !== null} indexing={r.pending} />;
  }
  return (
    <>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }} data-testid="search-total">
        找到 {searchTotalLabel(r)}
        {r.ranked ? '（按相关程度排序）' : '（结果太多，按录入先后由新到旧列出）'}
      </Typography.Paragraph>
      {r.pending > 0 ? <Alert type="info" showIcon message={`还有 ${r.pending} 处新内容正在编入索引，结果可能不全`} style={{ margin: '8px 0' }} /> : null}
      <List
        dataSource={r.hits}
        renderItem={(hit) => (
          <List.Item
            data-testid="search-result"
            style={{ cursor: 'pointer' }}
            onClick={() => go({ page: 'document', id: hit.documentId, ...(hit.pageSeq ? { seq: hit.pageSeq } : {}), q: query })}
          >
            <List.Item.Meta
              title={
                <span style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
                  <Typography.Link>{hit.documentTitle}</Typography.Link>
                  {hit.pageSeq ? <Tag>第{hit.pageSeq}页</Tag> : <Tag color="purple">题名/单位</Tag>}
                  {hit.item ? <Tag color="geekblue">{splitItem(hit.item).name}</Tag> : null}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {hit.pathLabel}
                  </Typography.Text>
                </span>
              }
              description={<Snippet hit={hit} />}
            />
          </List.Item>
        )}
      />
      {r.total > PAGE_SIZE ? <Pagination current={page} pageSize={PAGE_SIZE} total={Math.min(r.total, 1000)} onChange={onPage} showSizeChanger={false} /> : null}
    </>
  );
}
