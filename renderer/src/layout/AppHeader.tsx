// 档卡 · the county and its counts (library.info) · 导入花名册.
import { ImportOutlined } from '@ant-design/icons';
import { Button, Layout, Tooltip, Typography } from 'antd';
import { useLibrary } from '../stores/library';
import { useRosterImport } from '../stores/rosterImport';
import { useRoute } from '../stores/route';

export function AppHeader() {
  const info = useLibrary((s) => s.info);
  const showImport = useRosterImport((s) => s.show);
  const home = useRoute((s) => s.home);
  if (!info) return null;
  const c = info.counts;
  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 20, background: '#1f3a5f', paddingInline: 20, height: 56, lineHeight: '56px' }}>
      <a onClick={home} style={{ color: '#fff', fontSize: 20, fontWeight: 600, letterSpacing: 2 }} title="回到首页">
        档卡
      </a>
      <Tooltip title={`档案库位置：${info.path}`} placement="bottomLeft">
        <Typography.Text style={{ color: '#dbe4f0', fontSize: 14 }} data-testid="library-summary">
          <span style={{ color: '#fff', fontWeight: 600 }}>{info.countyName ?? '空档案库'}</span>
          <span style={{ marginLeft: 16 }}>乡镇 {c.townships}</span>
          <span style={{ marginLeft: 12 }}>村 {c.villages}</span>
          <span style={{ marginLeft: 12 }}>户 {c.households.toLocaleString('zh-CN')}</span>
          <span style={{ marginLeft: 12 }}>人 {c.persons.toLocaleString('zh-CN')}</span>
        </Typography.Text>
      </Tooltip>
      <Button type="primary" icon={<ImportOutlined />} style={{ marginLeft: 'auto' }} onClick={showImport} data-testid="open-roster-import">
        导入花名册
      </Button>
    </Layout.Header>
  );
}
