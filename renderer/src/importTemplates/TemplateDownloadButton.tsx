// 下载模板: the blank workbook for the roster or the form import (engine/importTemplates), with the required
// columns marked and a 说明 sheet, saved through the browser's (or the app's) download.
import { DownloadOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useState } from 'react';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { download } from '../util/files';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function TemplateDownloadButton({ kind }: { kind: 'roster' | 'forms' }) {
  const [busy, setBusy] = useState(false);
  const showError = useShowError();
  const fetchTemplate = async () => {
    setBusy(true);
    try {
      const file = await api('importTemplate.get', { kind });
      download(`data:${XLSX};base64,${file.contentBase64}`, file.fileName);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void fetchTemplate()} data-testid={`template-${kind}`}>
      下载模板
    </Button>
  );
}
