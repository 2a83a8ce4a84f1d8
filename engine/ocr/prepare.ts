// The minimum every page gets before OCR: EXIF orientation applied, greyscale. (sharp's normalise() is left out:
// on a mostly white page with one line of text it stretched JPEG noise until Tesseract read nothing.) Deskew, border
// cropping and orientation detection (DA/T 31 图像处理) come with the ingest pipeline.
import sharp from 'sharp';
import { DangkaError } from '../../shared/errors';

/** A phone photo is ~12–50 Mpx; anything far beyond is a decompression bomb, not a page. */
const MAX_INPUT_PIXELS = 100_000_000;

export async function prepareForOcr(bytes: Buffer, fileName: string): Promise<Buffer> {
  try {
    return await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' }).rotate().greyscale().png().toBuffer();
  } catch (err) {
    const detail = /pixel limit/i.test(String(err)) ? '图像尺寸过大（超过1亿像素）' : '不是可读取的图片，或文件已损坏';
    throw new DangkaError('FILE_UNREADABLE', `${fileName}：${detail}`);
  }
}
