// Choosing where documents go: a unit by type-ahead (catalog.search over names, 户编号, 档号) and one of its
// template's items (documents.items). Used by the import page and when filing an inbox document.
import { AutoComplete, Input, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { TIER_LABEL, type CatalogHit, type Tier } from '../../../shared/domain';
import { callApi } from '../api/client';
import { useApiQuery } from '../api/useApiQuery';

const DEBOUNCE_MS = 250;

export interface PickedUnit {
  id: number;
  name: string;
  tier: Tier;
  pathLabel: string;
}

/** '村情概况/村情简介/行政村基本情况登记表' → category and item (the item may hold a slash itself). */
export function splitItem(item: string): { category: string; name: string } {
  const at = item.indexOf('/');
  return { category: item.slice(0, at), name: item.slice(at + 1) };
}

export function UnitPicker({ value, onChange, testId }: { value: PickedUnit | null; onChange(unit: PickedUnit | null): void; testId: string }) {
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CatalogHit[]>([]);
  const latest = useRef(0);
  useEffect(() => {
    const q = query.trim();
    const request = ++latest.current;
    if (!q) return setHits([]);
    const timer = setTimeout(() => {
      void callApi('catalog.search', { query: q, limit: 20 }).then((r) => {
        if (request === latest.current && r.ok) setHits(r.value);
      });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query]);

  if (value) {
    return (
      <Space data-testid={`${testId}-chosen`}>
        <Tag color="geekblue">{TIER_LABEL[value.tier]}</Tag>
        <Typography.Text strong>{value.name}</Typography.Text>
        <Typography.Text type="secondary">{value.pathLabel}</Typography.Text>
        <Typography.Link onClick={() => onChange(null)}>更换</Typography.Link>
      </Space>
    );
  }
  return (
    <AutoComplete
      style={{ width: 420 }}
      value={query}
      onChange={setQuery}
      onSelect={(_, option) => {
        const hit = (option as { hit: CatalogHit }).hit;
        onChange({ id: hit.unitId, name: hit.name, tier: hit.tier, pathLabel: hit.pathLabel });
        setQuery('');
      }}
      options={hits.map((hit) => ({
        value: String(hit.unitId),
        hit,
        label: (
          <div data-testid={`${testId}-option`}>
            <Typography.Text strong>{hit.name}</Typography.Text> <Tag style={{ fontSize: 12 }}>{TIER_LABEL[hit.tier]}</Tag>
            <div style={{ fontSize: 12, color: '#6b7280' }}>{hit.pathLabel}</div>
          </div>
        ),
      }))}
    >
      <Input.Search placeholder="输入村名、户主姓名、户编号或档号" data-testid={testId} />
    </AutoComplete>
  );
}

export function ItemSelect({ unitId, value, onChange, testId }: { unitId: number; value: string | null; onChange(item: string | null): void; testId: string }) {
  const items = useApiQuery('documents.items', { unitId });
  return (
    <Select
      data-testid={testId}
      style={{ width: 420 }}
      placeholder="选择档案项目（可稍后再选）"
      allowClear
      showSearch
      loading={items.loading}
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange(v ?? null)}
      options={Object.entries(
        (items.data ?? []).reduce<Record<string, string[]>>((groups, item) => {
          const { category } = splitItem(item);
          (groups[category] ??= []).push(item);
          return groups;
        }, {}),
      ).map(([category, list]) => ({ label: category, options: list.map((item) => ({ value: item, label: splitItem(item).name })) }))}
    />
  );
}

/** Loads the unit a page was opened for (添加 on a template row, 打印 on a unit page) into its picker. */
export function PresetUnit({ unitId, onLoaded }: { unitId: number; onLoaded(unit: PickedUnit): void }) {
  const unit = useApiQuery('catalog.unit', { id: unitId });
  const d = unit.data;
  useEffect(() => {
    if (d) onLoaded({ id: d.id, name: d.name, tier: d.tier, pathLabel: d.path.slice(0, -1).map((p) => p.name).join(' / ') });
  }, [d, onLoaded]);
  return null;
}
