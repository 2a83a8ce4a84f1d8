// One page's access copy with zoom, and the words OCR was unsure of outlined (pages.words, boxes in the image's
// pixels), so the clerk knows where to look when checking the text; opened from a full-text search, the searched
// words are marked in yellow (pages.searchMarks).
import { MinusOutlined, PlusOutlined, RotateLeftOutlined, RotateRightOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { LOW_WORD_CONFIDENCE, type PageInfo } from '../../../shared/domain';
import { useApiQuery } from '../api/useApiQuery';
import { StoredImage } from '../digitize/StoredImage';

const ZOOMS = [0.25, 0.33, 0.5, 0.67, 0.8, 1, 1.25, 1.5, 2];

export function PageImage({ page, query, onRotate, rotating }: { page: PageInfo; query: string | null; onRotate(delta: 90 | -90): void; rotating: boolean }) {
  const words = useApiQuery('pages.words', { pageId: page.id });
  const marks = useApiQuery('pages.searchMarks', { pageId: page.id, query: query ?? '' });
  const found = query ? (marks.data ?? []) : [];
  const box = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<number | 'fit'>('fit');
  const [fitScale, setFitScale] = useState(0.4);
  const width = page.width ?? 1000;
  const height = page.height ?? 1400;

  useEffect(() => {
    const measure = () => box.current && setFitScale(Math.max(0.1, (box.current.clientWidth - 24) / width));
    measure();
    window.addEventListener('resize', measure);
    return () => window.removeEventListener('resize', measure);
  }, [width]);

  const scale = zoom === 'fit' ? fitScale : zoom;
  const step = (dir: 1 | -1) => {
    const i = ZOOMS.findIndex((z) => z >= scale - 1e-6);
    const next = ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, (i < 0 ? ZOOMS.length : i) + dir))]!;
    setZoom(next);
  };
  const doubtful = (words.data ?? []).filter((w) => w.confidence < LOW_WORD_CONFIDENCE);

  return (
    <div style={{ display: 'flex', flexDirection: 'column', minWidth: 0, height: '100%' }}>
      <Space style={{ marginBottom: 8 }} wrap>
        <Tooltip title="缩小">
          <Button size="small" icon={<MinusOutlined />} onClick={() => step(-1)} />
        </Tooltip>
        <Typography.Text style={{ minWidth: 44, display: 'inline-block', textAlign: 'center' }}>{Math.round(scale * 100)}%</Typography.Text>
        <Tooltip title="放大">
          <Button size="small" icon={<PlusOutlined />} onClick={() => step(1)} data-testid="zoom-in" />
        </Tooltip>
        <Button size="small" onClick={() => setZoom('fit')}>
          适合宽度
        </Button>
        <Button size="small" icon={<RotateLeftOutlined />} loading={rotating} onClick={() => onRotate(-90)}>
          向左转
        </Button>
        <Button size="small" icon={<RotateRightOutlined />} loading={rotating} onClick={() => onRotate(90)} data-testid="rotate-right">
          向右转
        </Button>
        {query ? (
          <Typography.Text data-testid="search-mark-count" style={{ background: 'rgba(250, 204, 21, .35)', padding: '0 6px', borderRadius: 2 }}>
            {found.length ? `黄色标出本页的“${query}”${found.length} 处` : `本页图像上未找到“${query}”的位置`}
          </Typography.Text>
        ) : null}
        {doubtful.length ? (
          <Typography.Text type="warning" data-testid="doubtful-count">
            橙框为识别把握不大的 {doubtful.length} 处
          </Typography.Text>
        ) : null}
      </Space>
      <div ref={box} style={{ flex: 1, overflow: 'auto', background: '#e5e7eb', padding: 12, borderRadius: 4 }}>
        {page.accessSha256 ? (
          <div style={{ position: 'relative', width: width * scale, height: height * scale, margin: '0 auto', boxShadow: '0 1px 4px rgba(0,0,0,.25)' }}>
            <StoredImage sha256={page.accessSha256} alt={`第${page.seq}页`} style={{ width: '100%', height: '100%', display: 'block' }} testId="page-image" />
            {found.map((b, i) => (
              <div
                key={`mark-${i}`}
                data-testid="search-mark"
                style={{
                  position: 'absolute',
                  left: b[0] * scale - 2,
                  top: b[1] * scale - 2,
                  width: (b[2] - b[0]) * scale + 4,
                  height: (b[3] - b[1]) * scale + 4,
                  background: 'rgba(250, 204, 21, .45)',
                  outline: '2px solid rgba(202, 138, 4, .9)',
                  borderRadius: 2,
                  pointerEvents: 'none',
                }}
              />
            ))}
            {doubtful.map((w, i) => (
              <div
                key={i}
                title={`“${w.text}” 置信度 ${w.confidence}`}
                data-testid="doubtful-word"
                style={{
                  position: 'absolute',
                  left: w.bbox[0] * scale,
                  top: w.bbox[1] * scale,
                  width: (w.bbox[2] - w.bbox[0]) * scale,
                  height: (w.bbox[3] - w.bbox[1]) * scale,
                  border: '2px solid rgba(234, 88, 12, .85)',
                  background: 'rgba(251, 146, 60, .15)',
                  borderRadius: 2,
                }}
              />
            ))}
          </div>
        ) : (
          <Typography.Text type="secondary">该页没有图像</Typography.Text>
        )}
      </div>
    </div>
  );
}
