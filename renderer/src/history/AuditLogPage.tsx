// 操作记录 of the whole library: who did what, when, where — filtered by 操作人, 日期, 内容 and 单位 (that unit and
// everything below it), newest first, 50 a page. Each entry reads as on a unit's own history (旧值 → 新值).
import { Card, DatePicker, Empty, Select, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useApiQuery } from '../api/useApiQuery';
import { PageState } from '../layout/PageState';
import { UnitPicker, type PickedUnit } from '../digitize/UnitPicker';
import { Entry } from './HistoryPanel';

const PAGE_SIZE = 50;

export function AuditLogPage() {
  const [actor, setActor] = useState<string | undefined>();
  const [kind, setKind] = useState<string | undefined>();
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const [unit, setUnit] = useState<PickedUnit | null>(null);
  const unitId = unit?.id;
  const [page, setPage] = useState(1);
  const query = useApiQuery('audit.search', {
    ...(actor ? { actor } : {}),
    ...(kind ? { kind } : {}),
    ...(range?.[0] ? { from: range[0].format('YYYY-MM-DD') } : {}),
    ...(range?.[1] ? { to: range[1].format('YYYY-MM-DD') } : {}),
    ...(unitId ? { unitId } : {}),
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const data = query.data;
  const filter = <T,>(set: (v: T) => void) => (v: T) => {
    set(v);
    setPage(1);
  };
  return (
    <Card size="small" title="操作记录（全库）" data-testid="audit-log">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear showSearch placeholder="操作人" style={{ width: 200 }} value={actor} onChange={filter(setActor)} options={(data?.actors ?? []).map((a) => ({ value: a, label: a }))} data-testid="audit-actor" />
        <DatePicker.RangePicker value={range} onChange={filter((v) => setRange(v as [Dayjs | null, Dayjs | null] | null))} placeholder={['起始日期', '结束日期']} data-testid="audit-dates" />
        <Select allowClear placeholder="内容" style={{ width: 140 }} value={kind} onChange={filter(setKind)} options={Object.entries(data?.kinds ?? {}).map(([value, label]) => ({ value, label }))} data-testid="audit-kind" />
        <div style={{ width: 320 }}>
          <UnitPicker value={unit} onChange={filter(setUnit)} testId="audit-unit" />
        </div>
      </Space>
      {!data ? (
        <PageState query={query} />
      ) : data.total === 0 ? (
        <Empty description="没有符合条件的操作记录" />
      ) : (
        <Table
          size="small"
          rowKey="id"
          dataSource={data.entries}
          pagination={{ current: page, pageSize: PAGE_SIZE, total: data.total, onChange: setPage, showSizeChanger: false, showTotal: (t) => `共 ${t.toLocaleString('zh-CN')} 条` }}
          onRow={() => ({ 'data-testid': 'audit-row' }) as never}
          columns={[
            { title: '位置', width: 260, render: (_, e) => <Typography.Text type="secondary">{e.place || '（全库）'}</Typography.Text> },
            { title: '操作', render: (_, e) => <Entry entry={e} refs={data.refs} /> },
          ]}
        />
      )}
    </Card>
  );
}
