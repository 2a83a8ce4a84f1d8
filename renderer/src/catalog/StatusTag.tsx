// 户类型 as a coloured tag, in the ledger colours (稳定脱贫户 绿, 监测户 蓝, 返贫户 红, 边缘户 橙).
import { Tag } from 'antd';
import { HOUSEHOLD_STATUS_COLOR, HOUSEHOLD_STATUS_LABEL, type HouseholdStatus } from '../../../shared/domain';

export function StatusTag({ status, style }: { status: HouseholdStatus; style?: React.CSSProperties }) {
  return (
    <Tag color={HOUSEHOLD_STATUS_COLOR[status]} style={{ marginInlineEnd: 0, ...style }} data-status={status}>
      {HOUSEHOLD_STATUS_LABEL[status]}
    </Tag>
  );
}
