// 文字识别方式（本机）: 高精度 (PP-OCRv4, more memory) or 快速 (Tesseract). A per-computer choice: it is about this
// machine's memory and speed. Pages already read keep their text; the next page is read the new way.
import { Card, Radio, Tag, Typography } from 'antd';
import { OCR_RECOGNIZERS, OCR_RECOGNIZER_LABELS, type OcrRecognizer } from '../../../shared/ocrRecognizer';
import { api } from '../api/client';
import { useApiQuery } from '../api/useApiQuery';
import { useSaveInto } from '../api/useSaveInto';

const HINTS: Record<OcrRecognizer, string> = {
  accurate: '识别更准，适合表格、低分辨率和有噪点的扫描件；首次识别时加载模型，约占 1.5 GB 内存',
  fast: '占用内存少（约 300 MB），适合内存 4 GB 以下的电脑；错字较多',
};

export function OcrRecognizerSetting() {
  const status = useApiQuery('ocr.recognizerGet', {});
  const { saving, save } = useSaveInto(status);
  const choose = (recognizer: OcrRecognizer) => save(() => api('ocr.recognizerSet', { recognizer }));
  const s = status.data;
  return (
    <Card size="small" title="文字识别方式（本机）" data-testid="ocr-recognizer">
      <Radio.Group value={s?.recognizer} disabled={!s || saving} onChange={(e) => void choose(e.target.value as OcrRecognizer)}>
        {OCR_RECOGNIZERS.map((r) => (
          <Radio key={r} value={r} style={{ display: 'flex', marginBottom: 4 }}>
            {OCR_RECOGNIZER_LABELS[r]}
            <Typography.Text type="secondary" style={{ fontSize: 12, marginLeft: 8 }}>
              {HINTS[r]}
            </Typography.Text>
          </Radio>
        ))}
      </Radio.Group>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 8, marginBottom: 0 }}>
        已识别的页面不受影响；改动后新导入或待识别的页面按新方式识别。{s?.accurateLoaded ? <Tag style={{ marginLeft: 8 }}>高精度模型已加载</Tag> : null}
      </Typography.Paragraph>
    </Card>
  );
}
