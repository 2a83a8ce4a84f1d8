// Type-ahead over names (members and units), 户编号 and ID numbers (catalog.search, debounced). A hit shows the
// name, where it is, and the member that matched with the ID number masked; choosing one opens that unit, and
// its page reveals it in the tree. Only hits of what is typed now are offered; Enter opens the first; 更多 shows more.
import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { TIER_LABEL, type CatalogHit } from '../../../shared/domain';
import { callApi } from '../api/client';
import { useRoute } from '../stores/route';

const DEBOUNCE_MS = 250;
/** Hits shown at first; 更多 asks for up to MORE_LIMIT. One more is asked for to know whether there are more. */
const FIRST_LIMIT = 20;
const MORE_LIMIT = 100;
const MORE_KEY = '__more__';

function HitLabel({ hit }: { hit: CatalogHit }) {
  return (
    <div data-testid="search-hit" style={{ lineHeight: 1.5, padding: '2px 0' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 6 }}>
        <Typography.Text strong>{hit.name}</Typography.Text>
        <Tag style={{ marginInlineEnd: 0, fontSize: 12, lineHeight: '18px' }}>{TIER_LABEL[hit.tier]}</Tag>
      </div>
      <div style={{ fontSize: 12, color: '#6b7280', whiteSpace: 'normal' }}>{hit.pathLabel}</div>
      {hit.matchedLabel ? <div style={{ fontSize: 12, color: '#1f5fa8', whiteSpace: 'normal' }}>{hit.matchedLabel}</div> : null}
    </div>
  );
}

export function SearchBox() {
  const [query, setQuery] = useState('');
  // Hits carry the query they answer: while a newer query is on its way nothing older is offered, so neither a
  // click nor Enter can open a household of the previous query.
  const [answer, setAnswer] = useState<{ query: string; limit: number; hits: CatalogHit[] } | null>(null);
  const [limit, setLimit] = useState(FIRST_LIMIT);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const open = useRoute((s) => s.open);

  useEffect(() => setLimit(FIRST_LIMIT), [query]);

  useEffect(() => {
    const q = query.trim();
    const request = ++latest.current;
    if (!q) {
      setAnswer(null);
      setSearching(false);
      return;
    }
    setSearching(true);
    const timer = setTimeout(() => {
      void callApi('catalog.search', { query: q, limit: limit + 1 }).then((result) => {
        if (request !== latest.current) return; // the clerk typed on; an older answer must not win
        setSearching(false);
        setAnswer({ query: q, limit, hits: result.ok ? result.value : [] });
        setError(result.ok ? null : result.error.message);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, limit]);

  const q = query.trim();
  const current = answer && answer.query === q ? answer : null;
  const hits = current ? current.hits.slice(0, current.limit) : null;
  const more = current ? current.hits.length > current.limit && current.limit < MORE_LIMIT : false;
  let notFound: React.ReactNode = null;
  if (q && !current) notFound = <Spin size="small" description="正在搜索…" />;
  else if (q && error) notFound = <Typography.Text type="danger">{error}</Typography.Text>;
  else if (q && hits && hits.length === 0) notFound = <span data-testid="search-empty">没有找到“{q}”</span>;
  const options = [
    ...(hits ?? []).map((hit) => ({ value: String(hit.unitId), hit, label: <HitLabel hit={hit} /> })),
    ...(more ? [{ value: MORE_KEY, hit: null, label: <span data-testid="search-more" style={{ color: '#1f5fa8' }}>更多（显示至多{MORE_LIMIT}条）…</span> }] : []),
  ];

  return (
    <AutoComplete
      style={{ width: '100%' }}
      value={query}
      onChange={(v: string) => v !== MORE_KEY && setQuery(v)}
      popupMatchSelectWidth={380}
      // Enter opens the first hit (the first option is active as soon as the list belongs to what was typed).
      defaultActiveFirstOption
      // At most 100 hits: all rendered, so 更多 at the end is there to click.
      virtual={false}
      onSelect={(value: string, option: { hit: CatalogHit | null }) => {
        if (value === MORE_KEY || !option.hit) {
          setLimit(MORE_LIMIT);
          return;
        }
        open(option.hit.tier, option.hit.unitId);
        setQuery('');
      }}
      options={q ? options : []}
      notFoundContent={notFound}
    >
      <Input
        data-testid="catalog-search"
        placeholder="搜索姓名、村名、户编号或身份证号"
        prefix={<SearchOutlined style={{ color: '#9ca3af' }} />}
        suffix={searching ? <Spin size="small" /> : <span />}
        allowClear
        aria-label="搜索档案目录"
      />
    </AutoComplete>
  );
}
