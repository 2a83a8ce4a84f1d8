// The page's text beside its image: OCR's reading (or the clerk's correction), how sure OCR was, the clean-up's
// warnings, and 保存校对. A correction is kept, found by search, and never overwritten by reading the page again.
import { Alert, Button, Input, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { LOW_CONFIDENCE, type DocumentDetail, type PageInfo } from '../../../shared/domain';
import { api } from '../api/client';
import { useShowError } from '../api/errors';

export function PageText({ page, onSaved }: { page: PageInfo; onSaved(detail: DocumentDetail): void }) {
  const [text, setText] = useState(page.text ?? '');
  const [saving, setSaving] = useState(false);
  const showError = useShowError();
  useEffect(() => setText(page.text ?? ''), [page.id, page.text]);
  const dirty = text !== (page.text ?? '');
  const save = async () => {
    setSaving(true);
    try {
      onSaved(await api('pages.correct', { pageId: page.id, text }));
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return (
    <div style={{ display: 'flex', flexDirection: 'column', gap: 8, height: '100%' }} data-testid="page-text">
      <Space wrap>
        {page.ocrStatus === 'pending' ? <Tag color="processing">正在识别…</Tag> : null}
        {page.ocrStatus === 'failed' ? <Tag color="error">识别失败</Tag> : null}
        {page.ocrStatus === 'done' && page.ocrConfidence !== null ? (
          page.ocrConfidence < LOW_CONFIDENCE ? (
            <Tag color="orange" data-testid="low-confidence">
              识别置信度低（{Math.round(page.ocrConfidence)}），请核对
            </Tag>
          ) : (
            <Tag color="green">识别置信度 {Math.round(page.ocrConfidence)}</Tag>
          )
        ) : null}
        {page.corrected ? <Tag color="blue">已人工校对</Tag> : null}
        {page.dpi ? <Typography.Text type="secondary" style={{ fontSize: 12 }}>{page.dpi} dpi</Typography.Text> : null}
      </Space>
      {page.ocrError ? <Alert type="error" showIcon message={page.ocrError} /> : null}
      {page.warnings.map((w) => (
        <Alert key={w} type="warning" showIcon message={w} data-testid="page-warning" />
      ))}
      <Input.TextArea
        value={text}
        onChange={(e) => setText(e.target.value)}
        style={{ flex: 1, minHeight: 240, fontSize: 15, lineHeight: 1.7 }}
        placeholder={page.ocrStatus === 'pending' ? '正在识别，请稍候…' : '此页没有识别出文字；可在此录入'}
        data-testid="page-text-input"
      />
      <Space>
        <Button type="primary" disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="page-text-save">
          保存校对
        </Button>
        {dirty ? (
          <Button onClick={() => setText(page.text ?? '')} disabled={saving}>
            撤销修改
          </Button>
        ) : null}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          清空后保存即恢复为识别结果
        </Typography.Text>
      </Space>
    </div>
  );
}
