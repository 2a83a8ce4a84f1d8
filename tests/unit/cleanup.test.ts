// Page clean-up and file decoding as a clerk would notice them: skew straightened, pages turned the right way up,
// the scanner lid cut away, low resolution reported, the original untouched; and files that are not scans —
// empty, renamed, cut short, oversized, encrypted — refused with a Chinese message that names them.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPage } from '../../engine/imaging/clean';
import { decodePgm, findSpecks } from '../../engine/imaging/raster';
import { rasterizeInput } from '../../engine/imaging/rasterize';
import { closeLineReader } from '../../engine/ocr/lineReader';
import { DangkaError } from '../../shared/errors';
import { renderScan, type ScanSpec } from '../fixtures/scans';
import { tempDir } from './helpers';

afterAll(() => closeLineReader());

const SMALL: Partial<ScanSpec> = { widthMm: 160, heightMm: 120, jpegQuality: 85 };
const scan = (spec: Partial<ScanSpec>) => renderScan({ kind: 'application', seed: 5, ...SMALL, ...spec } as ScanSpec);

/** Mean grey of the outer frame (a few pixels wide) of an image. */
async function frameGrey(image: Buffer, px = 4): Promise<number> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  let sum = 0;
  let n = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      if (x < px || y < px || x >= info.width - px || y >= info.height - px) {
        sum += data[y * info.width + x]!;
        n++;
      }
    }
  }
  return sum / n;
}

async function refusal(bytes: Buffer, name: string): Promise<DangkaError> {
  try {
    await rasterizeInput(bytes, name);
  } catch (err) {
    if (err instanceof DangkaError) return err;
    throw err;
  }
  throw new Error(`${name} was accepted`);
}

