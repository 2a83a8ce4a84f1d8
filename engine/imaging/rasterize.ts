// A file the clerk brings in → its page images. Images (JPEG, PNG, WEBP, AVIF, TIFF) pass through as they are —
// the bytes are the scan — except that each TIFF page becomes a PNG of its own; PDF pages are rendered at 300 dpi
// (DA/T 31's resolution for OCR) by poppler's pdftoppm, since sharp cannot read PDF. Every page is decoded here,
// one at a time as the caller asks, so that a truncated, mislabelled or oversized page fails, naming the problem,
// before its file is committed.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DangkaError } from '../../shared/errors';
import { MAX_INPUT_PIXELS, metadataDpi, openScan, unreadable, type RawPixels } from './decode';

const run = promisify(execFile);

export interface RasterPage {
  /** 0-based page number in the file. */
  index: number;
  /** The page's image file, or its undecoded pixels when `raw` says their shape (a rendered PDF page). */
  image: Buffer;
  raw?: RawPixels;
  /** From the file's metadata (or the PDF render resolution); null when it does not say. */
  dpi: number | null;
  /** How many pages the file yields (all of them, or 1 when one page was asked for): known before the first. */
  count: number;
}

/** DA/T 31: 300 dpi for pages that are to be OCR'd. */
export const PDF_DPI = 300;
/**
 * pdfinfo answers in milliseconds; pdftoppm needs ~0.3–1 s per A4 page at 300 dpi here, but tens of seconds on a
 * machine busy with other work (seen at 30 s with two cores shared eight ways): the limit only catches a PDF that
 * never finishes.
 */
const PDFINFO_TIMEOUT_MS = 20_000;
const PDFTOPPM_TIMEOUT_PER_PAGE_MS = 120_000;

/** All pages of the file, or only page `only` (0-based: a page the clerk turned is cleaned again alone). */
export async function rasterizeInput(bytes: Buffer, fileName: string, only?: number): Promise<RasterPage[]> {
  const pages: RasterPage[] = [];
  for await (const page of rasterizePages(bytes, fileName, only)) pages.push(page);
  return pages;
}

/**
 * The pages one at a time, each decoded only when asked for: a 1,000-page PDF holds one page image in memory, not
 * a thousand.
 */
export async function* rasterizePages(bytes: Buffer, fileName: string, only?: number): AsyncGenerator<RasterPage> {
  if (bytes.length === 0) throw new DangkaError('FILE_UNREADABLE', `${fileName}：文件是空的`);
  if (bytes.subarray(0, 1024).includes('%PDF-')) {
    yield* rasterizePdf(bytes, fileName, only);
    return;
  }
  let meta: Awaited<ReturnType<ReturnType<typeof openScan>['metadata']>>;
  try {
    meta = await openScan(bytes).metadata();
  } catch (err) {
    throw unreadable(fileName, err);
  }
  const dpi = metadataDpi(meta);
  // Only TIFF is a multi-page scan; other formats' extra "pages" are animation frames.
  const count = meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
  if (count === 1) {
    try {
      await checkDecodes(bytes);
    } catch (err) {
      throw unreadable(fileName, err);
    }
    yield { index: 0, image: bytes, dpi, count: 1 };
    return;
  }
  const end = only === undefined ? count : Math.min(count, only + 1);
  for (let index = only ?? 0; index < end; index++) {
    let page: RasterPage;
    try {
      const scan = openScan(bytes, index);
      const pageMeta = await scan.metadata();
      // A lossless copy of the page with its resolution, for the clean-up to read like any single-page scan.
      page = { index, image: await scan.png({ compressionLevel: 3 }).toBuffer(), dpi: metadataDpi(pageMeta) ?? dpi, count: end - (only ?? 0) };
    } catch (err) {
      throw unreadable(fileName, err);
    }
    yield page;
  }
}

/** Decodes the whole image (cheaply: JPEG shrinks on load) so that a file cut short is found now. */
async function checkDecodes(bytes: Buffer): Promise<void> {
  await openScan(bytes).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
}

interface PdfPageSize {
  widthPt: number;
  heightPt: number;
}

