// 验收数据包: 导出验收包 (a unit written to a U盘 as BagIt bags), 校验数据包 (complete and unchanged?), 导入数据包 (a
// township's package merged into this library). A bag just written can be checked, and a bag checked imported,
// from its result.
import { Tabs } from 'antd';
import { useState } from 'react';
import { ExportPanel } from './ExportPanel';
import { ImportPanel } from './ImportPanel';
import { VerifyPanel, type DirRequest } from './VerifyPanel';

type Tab = 'export' | 'verify' | 'import';

export function PackPage({ unitId }: { unitId: number | null }) {
  const [tab, setTab] = useState<Tab>('export');
  const [verifyRequest, setVerifyRequest] = useState<DirRequest | null>(null);
  const [importRequest, setImportRequest] = useState<DirRequest | null>(null);
  const verify = (path: string) => {
    setVerifyRequest((r) => ({ path, seq: (r?.seq ?? 0) + 1 }));
    setTab('verify');
  };
  const importBag = (path: string) => {
    setImportRequest((r) => ({ path, seq: (r?.seq ?? 0) + 1 }));
    setTab('import');
  };
  return (
    <div data-testid="pack-page" style={{ maxWidth: 1100 }}>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        size="large"
        // Every tab stays mounted: a job keeps its progress while the clerk looks at another tab.
        items={[
          { key: 'export', label: <span data-testid="pack-tab-export">导出验收包</span>, children: <ExportPanel unitId={unitId} onVerify={verify} /> },
          { key: 'verify', label: <span data-testid="pack-tab-verify">校验数据包</span>, children: <VerifyPanel request={verifyRequest} onImport={importBag} /> },
          { key: 'import', label: <span data-testid="pack-tab-import">导入数据包</span>, children: <ImportPanel request={importRequest} /> },
        ]}
      />
    </div>
  );
}
