// Contact-person photos: EXIF-rotated, centre-cropped to the 1-inch ID-photo ratio (25×35 mm) and stored as a
// JPEG of 295×413 px (1 inch at 300 dpi), enough for print and small enough for the file store.
import sharp from 'sharp';
import { DangkaError } from '../../shared/errors';

export const PHOTO_WIDTH = 295;
export const PHOTO_HEIGHT = 413;
/** Refuse decompression bombs: a phone photo is ~12 Mpx. */
const MAX_INPUT_PIXELS = 60_000_000;

export async function preparePhoto(input: Uint8Array): Promise<{ bytes: Buffer; mime: string }> {
  try {
    const bytes = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' })
      .rotate()
      .resize(PHOTO_WIDTH, PHOTO_HEIGHT, { fit: 'cover', position: 'attention' })
      .jpeg({ quality: 85, mozjpeg: true })
      .toBuffer();
    return { bytes, mime: 'image/jpeg' };
  } catch {
    throw new DangkaError('FILE_UNREADABLE', '照片无法读取：请选择 JPG 或 PNG 图片（不超过6000万像素）');
  }
}
