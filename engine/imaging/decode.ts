// Opening a scan safely: a pixel limit against decompression bombs, truncated and non-image files refused with a
// Chinese message that says what is wrong, and the resolution read from the file's metadata.
import sharp, { type Metadata, type Sharp } from 'sharp';
import { DangkaError } from '../../shared/errors';

/**
 * A3 at 600 dpi (DA/T 31's 高精度仿真) is 70 Mpx and the largest phone cameras ~100 Mpx; beyond 120 Mpx a "page" is
 * a decompression bomb or not a page. sharp checks it from the header, before decoding anything.
 */
export const MAX_INPUT_PIXELS = 120_000_000;

/**
 * Every read of a scan goes through here. failOn 'error' turns libjpeg's "premature end of JPEG image" (a file cut
 * short in copying) into an error instead of a page whose lower part is grey. `page` picks one page of a TIFF.
 */
export function openScan(input: Buffer, page?: number, raw?: RawPixels): Sharp {
  return sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error', ...(page === undefined ? {} : { page }), ...(raw ? { raw } : {}) });
}

/**
 * Undecoded pixels (a PDF page as poppler renders it): no file format to decode, so no compression to pay for —
 * pdftoppm's PNG cost ~1 s of zlib per 300-dpi A4 page, its PPM ~0.2 s.
 */
export interface RawPixels {
  width: number;
  height: number;
  channels: 1 | 3;
}

/** sharp's error as the clerk's message: what is wrong with the file (named when known) and what to do. */
export function unreadable(fileName: string | null, err: unknown): DangkaError {
  if (err instanceof DangkaError) return err;
  const raw = err instanceof Error ? err.message : String(err);
  let why: string;
  if (/pixel limit/i.test(raw)) why = `图像尺寸过大（超过${MAX_INPUT_PIXELS / 1_000_000}百万像素），可能是损坏或异常的文件，未处理`;
  else if (/empty/i.test(raw)) why = '文件是空的';
  else if (/heif|hevc|heic/i.test(raw)) why = '暂不支持 HEIC 格式的照片：请在手机相机设置中改用“兼容性最佳”（JPG），或转成 JPG 后再导入';
  else if (/unsupported image format/i.test(raw)) why = '不是可识别的图片或PDF（支持 JPG、PNG、TIFF、WEBP 和 PDF）';
  else why = '图像文件不完整或已损坏（可能复制或传输时中断），请重新扫描或重新复制';
  return new DangkaError('FILE_UNREADABLE', fileName ? `${fileName}：${why}` : why);
}

/**
 * The scan's resolution from its metadata, or null when it does not say. 72 dpi on an image larger than A4 at
 * ~240 dpi is a camera's or editor's placeholder, not a scan resolution.
 */
export function metadataDpi(meta: Metadata): number | null {
  const density = meta.density;
  if (!density || !Number.isFinite(density)) return null;
  if (Math.round(density) === 72 && Math.max(meta.width ?? 0, meta.height ?? 0) >= 2800) return null;
  return Math.round(density);
}
