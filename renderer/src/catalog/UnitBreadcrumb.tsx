// 示例县 / 示例一镇 / 青山示范村 / 于航伟: every ancestor opens its page (on a check page, its check page).
import { Breadcrumb } from 'antd';
import type { UnitRef } from '../../../shared/domain';
import { hashOf, routeOf } from '../stores/route';

export function UnitBreadcrumb({ path, to = 'unit' }: { path: UnitRef[]; to?: 'unit' | 'check' }) {
  return (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      data-testid="breadcrumb"
      items={path.map((p, i) => (i === path.length - 1 ? { title: p.name } : { title: p.name, href: hashOf(to === 'check' ? { page: 'check', id: p.id } : routeOf(p.tier, p.id)) }))}
    />
  );
}
