// A file the clerk brings in → its page images. Images (JPEG, PNG, WEBP, AVIF, TIFF) pass through as they are —
// the bytes are the scan — except that each TIFF page becomes a PNG of its own; PDF pages are rendered at 300 dpi
// (DA/T 31's resolution for OCR) by poppler's pdftoppm, since sharp cannot read PDF. Every page is decoded once
// here so that a truncated, mislabelled or oversized file fails at once, naming the problem, before anything is
// stored.
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { DangkaError } from '../../shared/errors';
import { MAX_INPUT_PIXELS, metadataDpi, openScan, unreadable } from './decode';

const run = promisify(execFile);

export interface RasterPage {
  /** 0-based page number in the file. */
  index: number;
  image: Buffer;
  /** From the file's metadata (or the PDF render resolution); null when it does not say. */
  dpi: number | null;
}

/** DA/T 31: 300 dpi for pages that are to be OCR'd. */
export const PDF_DPI = 300;
/** pdfinfo answers in milliseconds; pdftoppm needs ~0.3–1 s per A4 page at 300 dpi here. */
const PDFINFO_TIMEOUT_MS = 20_000;
const PDFTOPPM_TIMEOUT_PER_PAGE_MS = 30_000;

/** All pages of the file, or only page `only` (0-based: a page the clerk turned is cleaned again alone). */
export async function rasterizeInput(bytes: Buffer, fileName: string, only?: number): Promise<RasterPage[]> {
  if (bytes.length === 0) throw new DangkaError('FILE_UNREADABLE', `${fileName}：文件是空的`);
  if (bytes.subarray(0, 1024).includes('%PDF-')) return rasterizePdf(bytes, fileName, only);
  try {
    const meta = await openScan(bytes).metadata();
    const dpi = metadataDpi(meta);
    // Only TIFF is a multi-page scan; other formats' extra "pages" are animation frames.
    const count = meta.format === 'tiff' ? (meta.pages ?? 1) : 1;
    if (count === 1) {
      await checkDecodes(bytes);
      return [{ index: 0, image: bytes, dpi }];
    }
    const pages: RasterPage[] = [];
    for (let index = only ?? 0; index < (only === undefined ? count : Math.min(count, only + 1)); index++) {
      const page = openScan(bytes, index);
      const pageMeta = await page.metadata();
      // A lossless copy of the page with its resolution, for the clean-up to read like any single-page scan.
      const image = await page.png({ compressionLevel: 3 }).toBuffer();
      pages.push({ index, image, dpi: metadataDpi(pageMeta) ?? dpi });
    }
    return pages;
  } catch (err) {
    throw unreadable(fileName, err);
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

async function rasterizePdf(bytes: Buffer, fileName: string, only?: number): Promise<RasterPage[]> {
  const dir = await mkdtemp(join(tmpdir(), 'dangka-pdf-'));
  try {
    const input = join(dir, 'input.pdf');
    await writeFile(input, bytes);
    const sizes = await pdfPageSizes(input, fileName);
    const pages: RasterPage[] = [];
    // Pages are rendered in runs of the same resolution: 300 dpi, or less for a page so large (a poster, an
    // engineering drawing) that 300 dpi would pass the pixel limit.
    let first = only ?? 0;
    const end = only === undefined ? sizes.length : Math.min(sizes.length, only + 1);
    while (first < end) {
      const dpi = pageDpi(sizes[first]!);
      let last = first;
      while (last + 1 < end && pageDpi(sizes[last + 1]!) === dpi) last++;
      const prefix = join(dir, `p${first}`);
      try {
        await run('pdftoppm', ['-r', String(dpi), '-png', '-f', String(first + 1), '-l', String(last + 1), input, prefix], {
          timeout: PDFTOPPM_TIMEOUT_PER_PAGE_MS * (last - first + 1),
          maxBuffer: 1024 * 1024,
        });
      } catch (err) {
        throw pdfError(fileName, err);
      }
      // pdftoppm names pages <prefix>-<n>.png with n zero-padded to the page count's width: sort by the number.
      const files = (await readdir(dir))
        .filter((f) => f.startsWith(`p${first}-`) && f.endsWith('.png'))
        .sort((a, b) => pageNumber(a) - pageNumber(b));
      if (files.length !== last - first + 1) throw new DangkaError('FILE_UNREADABLE', `${fileName}：PDF 第${first + 1}–${last + 1}页无法转换为图像，文件可能已损坏`);
      for (const [k, file] of files.entries()) pages.push({ index: first + k, image: await readFile(join(dir, file)), dpi });
      first = last + 1;
    }
    return pages;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function pageNumber(file: string): number {
  return Number(/-(\d+)\.png$/.exec(file)?.[1] ?? 0);
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
