// A 市, county, township or village: breadcrumb, name, 档号, 区划代码, counts; then, as two tabs, its dossier template
// with what is filed under each item, and the units under it. A household id that arrives here goes to the
// household page.
import { PrinterOutlined, SafetyCertificateOutlined, UsbOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Tabs, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { TIER_LABEL, type UnitDetail } from '../../../shared/domain';
import { useApiQuery } from '../api/useApiQuery';
import { PageState } from '../layout/PageState';
import { FormsPanel } from '../check/FormsPanel';
import { DescriptionGrid, describeTabLabel } from '../describe/DescriptionGrid';
import { HistorySection } from '../history/HistoryPanel';
import { useRoute } from '../stores/route';
import { useUnitView, type UnitTab } from '../stores/unitView';
import { ChildrenTable } from './ChildrenTable';
import { CityPlacement } from './CityPlacement';
import { TemplateTable } from './TemplateTable';
import { UnitBreadcrumb } from './UnitBreadcrumb';
import { useRevealInTree } from './useRevealInTree';

/** Direct children of a unit, from its subtree counts. */
function childLabel(detail: UnitDetail): string {
  const c = detail.counts;
  if (detail.tier === 'city') return `下辖县（${c.counties}）`;
  if (detail.tier === 'county') return `下辖乡镇（${c.townships}）`;
  if (detail.tier === 'township') return `下辖村（${c.villages}）`;
  return `下辖户（${c.households}）`;
}

export function UnitPage({ unitId }: { unitId: number }) {
  const unit = useApiQuery('catalog.unit', { id: unitId });
  const described = useApiQuery('describe.dossier', { unitId });
  const replace = useRoute((s) => s.replace);
  const go = useRoute((s) => s.go);
  const tab = useUnitView((s) => s.tab);
  const setTab = useUnitView((s) => s.setTab);
  const detail = unit.data;
  useRevealInTree(detail?.path);

  useEffect(() => {
    if (detail?.tier === 'household') replace({ page: 'household', id: detail.id });
  }, [detail, replace]);

  if (!detail || detail.tier === 'household') return <PageState query={unit} />;
  const c = detail.counts;
  const n = (v: number) => v.toLocaleString('zh-CN');
  return (
    <>
      <UnitBreadcrumb path={detail.path} />
      <Card size="small">
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, marginBottom: 12 }}>
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="unit-title">
            {detail.name}
          </Typography.Title>
          <Tag color="geekblue">{TIER_LABEL[detail.tier]}</Tag>
          <span style={{ marginLeft: 'auto' }} />
          <CityPlacement county={detail} onChanged={unit.reload} />
          <Button icon={<PrinterOutlined />} onClick={() => go({ page: 'print', unitId: detail.id })} data-testid="unit-print">
            打印
          </Button>
          <Button icon={<SafetyCertificateOutlined />} onClick={() => go({ page: 'check', id: detail.id })} data-testid="unit-check">
            检查
          </Button>
          <Button icon={<UsbOutlined />} onClick={() => go({ page: 'pack', unitId: detail.id })} data-testid="unit-pack">
            数据包
          </Button>
        </div>
        <Descriptions size="small" column={3} data-testid="unit-facts">
          <Descriptions.Item label="档号">
            <Typography.Text copyable>{detail.archiveCode}</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="区划代码">{detail.regionCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="下辖">
            {[
              detail.tier === 'city' ? `${n(c.counties)} 个县` : null,
              detail.tier === 'county' || detail.tier === 'city' ? `${n(c.townships)} 个乡镇` : null,
              detail.tier !== 'village' ? `${n(c.villages)} 个村` : null,
              `${n(c.households)} 户`,
              `${n(c.persons)} 人`,
            ]
              .filter(Boolean)
              .join('，')}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" style={{ marginTop: 16 }} styles={{ body: { paddingTop: 0 } }}>
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as UnitTab)}
          items={[
            {
              key: 'template',
              label: '档案目录',
              children: <TemplateTable unitId={detail.id} tier={detail.tier} template={detail.template} />,
            },
            { key: 'describe', label: describeTabLabel(described.data), children: <DescriptionGrid unitId={detail.id} onSaved={described.setData} /> },
            { key: 'children', label: childLabel(detail), children: <ChildrenTable parentId={detail.id} tier={detail.tier} /> },
            ...(detail.tier === 'village' ? [{ key: 'forms', label: '表单记录', children: <FormsPanel unitId={detail.id} tier={detail.tier} /> }] : []),
          ]}
        />
      </Card>
      <HistorySection unitId={detail.id} />
    </>
  );
}