async function* rasterizePdf(bytes: Buffer, fileName: string, only?: number): AsyncGenerator<RasterPage> {
  const dir = await mkdtemp(join(tmpdir(), 'dangka-pdf-'));
  try {
    const input = join(dir, 'input.pdf');
    await writeFile(input, bytes);
    const sizes = await pdfPageSizes(input, fileName);
    const first = only ?? 0;
    const end = only === undefined ? sizes.length : Math.min(sizes.length, only + 1);
    // One pdftoppm run per page: the page's pixels are read and deleted before the next is rendered, so neither
    // memory nor the temporary folder grows with the page count; a process start costs ~20 ms against ~0.3 s of
    // rendering. PPM, not PNG: the same pixels (the clean-up reads them undecoded) without ~1 s of zlib a page.
    for (let index = first; index < end; index++) {
      // 300 dpi, or less for a page so large (a poster, an engineering drawing) that 300 dpi would pass the pixel limit.
      const dpi = pageDpi(sizes[index]!);
      const prefix = join(dir, 'page');
      try {
        await run('pdftoppm', ['-r', String(dpi), '-singlefile', '-f', String(index + 1), '-l', String(index + 1), input, prefix], {
          timeout: PDFTOPPM_TIMEOUT_PER_PAGE_MS,
          maxBuffer: 1024 * 1024,
        });
      } catch (err) {
        throw pdfError(fileName, err);
      }
      let pixels: { image: Buffer; raw: RawPixels };
      try {
        pixels = ppmPixels(await readFile(`${prefix}.ppm`));
      } catch {
        throw new DangkaError('FILE_UNREADABLE', `${fileName}：PDF 第${index + 1}页无法转换为图像，文件可能已损坏`);
      }
      await rm(`${prefix}.ppm`, { force: true });
      yield { index, ...pixels, dpi, count: end - first };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** pdftoppm's binary PPM ("P6 width height 255", one whitespace, then RGB bytes) as raw pixels. */
export function ppmPixels(file: Buffer): { image: Buffer; raw: RawPixels } {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(file.subarray(0, 64).toString('latin1'));
  if (!header) throw new Error('not a binary 8-bit PPM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  const image = file.subarray(header[0].length);
  if (width * height * 3 !== image.length) throw new Error(`PPM of ${width}×${height} has ${image.length} bytes of pixels`);
  return { image, raw: { width, height, channels: 3 } };
}

function pageDpi(size: PdfPageSize): number {
  const pixelsAt = (dpi: number) => ((size.widthPt * dpi) / 72) * ((size.heightPt * dpi) / 72);
  if (pixelsAt(PDF_DPI) <= MAX_INPUT_PIXELS) return PDF_DPI;
  return Math.max(1, Math.floor(PDF_DPI * Math.sqrt(MAX_INPUT_PIXELS / pixelsAt(PDF_DPI))));
}

/** Page sizes from pdfinfo; also where an encrypted or broken PDF is found. */
async function pdfPageSizes(input: string, fileName: string): Promise<PdfPageSize[]> {
  let stdout: string;
  try {
    ({ stdout } = await run('pdfinfo', ['-f', '1', '-l', '100000', input], { timeout: PDFINFO_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 }));
  } catch (err) {
    throw pdfError(fileName, err);
  }
  const sizes = [...stdout.matchAll(/^Page\s+\d+\s+size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ widthPt: Number(m[1]), heightPt: Number(m[2]) }));
  if (sizes.length === 0) throw new DangkaError('FILE_UNREADABLE', `${fileName}：PDF 中没有页面`);
  return sizes;
}

function pdfError(fileName: string, err: unknown): DangkaError {
  const e = err as { code?: string | number; killed?: boolean; stderr?: string; message?: string };
  if (e.code === 'ENOENT') return new DangkaError('INTERNAL', '缺少 PDF 转换工具（poppler 的 pdfinfo/pdftoppm）：安装不完整，请重新安装档卡');
  if (e.killed) return new DangkaError('FILE_UNREADABLE', `${fileName}：PDF 转换超时，文件可能过大或已损坏`);
  const stderr = e.stderr ?? e.message ?? '';
  if (/password/i.test(stderr)) return new DangkaError('FILE_UNREADABLE', `${fileName}：PDF 已加密，需要密码才能打开；请先用原软件取消密码（或另存为不加密的PDF）后再导入`);
  return new DangkaError('FILE_UNREADABLE', `${fileName}：PDF 文件已损坏或不完整，无法读取（请重新导出或重新复制）`);
}
