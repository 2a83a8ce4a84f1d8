// Type-ahead over names, villages, 户编号 and ID numbers (masked in the list).
import { AutoComplete, Input, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { TIER_LABEL, type CatalogHit } from '../../../shared/domain';
import { api } from '../api/client';
import { useRoute } from '../stores/route';

export function SearchBox() {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CatalogHit[]>([]);
  const open = useRoute((s) => s.open);

  useEffect(() => {
    const q = query.trim();
    if (!q) return setHits([]);
    const timer = setTimeout(() => {
      void api('catalog.search', { query: q, limit: 20 }).then(setHits, () => setHits([]));
    }, 200);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <AutoComplete
      style={{ width: '100%', marginBottom: 12 }}
      value={query}
      onChange={setQuery}
      onSelect={(value: string) => {
        open(Number(value));
        setQuery('');
      }}
      options={hits.map((h) => ({
        value: String(h.unitId),
        label: (
          <div data-testid="search-hit">
            <div>
              <Typography.Text strong>{h.name}</Typography.Text>
              <Typography.Text type="secondary">（{TIER_LABEL[h.tier]}）</Typography.Text>
            </div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {h.pathLabel}
            </Typography.Text>
            {h.matchedLabel ? <div style={{ fontSize: 12 }}>{h.matchedLabel}</div> : null}
          </div>
        ),
      }))}
      notFoundContent={query.trim() ? '没有找到' : null}
    >
      <Input.Search placeholder="搜索姓名、村名、户编号或身份证号" allowClear data-testid="catalog-search" />
    </AutoComplete>
  );
}
