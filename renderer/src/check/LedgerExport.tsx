// 导出台账: the four household ledgers (稳定/监测/返贫/边缘) or the problem ledger of this unit, as Excel or PDF,
// saved through the browser's (or the app's) download.
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { download } from '../util/files';

const CHOICES = [
  { key: 'households.xlsx', label: '户类型台账（Excel）' },
  { key: 'households.pdf', label: '户类型台账（PDF）' },
  { key: 'problems.xlsx', label: '问题整改及验收销号台账：户（含边缘户）与村级（Excel）' },
  { key: 'problems.pdf', label: '问题整改及验收销号台账：户（含边缘户）与村级（PDF）' },
] as const;

const MIME = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', pdf: 'application/pdf' } as const;

/** roundId: the review round the check page is narrowed to; the problem ledger then lists that round's problems. */
export function LedgerExport({ unitId, roundId }: { unitId: number; roundId?: number | undefined }) {
  const [busy, setBusy] = useState(false);
  const showError = useShowError();
  const exportAs = async (key: string) => {
    const [kind, format] = key.split('.') as ['households' | 'problems', 'xlsx' | 'pdf'];
    setBusy(true);
    try {
      const ledger = await api('ledger.export', { unitId, kind, format, ...(roundId ? { roundId } : {}) });
      download(`data:${MIME[format]};base64,${ledger.contentBase64}`, ledger.fileName);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dropdown menu={{ items: CHOICES.map((c) => ({ key: c.key, label: c.label })), onClick: ({ key }) => void exportAs(key) }}>
      <Button icon={<DownloadOutlined />} loading={busy} data-testid="ledger-export">
        导出台账
      </Button>
    </Dropdown>
  );
}
