// The household's facts from the roster: 户编号, 档号, 贫困户属性, 致贫原因, 脱贫年度, 收入, 电话, 自然村, 人数.
import { Descriptions, Tag, Typography } from 'antd';
import type { HouseholdDetail } from '../../../shared/domain';

const dash = (v: string | number | null) => (v === null || v === '' ? '—' : v);

export function HouseholdFacts({ household: h }: { household: HouseholdDetail }) {
  const mismatch = h.declaredSize !== null && h.declaredSize !== h.members.length;
  return (
    <Descriptions size="small" column={3} data-testid="household-facts">
      <Descriptions.Item label="户编号">
        <Typography.Text copyable>{h.householdNo}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="档号">
        <Typography.Text copyable>{h.unit.archiveCode}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label="自然村">{dash(h.naturalVillage)}</Descriptions.Item>
      <Descriptions.Item label="贫困户属性">{dash(h.attribute)}</Descriptions.Item>
      <Descriptions.Item label="主要致贫原因">{dash(h.mainCause)}</Descriptions.Item>
      <Descriptions.Item label="脱贫年度">{h.exitYear === null ? '—' : `${h.exitYear} 年`}</Descriptions.Item>
      <Descriptions.Item label="人均纯收入">
        {h.perCapitaIncome === null ? '—' : `${h.perCapitaIncome.toLocaleString('zh-CN', { maximumFractionDigits: 2 })} 元`}
      </Descriptions.Item>
      <Descriptions.Item label="联系电话">{dash(h.phone)}</Descriptions.Item>
      <Descriptions.Item label="人数">
        <span data-testid="household-size">
          花名册 {h.declaredSize ?? '—'} 人 · 在册成员 {h.members.length} 人
          {mismatch ? (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              不一致
            </Tag>
          ) : null}
        </span>
      </Descriptions.Item>
    </Descriptions>
  );
}
