// In the header: pages still being read (文字识别：剩余 12 页), pages whose reading failed (with 重新识别), and
// pages read with low confidence that nobody has checked yet.
import { Button, Space, Tag, Tooltip } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../api/client';
import { useShowError } from '../api/errors';
import { useOcrStatus } from '../stores/ocrStatus';
import { PagesToCheckDrawer } from './PagesToCheck';

export function OcrIndicator() {
  const status = useOcrStatus((s) => s.status);
  const watch = useOcrStatus((s) => s.watch);
  const poke = useOcrStatus((s) => s.poke);
  const showError = useShowError();
  const [listing, setListing] = useState(false);
  useEffect(() => watch(), [watch]);
  if (!status) return null;
  const retry = async () => {
    try {
      await api('ocr.start', { retryFailed: true });
      poke();
    } catch (err) {
      showError(err);
    }
  };
  return (
    <Space size={6} data-testid="ocr-indicator">
      {status.pending > 0 ? (
        <Tag color="processing" style={{ marginInlineEnd: 0 }}>
          文字识别：剩余 {status.pending} 页
        </Tag>
      ) : null}
      {status.failed > 0 ? (
        <Tooltip title="这些页面未能识别（如图像损坏或超时）">
          <Button size="small" danger onClick={() => void retry()}>
            {status.failed} 页识别失败，重新识别
          </Button>
        </Tooltip>
      ) : null}
      {status.lowConfidence > 0 ? (
        <Tooltip title="识别置信度低、尚未人工校对的页面：点击列出">
          <Tag color="orange" style={{ marginInlineEnd: 0, cursor: 'pointer' }} onClick={() => setListing(true)} data-testid="pages-to-check-count">
            待核对 {status.lowConfidence} 页
          </Tag>
        </Tooltip>
      ) : null}
      {listing ? <PagesToCheckDrawer onClose={() => setListing(false)} /> : null}
    </Space>
  );
}