describe('page clean-up', () => {
  it('measures the skew of a page laid crooked on the glass and straightens it, reporting more than 3°', async () => {
    for (const skew of [4, -6.5]) {
      const page = await cleanPage((await scan({ skew })).image);
      expect(Math.abs(page.skewDegrees! - skew), `skew ${skew}`).toBeLessThan(0.3);
      expect(page.warnings.some((w) => w.includes('歪斜'))).toBe(true);
    }
    const straight = await cleanPage((await scan({ skew: 0.5 })).image);
    expect(Math.abs(straight.skewDegrees! - 0.5)).toBeLessThan(0.3);
    expect(straight.warnings.some((w) => w.includes('歪斜'))).toBe(false);
  });

  it('turns a page scanned upside down or sideways the right way up', async () => {
    const upright = await cleanPage((await scan({})).image);
    expect(upright.rotationDetected).toBe(0);
    const upsideDown = await cleanPage((await scan({ rotation: 180 })).image);
    expect(upsideDown.rotationDetected).toBe(180);
    const sideways = await cleanPage((await scan({ rotation: 90 })).image);
    // Turned 90° clockwise on the glass, it needs 270° more to come upright — and it is landscape again.
    expect(sideways.rotationDetected).toBe(270);
    expect(sideways.width).toBeGreaterThan(sideways.height);
  });

  it('tells which way up a ruled form is — a roster, a 明白卡, a visit log — and a speckled page', async () => {
    // A table's rules put ink in every row: its body was taken for one tall "line", and these pages were left
    // as they lay with 未能判断页面方向.
    for (const kind of ['roster', 'card', 'visitlog'] as const) {
      const upright = await cleanPage((await scan({ kind, seed: 11 })).image);
      expect(upright.rotationDetected, kind).toBe(0);
      expect(upright.warnings.filter((w) => w.includes('方向')), kind).toEqual([]);
      const upsideDown = await cleanPage((await scan({ kind, seed: 11, rotation: 180 })).image);
      expect(upsideDown.rotationDetected, `${kind} upside down`).toBe(180);
    }
    const speckled = await cleanPage((await scan({ speckle: 0.02, rotation: 180 })).image);
    expect(speckled.rotationDetected).toBe(180);
  });

  it('applies the clerk’s rotation instead of guessing', async () => {
    const page = await cleanPage((await scan({})).image, { rotation: 90 });
    expect(page.rotationDetected).toBe(0);
    expect(page.height).toBeGreaterThan(page.width);
  });

  it('cuts away the dark scanner lid round the page and leaves a page without one whole', async () => {
    const lid = await scan({ border: true, skew: 2 });
    expect(await frameGrey(lid.image)).toBeLessThan(90);
    const cut = await cleanPage(lid.image);
    expect(cut.borderCropped).toBe(true);
    const plain = await cleanPage((await scan({})).image);
    expect(plain.borderCropped).toBe(false);
    const meta = await sharp((await scan({})).image).metadata();
    // 300-dpi scan, 200-dpi access copy: the same page, two thirds the pixels, nothing cut.
    expect(Math.abs(plain.width - (meta.width! * 2) / 3)).toBeLessThan(4);
  });

  it('warns about scans under 200 dpi (DA/T 31) and not about 300-dpi ones', async () => {
    const low = await cleanPage((await scan({ dpi: 150 })).image);
    expect(low.warnings.some((w) => w.includes('150dpi') && w.includes('200dpi'))).toBe(true);
    const fine = await cleanPage((await scan({})).image);
    expect(fine.warnings.some((w) => w.includes('dpi'))).toBe(false);
  });

  it('never changes the original, and gives a greyscale JPEG access copy, a thumbnail and a PGM for OCR', async () => {
    const original = (await scan({ skew: 3, border: true })).image;
    const before = createHash('sha256').update(original).digest('hex');
    const page = await cleanPage(original);
    expect(createHash('sha256').update(original).digest('hex')).toBe(before);
    const access = await sharp(page.access).metadata();
    expect([access.format, access.channels, access.width, access.height]).toEqual(['jpeg', 1, page.width, page.height]);
    expect((await sharp(page.thumbnail).metadata()).width).toBe(200);
    expect(page.ocrImage.subarray(0, 2).toString()).toBe('P5');
  });

  it('wipes out the specks of a speckled scan, and leaves a clean scan’s small dots alone', async () => {
    const speckled = await cleanPage((await scan({ speckle: 0.02 })).image);
    expect(speckled.despeckled).toBe(true);
    // Every speck of the page the clerk sees and OCR reads is gone; the characters (larger groups) stay.
    const page = decodePgm(speckled.ocrImage)!;
    expect(findSpecks(page).fraction).toBe(0);
    const ink = page.data.filter((v) => v < 128).length / page.data.length;
    expect(ink).toBeGreaterThan(0.01);
    const clean = await cleanPage((await scan({})).image);
    expect(clean.despeckled).toBe(false);
  });

  it('leaves a red seal out of the copy OCR reads, keeps it on the access copy, and keeps a 红头’s red title and rule', async () => {
    // An A4 page at 200 dpi (8 px/mm): a red 红头 title and rule, black text, and a round seal pressed over the 落款.
    const mm = 8;
    const red = 'rgb(215,45,50)';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${210 * mm}" height="${297 * mm}"><rect width="100%" height="100%" fill="#fff"/>
      <text x="${105 * mm}" y="${45 * mm}" font-size="${14 * mm}" fill="${red}" font-family="Noto Serif CJK SC" text-anchor="middle">石桥乡人民政府文件</text>
      <rect x="${20 * mm}" y="${55 * mm}" width="${170 * mm}" height="${0.8 * mm}" fill="${red}"/>
      ${[0, 1, 2, 3, 4, 5, 6, 7].map((k) => `<text x="${25 * mm}" y="${(80 + k * 12) * mm}" font-size="${5 * mm}" font-family="Noto Serif CJK SC">关于龙泉村二〇二〇年脱贫户名单的公示第${k + 1}条内容</text>`).join('')}
      <text x="${120 * mm}" y="${232 * mm}" font-size="${5 * mm}" font-family="Noto Serif CJK SC">石桥乡人民政府</text>
      <g opacity="0.9"><circle cx="${140 * mm}" cy="${230 * mm}" r="${21 * mm}" fill="none" stroke="${red}" stroke-width="${1.2 * mm}"/>
      <text x="${140 * mm}" y="${222 * mm}" font-size="${6 * mm}" fill="${red}" font-family="Noto Sans CJK SC" text-anchor="middle">人民政府</text>
      <text x="${140 * mm}" y="${244 * mm}" font-size="${5 * mm}" fill="${red}" font-family="Noto Sans CJK SC" text-anchor="middle">专用章</text></g></svg>`;
    const image = await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).withMetadata({ density: 200 }).toBuffer();
    const page = await cleanPage(image);
    expect(page.sealsWiped).toBe(1);
    const access = { data: new Uint8Array(await sharp(page.access).greyscale().raw().toBuffer()), width: page.width, height: page.height };
    const ocr = decodePgm(page.ocrImage)!;
    // Dark pixels in a box given in mm (the page is neither turned nor cropped: same size as the scan).
    const dark = (img: typeof ocr, x0: number, y0: number, x1: number, y1: number) => {
      let n = 0;
      for (let y = y0 * mm; y < y1 * mm; y++) for (let x = x0 * mm; x < x1 * mm; x++) if (img.data[y * img.width + x]! < 128) n++;
      return n;
    };
    expect([ocr.width, ocr.height]).toEqual([210 * mm, 297 * mm]);
    // The seal's ring (its left edge, above the 落款) and its words: seen on the access copy, gone from the OCR copy.
    expect(dark(access, 117, 219, 123, 226)).toBeGreaterThan(100);
    expect(dark(ocr, 117, 219, 123, 226)).toBe(0);
    expect(dark(access, 128, 238, 152, 246)).toBeGreaterThan(100);
    expect(dark(ocr, 128, 238, 152, 246)).toBe(0);
    // The black 落款 under the seal stays; so do the red title and the red rule of the 红头 (the access copy is a
    // JPEG, the OCR copy exact: the counts differ by its compression only).
    expect(dark(ocr, 122, 226, 155, 233)).toBeGreaterThan(0.8 * dark(access, 122, 226, 155, 233));
    expect(dark(ocr, 20, 30, 190, 50)).toBeGreaterThan(0.97 * dark(access, 20, 30, 190, 50));
    expect(dark(ocr, 20, 54, 190, 57)).toBeGreaterThan(0.97 * dark(access, 20, 54, 190, 57));
    expect(dark(ocr, 20, 54, 190, 57)).toBeGreaterThan(170 * mm * 4);
    // Turned by the clerk, the seal is found and wiped all the same (the same stretch of ring, turned with the page).
    const turned = await cleanPage(image, { rotation: 180 });
    expect(turned.sealsWiped).toBe(1);
    const turnedAccess = { data: new Uint8Array(await sharp(turned.access).greyscale().raw().toBuffer()), width: turned.width, height: turned.height };
    expect(dark(turnedAccess, 210 - 123, 297 - 226, 210 - 117, 297 - 219)).toBeGreaterThan(100);
    expect(dark(decodePgm(turned.ocrImage)!, 210 - 123, 297 - 226, 210 - 117, 297 - 219)).toBe(0);
  });

  it('looks for no seal on a page printed largely in red: its red is print, left as it is', async () => {
    // A certificate-like page at 200 dpi: a broad red frame (a fifth of the page) and a seal-sized red ring inside it.
    const mm = 8;
    const red = 'rgb(215,45,50)';
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${210 * mm}" height="${297 * mm}"><rect width="100%" height="100%" fill="#fff"/>
      <rect x="${10 * mm}" y="${10 * mm}" width="${190 * mm}" height="${277 * mm}" fill="none" stroke="${red}" stroke-width="${14 * mm}"/>
      <circle cx="${105 * mm}" cy="${150 * mm}" r="${21 * mm}" fill="none" stroke="${red}" stroke-width="${1.2 * mm}"/></svg>`;
    // Upright as the clerk says (a page with no text has no way up to find).
    const page = await cleanPage(await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).withMetadata({ density: 200 }).toBuffer(), { rotation: 0 });
    expect(page.sealsWiped).toBe(0);
    const ocr = decodePgm(page.ocrImage)!;
    let ring = 0;
    for (let y = 148 * mm; y < 152 * mm; y++) for (let x = 82 * mm; x < 86 * mm; x++) if (ocr.data[y * ocr.width + x]! < 160) ring++;
    expect(ring).toBeGreaterThan(0);
  });

  it('says a blank page is blank instead of guessing its skew', async () => {
    const blank = await sharp({ create: { width: 1200, height: 1600, channels: 3, background: '#f4f4f2' } }).jpeg().toBuffer();
    const page = await cleanPage(blank);
    expect(page.skewDegrees).toBeNull();
    expect(page.warnings).toContain('页面几乎空白，未做纠偏和方向判断');
  });
});

