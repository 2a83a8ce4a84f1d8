import { Button, Layout, Result, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { CatalogTree } from './catalog/CatalogTree';
import { SearchBox } from './catalog/SearchBox';
import { UnitPage } from './catalog/UnitPage';
import { RosterImportModal } from './roster/RosterImportModal';
import { useLibrary } from './stores/library';
import { useRoute } from './stores/route';

export function App() {
  const { info, fatal, load } = useLibrary();
  const unitId = useRoute((s) => s.unitId);
  const [importing, setImporting] = useState(false);

  useEffect(() => {
    void load();
  }, [load]);

  if (fatal) {
    return (
      <Result
        status="error"
        title="无法打开档案库"
        subTitle={fatal.message}
        extra={<Typography.Paragraph type="secondary">请确认档案库所在的磁盘或U盘已连接后重新打开档卡；如数据库损坏，请从备份恢复。</Typography.Paragraph>}
      />
    );
  }
  if (!info) return <Spin size="large" style={{ display: 'block', marginTop: '30vh' }} />;

  return (
    <Layout style={{ height: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#1f3a5f', paddingInline: 20 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          档卡
        </Typography.Title>
        <Typography.Text style={{ color: '#dbe4f0' }} data-testid="library-summary">
          {info.countyName ?? '空档案库'} · 乡镇 {info.counts.townships} · 村 {info.counts.villages} · 户 {info.counts.households} · 人 {info.counts.persons}
        </Typography.Text>
        <Space style={{ marginLeft: 'auto' }}>
          <Button type="primary" onClick={() => setImporting(true)}>
            导入花名册
          </Button>
        </Space>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={340} theme="light" style={{ borderRight: '1px solid #eee', padding: 12, overflow: 'hidden' }}>
          <SearchBox />
          <CatalogTree />
        </Layout.Sider>
        <Layout.Content style={{ padding: 20, overflow: 'auto', background: '#f5f6f8' }}>
          {unitId === null ? (
            <Result title="请在左侧目录中选择乡镇、村或户" subTitle="也可以在搜索框中输入姓名、村名或身份证号后四位" />
          ) : (
            <UnitPage key={unitId} unitId={unitId} />
          )}
        </Layout.Content>
      </Layout>
      <RosterImportModal open={importing} onClose={() => setImporting(false)} />
    </Layout>
  );
}
