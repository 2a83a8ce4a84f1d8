// 档卡 · the county and its counts (library.info) · OCR state · full-text search · 任务 · 打印 · 检查 · 数据包 · 导入扫描件 · 导入花名册.
import { ImportOutlined, PrinterOutlined, SafetyCertificateOutlined, ScanOutlined, UsbOutlined } from '@ant-design/icons';
import { Button, Input, Layout, Tooltip, Typography } from 'antd';
import { UserMenu } from '../auth/UserMenu';
import { OcrIndicator } from '../digitize/OcrIndicator';
import { JobsButton } from '../jobs/JobsDrawer';
import { useLibrary } from '../stores/library';
import { useRosterImport } from '../stores/rosterImport';
import { useRoute } from '../stores/route';

export function AppHeader() {
  const info = useLibrary((s) => s.info);
  const showImport = useRosterImport((s) => s.show);
  const home = useRoute((s) => s.home);
  const go = useRoute((s) => s.go);
  if (!info) return null;
  const c = info.counts;
  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 20, background: '#1f3a5f', paddingInline: 20, height: 56, lineHeight: '56px' }}>
      <a onClick={home} style={{ color: '#fff', fontSize: 20, fontWeight: 600, letterSpacing: 2, whiteSpace: 'nowrap', flexShrink: 0 }} title="回到首页">
        档卡
      </a>
      <Tooltip title={`档案库位置：${info.path}`} placement="bottomLeft">
        {/* On a narrow screen the counts give way (cut short), never the buttons. */}
        <Typography.Text style={{ color: '#dbe4f0', fontSize: 14, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', minWidth: 0 }} data-testid="library-summary">
          <span style={{ color: '#fff', fontWeight: 600 }}>{info.countyName ?? '空档案库'}</span>
          <span style={{ marginLeft: 16 }}>乡镇 {c.townships}</span>
          <span style={{ marginLeft: 12 }}>村 {c.villages}</span>
          <span style={{ marginLeft: 12 }}>户 {c.households.toLocaleString('zh-CN')}</span>
          <span style={{ marginLeft: 12 }}>人 {c.persons.toLocaleString('zh-CN')}</span>
        </Typography.Text>
      </Tooltip>
      <span style={{ marginLeft: 'auto', display: 'flex', alignItems: 'center', gap: 12, flexShrink: 0 }}>
        <OcrIndicator />
        <Input.Search
          placeholder="全文检索扫描件文字"
          allowClear
          style={{ width: 200, verticalAlign: 'middle' }}
          onSearch={(q) => q.trim() && go({ page: 'search', query: q.trim() })}
          data-testid="fulltext-search"
        />
        <JobsButton />
        <Button icon={<PrinterOutlined />} onClick={() => go({ page: 'print' })} data-testid="open-print">
          打印
        </Button>
        <Button icon={<SafetyCertificateOutlined />} onClick={() => go({ page: 'check' })} data-testid="open-check">
          检查
        </Button>
        <Button icon={<UsbOutlined />} onClick={() => go({ page: 'pack' })} data-testid="open-pack">
          数据包
        </Button>
        <Button icon={<ScanOutlined />} onClick={() => go({ page: 'import' })} data-testid="open-ingest">
          导入扫描件
        </Button>
        <Button type="primary" icon={<ImportOutlined />} onClick={showImport} data-testid="open-roster-import">
          导入花名册
        </Button>
        <UserMenu />
      </span>
    </Layout.Header>
  );
}
