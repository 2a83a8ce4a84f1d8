// The units under this one (townships, villages or households) for quick navigation, with a name filter
// (a village can have ~300 households).
import { Input, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { TIER_LABEL, type Tier, type UnitNode } from '../../../shared/domain';
import { CHILD_TIER } from '../../../shared/tiers';
import { useApiQuery } from '../api/useApiQuery';
import { hashOf, routeOf, useRoute } from '../stores/route';
import { StatusTag } from './StatusTag';

const COUNT_LABEL: Record<Tier, string> = { city: '', county: '乡镇数', township: '村数', village: '户数', household: '' };

export function ChildrenTable({ parentId, tier }: { parentId: number; tier: Tier }) {
  const children = useApiQuery('catalog.children', { parentId });
  const open = useRoute((s) => s.open);
  const [filter, setFilter] = useState('');
  const childTier = CHILD_TIER[tier];
  const rows = useMemo(() => {
    const f = filter.trim();
    return (children.data ?? []).filter((n) => !f || n.name.includes(f) || n.archiveCode.includes(f));
  }, [children.data, filter]);
  if (!childTier) return null;
  const label = childTier === 'household' ? '户' : TIER_LABEL[childTier];

  return (
    <div data-testid="unit-children">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 8 }}>
        <Typography.Text strong>
          下辖{label}（{children.data?.length ?? '…'}）
        </Typography.Text>
        <Input.Search
          size="small"
          allowClear
          placeholder={childTier === 'household' ? '按户主姓名或档号筛选' : '按名称或档号筛选'}
          style={{ width: 220 }}
          onChange={(e) => setFilter(e.target.value)}
        />
      </div>
      {children.error ? <Typography.Text type="danger">{children.error.message}</Typography.Text> : null}
      <Table<UnitNode>
        size="small"
        rowKey="id"
        loading={children.loading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 项` } : false}
        onRow={(row) => ({ onClick: () => open(row.tier, row.id), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: childTier === 'household' ? '户主' : '名称',
            dataIndex: 'name',
            render: (name: string, row) => <a href={hashOf(routeOf(row.tier, row.id))}>{name}</a>,
          },
          { title: '档号', dataIndex: 'archiveCode', width: 280 },
          childTier === 'household'
            ? { title: '户类型', key: 'status', width: 120, render: (_, row) => (row.status ? <StatusTag status={row.status} /> : '—') }
            : { title: COUNT_LABEL[childTier], dataIndex: 'childCount', width: 100, align: 'right' as const },
        ]}
      />
    </div>
  );
}
