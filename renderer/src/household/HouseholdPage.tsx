// A household (户): facts, members (ID numbers masked), status, and the three 明白卡 contact persons.
import { App, Card, Col, Descriptions, Row, Select, Spin, Table, Tag } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  CONTACT_ROLES,
  HOUSEHOLD_STATUS_COLOR,
  HOUSEHOLD_STATUS_LABEL,
  HOUSEHOLD_STATUSES,
  type HouseholdDetail,
  type HouseholdStatus,
  type Member,
} from '../../../shared/domain';
import { api } from '../api/client';
import { UnitBreadcrumb } from '../catalog/UnitPage';
import { useLibrary } from '../stores/library';
import { ContactCard } from './ContactCard';

const dash = (v: string | number | null) => (v === null || v === '' ? '—' : v);

export function HouseholdPage({ unitId }: { unitId: number }) {
  const [h, setH] = useState<HouseholdDetail | null>(null);
  const { message } = App.useApp();
  const changed = useLibrary((s) => s.changed);

  const reload = useCallback(() => {
    api('catalog.household', { id: unitId }).then(setH, (err: Error) => void message.error(err.message));
  }, [unitId, message]);
  useEffect(reload, [reload]);

  if (!h) return <Spin />;
  const setStatus = async (status: HouseholdStatus) => {
    try {
      setH(await api('household.setStatus', { id: unitId, status }));
      message.success('户类型已保存');
      changed();
    } catch (err) {
      message.error((err as Error).message);
    }
  };
  return (
    <>
      <UnitBreadcrumb detail={h.unit} />
      <Card
        title={
          <span data-testid="household-title">
            {h.headName ?? h.unit.name} 户 <Tag color={HOUSEHOLD_STATUS_COLOR[h.status]}>{HOUSEHOLD_STATUS_LABEL[h.status]}</Tag>
          </span>
        }
        extra={
          <Select<HouseholdStatus>
            value={h.status}
            style={{ width: 140 }}
            onChange={setStatus}
            options={HOUSEHOLD_STATUSES.map((s) => ({ value: s, label: HOUSEHOLD_STATUS_LABEL[s] }))}
            aria-label="户类型"
          />
        }
      >
        <Descriptions column={3} size="small">
          <Descriptions.Item label="户编号">{h.householdNo}</Descriptions.Item>
          <Descriptions.Item label="档号">{h.unit.archiveCode}</Descriptions.Item>
          <Descriptions.Item label="自然村">{dash(h.naturalVillage)}</Descriptions.Item>
          <Descriptions.Item label="贫困户属性">{dash(h.attribute)}</Descriptions.Item>
          <Descriptions.Item label="主要致贫原因">{dash(h.mainCause)}</Descriptions.Item>
          <Descriptions.Item label="脱贫年度">{dash(h.exitYear)}</Descriptions.Item>
          <Descriptions.Item label="人均纯收入">{h.perCapitaIncome === null ? '—' : `${h.perCapitaIncome} 元`}</Descriptions.Item>
          <Descriptions.Item label="联系电话">{dash(h.phone)}</Descriptions.Item>
          <Descriptions.Item label="人数">
            {h.members.length} 人
            {h.declaredSize !== null && h.declaredSize !== h.members.length ? <Tag color="red">花名册记为 {h.declaredSize} 人</Tag> : null}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="家庭成员" style={{ marginTop: 16 }}>
        <Table<Member>
          data-testid="members"
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={h.members}
          columns={[
            { title: '姓名', dataIndex: 'name' },
            { title: '与户主关系', dataIndex: 'relation' },
            { title: '性别', dataIndex: 'sex' },
            { title: '出生日期', dataIndex: 'birthDate' },
            { title: '身份证号', dataIndex: 'idNumberMasked' },
            { title: '民族', dataIndex: 'ethnicity' },
            { title: '文化程度', dataIndex: 'education' },
            { title: '健康状况', dataIndex: 'health' },
            { title: '劳动技能', dataIndex: 'labourSkill' },
            { title: '务工状况', dataIndex: 'workStatus' },
          ]}
        />
      </Card>
      <Card title="明白卡联系人" style={{ marginTop: 16 }}>
        <Row gutter={16}>
          {CONTACT_ROLES.map((role) => (
            <Col span={8} key={role}>
              <ContactCard householdId={unitId} role={role} person={h.contacts[role]} onSaved={setH} />
            </Col>
          ))}
        </Row>
      </Card>
    </>
  );
}