describe('reading files into pages', () => {
  it('passes a JPEG through as one page with its resolution', async () => {
    const { image } = await scan({ dpi: 200 });
    const pages = await rasterizeInput(image, 'a.jpg');
    expect(pages.map((p) => [p.index, p.dpi, p.image === image])).toEqual([[0, 200, true]]);
  });

  it('splits a multi-page TIFF into its pages, in order', async () => {
    const shades = [40, 120, 200];
    const frames = shades.map((g) => Buffer.alloc(300 * 400, g));
    // sharp writes a multi-page TIFF from a tall image cut into pages by pageHeight.
    const tiff = await sharp(Buffer.concat(frames), { raw: { width: 300, height: 1200, channels: 1, pageHeight: 400 } }).tiff().toBuffer();
    expect((await sharp(tiff).metadata()).pages).toBe(3);
    const pages = await rasterizeInput(tiff, '三页.tif');
    expect(pages.map((p) => p.index)).toEqual([0, 1, 2]);
    const means = await Promise.all(pages.map(async (p) => Math.round((await sharp(p.image).stats()).channels[0]!.mean)));
    expect(means).toEqual(shades);
    // One page alone (a rotation re-cleans only that page).
    expect((await rasterizeInput(tiff, '三页.tif', 2)).map((p) => p.index)).toEqual([2]);
  });

  it('renders each page of a PDF at 300 dpi, in order', async () => {
    const pdf = await PDFDocument.create();
    const a4 = pdf.addPage([595.28, 841.89]);
    a4.drawRectangle({ x: 0, y: 0, width: 595.28, height: 841.89, color: { type: 'RGB', red: 0.2, green: 0.2, blue: 0.2 } as never });
    pdf.addPage([595.28, 841.89]);
    const pages = await rasterizeInput(Buffer.from(await pdf.save()), '两页.pdf');
    expect(pages.map((p) => [p.index, p.dpi])).toEqual([
      [0, 300],
      [1, 300],
    ]);
    const open = (p: (typeof pages)[number]) => sharp(p.image, p.raw ? { raw: p.raw } : {});
    const [dark, white] = await Promise.all(pages.map(async (p) => ({ meta: await open(p).metadata(), mean: (await open(p).stats()).channels[0]!.mean })));
    expect(Math.abs(dark!.meta.width! - 2480)).toBeLessThanOrEqual(2);
    expect(Math.abs(dark!.meta.height! - 3508)).toBeLessThanOrEqual(2);
    expect(dark!.mean).toBeLessThan(80);
    expect(white!.mean).toBeGreaterThan(240);
  });

  it('cleans a PDF page from its undecoded pixels exactly as from a PNG of the same rendering', async () => {
    // Ingest renders PDF pages as PPM (no zlib per page); the clerk's pages must not change for it.
    const pdf = await PDFDocument.create();
    const image = await pdf.embedJpg((await renderScan({ kind: 'application', seed: 3, jpegQuality: 80 })).image);
    const page = pdf.addPage([(image.width * 72) / 300, (image.height * 72) / 300]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    const dir = tempDir();
    const file = join(dir, 'scan.pdf');
    writeFileSync(file, await pdf.save());
    execFileSync('pdftoppm', ['-r', '300', '-png', '-singlefile', file, join(dir, 'page')]);
    const [raster] = await rasterizeInput(readFileSync(file), 'scan.pdf');
    expect(raster!.raw).toMatchObject({ channels: 3 });
    const fromPixels = await cleanPage(raster!.image, { dpi: raster!.dpi, raw: raster!.raw });
    const fromPng = await cleanPage(readFileSync(join(dir, 'page.png')), { dpi: 300 });
    expect(fromPixels.access.equals(fromPng.access)).toBe(true);
    expect(fromPixels.thumbnail.equals(fromPng.thumbnail)).toBe(true);
    expect([fromPixels.rotationDetected, fromPixels.skewDegrees, fromPixels.warnings]).toEqual([fromPng.rotationDetected, fromPng.skewDegrees, fromPng.warnings]);
  });

  it('refuses files that are not scans with a Chinese message naming the file', async () => {
    expect((await refusal(Buffer.alloc(0), '空.jpg')).message).toBe('空.jpg：文件是空的');
    expect((await refusal(Buffer.from('会议记录（文字）'), '改名.jpg')).message).toMatch(/^改名\.jpg：不是可识别的图片或PDF/);
    const jpeg = (await scan({})).image;
    expect((await refusal(jpeg.subarray(0, Math.floor(jpeg.length / 2)), '半截.jpg')).message).toMatch(/^半截\.jpg：图像文件不完整或已损坏/);
    // A tiny PNG whose header claims 20000 × 20000 pixels: refused from the header, before decoding anything.
    const bomb = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#fff' } }).png().toBuffer();
    bomb.writeUInt32BE(20000, 16);
    bomb.writeUInt32BE(20000, 20);
    bomb.writeUInt32BE(crc32(bomb.subarray(12, 29)), 29);
    expect((await refusal(bomb, '炸弹.png')).message).toMatch(/^炸弹\.png：图像尺寸过大/);
    expect((await refusal(Buffer.from('%PDF-1.7\n这不是真正的PDF'), '坏.pdf')).message).toMatch(/^坏\.pdf：PDF 文件已损坏或不完整/);
  });

  it('refuses an encrypted PDF, saying it needs its password removed', async () => {
    const qpdf = spawnSync('qpdf', ['--version']);
    if (qpdf.status !== 0) throw new Error('qpdf is needed for this test (apt-get install qpdf; scripts/test.sh installs it)');
    const dir = tempDir();
    const plain = join(dir, 'plain.pdf');
    const locked = join(dir, 'locked.pdf');
    const pdf = await PDFDocument.create();
    pdf.addPage();
    writeFileSync(plain, await pdf.save());
    execFileSync('qpdf', ['--encrypt', 'user-pw', 'owner-pw', '256', '--', plain, locked]);
    expect((await refusal(readFileSync(locked), '加密.pdf')).message).toContain('加密.pdf：PDF 已加密，需要密码才能打开');
  });
});
