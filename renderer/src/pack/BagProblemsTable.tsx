// What is wrong with a bag (RFC 8493): a file missing, changed or extra, a broken or unsafe structure.
import { Table, Tag, Typography } from 'antd';
import type { BagProblem } from '../../../shared/domain';

export const PROBLEM_KIND: Record<BagProblem['kind'], { label: string; color: string }> = {
  missing: { label: '缺少', color: 'red' },
  changed: { label: '已改动', color: 'volcano' },
  extra: { label: '多余', color: 'orange' },
  structure: { label: '结构', color: 'magenta' },
  unsafe: { label: '不安全', color: 'purple' },
  conflict: { label: '冲突', color: 'red' },
};

export function BagProblemsTable({ problems, testId }: { problems: BagProblem[]; testId: string }) {
  return (
    <Table<BagProblem & { key: number }>
      data-testid={testId}
      size="middle"
      bordered
      dataSource={problems.map((p, i) => ({ ...p, key: i }))}
      pagination={problems.length > 20 ? { pageSize: 20, showSizeChanger: false, showTotal: (n) => `共 ${n} 处` } : false}
      columns={[
        {
          title: '问题',
          dataIndex: 'kind',
          width: 96,
          render: (kind: BagProblem['kind']) => <Tag color={PROBLEM_KIND[kind].color}>{PROBLEM_KIND[kind].label}</Tag>,
        },
        {
          title: '文件',
          dataIndex: 'path',
          width: '45%',
          render: (path: string) =>
            path ? (
              <Typography.Text style={{ wordBreak: 'break-all' }}>{path}</Typography.Text>
            ) : (
              <Typography.Text type="secondary">（数据包本身）</Typography.Text>
            ),
        },
        // The engine's sentence names the file too; the 文件 column already shows it.
        { title: '说明', dataIndex: 'message', render: (message: string, p) => (p.path && message.endsWith(`：${p.path}`) ? message.slice(0, -p.path.length - 1) : message) },
      ]}
    />
  );
}
