// 档卡 · the county and its counts (library.info) · OCR state · full-text search · 任务 · 打印 · 检查 · 导入扫描件 ·
// 导入导出 (数据包, 导入花名册: done a few times a year, so they share one menu and the header fits 1366 px).
import { DownOutlined, ImportOutlined, PrinterOutlined, SafetyCertificateOutlined, ScanOutlined, SwapOutlined, UsbOutlined } from '@ant-design/icons';
import { Button, Dropdown, Input, Layout, Tooltip, Typography } from 'antd';
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
        {/* The name over its counts, so both fit beside the buttons; on a narrow screen they are cut short, never the buttons. */}
        <div style={{ display: 'flex', flexDirection: 'column', justifyContent: 'center', lineHeight: '18px', minWidth: 0, overflow: 'hidden' }} data-testid="library-summary">
          <Typography.Text ellipsis style={{ color: '#fff', fontWeight: 600, fontSize: 14 }}>
            {info.countyName ?? '空档案库'}
          </Typography.Text>
          <Typography.Text ellipsis style={{ color: '#dbe4f0', fontSize: 12 }}>
            乡镇 {c.townships} · 村 {c.villages} · 户 {c.households.toLocaleString('zh-CN')} · 人 {c.persons.toLocaleString('zh-CN')}
          </Typography.Text>
        </div>
      </Tooltip>
      <span style={{ marginLeft: 'auto', display: 'flex', alignItems: 'center', gap: 12, flexShrink: 0 }}>
        <OcrIndicator />
        <Input.Search
          placeholder="全文检索扫描件文字"
          allowClear
          style={{ width: 180, verticalAlign: 'middle' }}
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
        <Button type="primary" icon={<ScanOutlined />} onClick={() => go({ page: 'import' })} data-testid="open-ingest">
          导入扫描件
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'pack', icon: <UsbOutlined />, label: <span data-testid="open-pack">数据包（导出 / 导入验收包）</span>, onClick: () => go({ page: 'pack' }) },
              { key: 'roster', icon: <ImportOutlined />, label: <span data-testid="open-roster-import">导入花名册</span>, onClick: showImport },
            ],
          }}
        >
          <Button icon={<SwapOutlined />} data-testid="open-exchange">
            导入导出 <DownOutlined />
          </Button>
        </Dropdown>
        <UserMenu />
      </span>
    </Layout.Header>
  );
}
