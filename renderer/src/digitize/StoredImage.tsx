// An image from the library's file store (thumbnails, access copies) by its SHA-256, through file.dataUrl.
import { Skeleton } from 'antd';
import type { CSSProperties } from 'react';
import { useApiQuery } from '../api/useApiQuery';

export function StoredImage({ sha256, alt, style, testId }: { sha256: string; alt: string; style?: CSSProperties; testId?: string }) {
  const url = useApiQuery('file.dataUrl', { sha256 });
  if (!url.data) return <Skeleton.Image active={url.loading} style={{ width: style?.width ?? 120, height: style?.height ?? 160 }} />;
  return <img src={url.data} alt={alt} style={style} data-testid={testId} draggable={false} />;
}
