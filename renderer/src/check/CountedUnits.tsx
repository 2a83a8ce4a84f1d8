// 查看 on a finding that counts households ("有2户的三张明白卡不全"): the list of exactly those households, each with
// what it lacks, each opening its own page.
import { Drawer, Table, Typography } from 'antd';
import type { Problem } from '../../../shared/domain';
import { useRoute } from '../stores/route';

export function countedUnits(p: Problem): Problem['refs'] {
  return p.refs.filter((r) => r.unitId !== undefined);
}

export function CountedUnitsDrawer({ problem, onClose }: { problem: Problem; onClose: () => void }) {
  const go = useRoute((s) => s.go);
  const rows = countedUnits(problem);
  return (
    <Drawer open width={560} title={problem.description} onClose={onClose} data-testid="counted-units">
      <Typography.Paragraph type="secondary">
        {problem.pathLabel} · 共 {rows.length} 户，点击户名打开该户
      </Typography.Paragraph>
      <Table
        size="small"
        rowKey={(r) => r.unitId!}
        dataSource={rows}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
        onRow={() => ({ 'data-testid': 'counted-unit' }) as never}
        columns={[
          { title: '户', width: 140, render: (_, r) => <Typography.Link onClick={() => go({ page: 'household', id: r.unitId! })}>{r.label}</Typography.Link> },
          { title: '缺少', render: (_, r) => r.field },
        ]}
      />
    </Drawer>
  );
}
