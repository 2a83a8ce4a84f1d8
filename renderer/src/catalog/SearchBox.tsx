// Type-ahead over names (members and units), 户编号 and ID numbers (catalog.search, debounced). A hit shows the
// name, where it is, and the member that matched with the ID number masked; choosing one opens that unit, and
// its page reveals it in the tree.
import { SearchOutlined } from '@ant-design/icons';
import { AutoComplete, Input, Spin, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { TIER_LABEL, type CatalogHit } from '../../../shared/domain';
import { callApi } from '../api/client';
import { useRoute } from '../stores/route';

const DEBOUNCE_MS = 250;

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
  const [hits, setHits] = useState<CatalogHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const open = useRoute((s) => s.open);

  useEffect(() => {
    const q = query.trim();
    const request = ++latest.current;
    if (!q) {
      setHits(null);
      setSearching(false);
      return;
    }
    setSearching(true);
    const timer = setTimeout(() => {
      void callApi('catalog.search', { query: q, limit: 20 }).then((result) => {
        if (request !== latest.current) return; // the clerk typed on; an older answer must not win
        setSearching(false);
        setHits(result.ok ? result.value : []);
        setError(result.ok ? null : result.error.message);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  const q = query.trim();
  let notFound: React.ReactNode = null;
  if (q && searching && !hits?.length) notFound = <Spin size="small" description="正在搜索…" />;
  else if (q && error) notFound = <Typography.Text type="danger">{error}</Typography.Text>;
  else if (q && hits && hits.length === 0) notFound = <span data-testid="search-empty">没有找到“{q}”</span>;

  return (
    <AutoComplete
      style={{ width: '100%' }}
      value={query}
      onChange={(v: string) => setQuery(v)}
      popupMatchSelectWidth={380}
      onSelect={(_: string, option: { hit: CatalogHit }) => {
        open(option.hit.tier, option.hit.unitId);
        setQuery('');
      }}
      options={(q ? (hits ?? []) : []).map((hit) => ({ value: String(hit.unitId), hit, label: <HitLabel hit={hit} /> }))}
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
