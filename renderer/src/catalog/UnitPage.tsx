// A county, township or village: its facts, its dossier template (e.g. 一村一档 7类22项) with what is filed under
// each item, and its children. A household opens the household page.
import { App, Breadcrumb, Card, Descriptions, List, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { TIER_LABEL, type DocumentSummary, type UnitDetail, type UnitNode } from '../../../shared/domain';
import { api } from '../api/client';
import { HouseholdPage } from '../household/HouseholdPage';
import { useLibrary } from '../stores/library';
import { useRoute } from '../stores/route';

export function UnitBreadcrumb({ detail }: { detail: UnitDetail }) {
  const open = useRoute((s) => s.open);
  return (
    <Breadcrumb
      style={{ marginBottom: 12 }}
      items={detail.path.map((p, i) => ({
        title: i === detail.path.length - 1 ? p.name : <a onClick={() => open(p.id)}>{p.name}</a>,
      }))}
    />
  );
}

export function UnitPage({ unitId }: { unitId: number }) {
  const [detail, setDetail] = useState<UnitDetail | null>(null);
  const revision = useLibrary((s) => s.revision);
  const { message } = App.useApp();

  useEffect(() => {
    api('catalog.unit', { id: unitId }).then(setDetail, (err: Error) => void message.error(err.message));
  }, [unitId, revision, message]);

  if (!detail) return <Spin />;
  if (detail.tier === 'household') return <HouseholdPage unitId={unitId} />;
  return <AreaPage detail={detail} />;
}

function AreaPage({ detail }: { detail: UnitDetail }) {
  const [kids, setKids] = useState<UnitNode[]>([]);
  const [documents, setDocuments] = useState<DocumentSummary[]>([]);
  const open = useRoute((s) => s.open);

  useEffect(() => {
    void api('catalog.children', { parentId: detail.id }).then(setKids);
    void api('documents.list', { unitId: detail.id }).then(setDocuments);
  }, [detail.id]);

  const filed = (item: string) => documents.filter((d) => d.item === item).length;
  return (
    <>
      <UnitBreadcrumb detail={detail} />
      <Card title={<span data-testid="unit-title">{detail.name}</span>} extra={<Tag>{TIER_LABEL[detail.tier]}</Tag>}>
        <Descriptions column={3} size="small">
          <Descriptions.Item label="档号">{detail.archiveCode}</Descriptions.Item>
          <Descriptions.Item label="区划代码">{detail.regionCode ?? '—'}</Descriptions.Item>
          <Descriptions.Item label="下辖">
            乡镇 {detail.counts.townships} · 村 {detail.counts.villages} · 户 {detail.counts.households} · 人 {detail.counts.persons}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title="档案目录（模板）" style={{ marginTop: 16 }} data-testid="unit-template">
        {detail.template.map((category, ci) => (
          <div key={category.name} style={{ marginBottom: 12 }}>
            <Typography.Text strong>
              {ci + 1}. {category.name}
            </Typography.Text>
            <List
              size="small"
              dataSource={category.items}
              renderItem={(item) => {
                const n = filed(`${category.name}/${item}`);
                return (
                  <List.Item extra={n ? <Tag color="green">{n} 件</Tag> : <Typography.Text type="secondary">暂无文件</Typography.Text>}>
                    {item}
                  </List.Item>
                );
              }}
            />
          </div>
        ))}
      </Card>
      <Card title={`下级单位（${kids.length}）`} style={{ marginTop: 16 }}>
        <Table<UnitNode>
          size="small"
          rowKey="id"
          dataSource={kids}
          pagination={{ pageSize: 50, showSizeChanger: false }}
          onRow={(row) => ({ onClick: () => open(row.id), style: { cursor: 'pointer' } })}
          columns={[
            { title: '名称', dataIndex: 'name' },
            { title: '档号', dataIndex: 'archiveCode' },
            { title: '下级数', dataIndex: 'childCount', width: 100 },
          ]}
        />
      </Card>
    </>
  );
}
