// 家庭成员: ID numbers arrive masked from the engine (4107**********1234) and are shown only that way.
import { Table } from 'antd';
import type { ReactNode } from 'react';
import type { Member } from '../../../shared/domain';

const text = (v: string | null) => v || '—';

/** `action`: what each row offers at its end (更正 on the household page). */
export function MembersTable({ members, action }: { members: Member[]; action?: (member: Member) => ReactNode }) {
  return (
    <Table<Member>
      data-testid="members"
      size="small"
      rowKey="id"
      pagination={false}
      dataSource={members}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: '花名册中没有该户的成员' }}
      columns={[
        { title: '姓名', dataIndex: 'name', fixed: 'left' },
        { title: '与户主关系', dataIndex: 'relation' },
        { title: '性别', dataIndex: 'sex', render: text },
        { title: '出生日期', dataIndex: 'birthDate', render: text },
        { title: '身份证号', dataIndex: 'idNumberMasked', width: 170, render: (v: string) => <span style={{ fontFamily: 'monospace' }}>{v || '—'}</span> },
        { title: '民族', dataIndex: 'ethnicity', render: text },
        { title: '文化程度', dataIndex: 'education', render: text },
        { title: '健康状况', dataIndex: 'health', render: text },
        { title: '劳动技能', dataIndex: 'labourSkill', render: text },
        { title: '务工状况', dataIndex: 'workStatus', render: text },
        ...(action ? [{ title: '', key: 'action', fixed: 'right' as const, width: 60, render: (_: unknown, m: Member) => action(m) }] : []),
      ]}
    />
  );
}
