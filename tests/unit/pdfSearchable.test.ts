// The searchable PDF of a scanned page, checked with poppler as a reader would see it: the OCR words come back
// in order (and Han lines without spaces), each where it is printed; the font is embedded as a subset; the page
// looks exactly like the scan, even with no system fonts, because the text layer draws nothing.
import { execFileSync } from 'node:child_process';
import { PDFDocument } from 'pdf-lib';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeSearchablePdf, type SearchablePage } from '../../engine/pdf/searchable';
import { pdffonts, pdftotext, renderPdfPage, renderTestPage, savePdf, type TestPage } from './pdfTools';

let scan: TestPage;
let input: SearchablePage;

beforeAll(async () => {
  scan = await renderTestPage(150);
  input = { image: scan.jpeg, widthPx: scan.width, heightPx: scan.height, dpi: scan.dpi, words: scan.words };
});

const META = { title: '建档立卡户档案 张喆', author: '某某乡档案室', subject: '贫困户基本情况', keywords: ['张喆', '建档立卡'] };

/** pdftotext's words with their boxes, in image pixels of a page scanned at `dpi`. */
function wordBoxes(file: string, dpi: number): { text: string; box: [number, number, number, number] }[] {
  const html = pdftotext(file, '-bbox');
  const px = dpi / 72;
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    text: m[5]!,
    box: [Number(m[1]) * px, Number(m[2]) * px, Number(m[3]) * px, Number(m[4]) * px],
  }));
}

/** Mean absolute difference of two grey rasters after shrinking both to `width` pixels wide. */
async function meanDifference(a: { data: Buffer; width: number; height: number }, b: Buffer, width: number): Promise<number> {
  const small = (img: Sharp) => img.greyscale().resize({ width, height: Math.round((width * a.height) / a.width), fit: 'fill' }).raw().toBuffer();
  const [x, y] = await Promise.all([small(sharp(a.data, { raw: { width: a.width, height: a.height, channels: 1 } })), small(sharp(b))]);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs(x[i]! - y[i]!);
  return sum / x.length;
}

describe('writeSearchablePdf', () => {
  it('gives back the OCR text in reading order, Han lines without spaces, Latin words with them', async () => {
    const file = savePdf(await writeSearchablePdf([input], META));
    const text = pdftotext(file);
    expect(text.replace(/\s+/g, '')).toBe(scan.lines.join('').replace(/\s+/g, ''));
    const lines = text.split('\n').map((l) => l.trim());
    // Drawn with the ink gaps of real print between the characters (0.12 em): no spaces come back.
    expect(lines).toContain('建档立卡贫困户基本情况登记表');
    expect(lines).toContain('张喆李堃王珺陈昇刘燊');
    expect(lines).toContain('Dangka OCR test 2024');
  });

  it('puts every word where it is printed, so a search highlights the right place', async () => {
    const file = savePdf(await writeSearchablePdf([input], META));
    const found = wordBoxes(file, scan.dpi);
    for (const word of scan.words) {
      const [x0, y0, x1, y1] = word.bbox;
      const [cx, cy] = [(x0 + x1) / 2, (y0 + y1) / 2];
      const hit = found.find(({ box: [a, b, c, d] }) => a <= cx && cx <= c && b <= cy && cy <= d);
      expect(hit?.text, `${word.text} at ${word.bbox.join(',')}`).toContain(word.text);
      // The highlight spans the word's line and not much more (poppler uses the font's ascent and descent).
      const [, top, , bottom] = hit!.box;
      expect(top).toBeLessThanOrEqual(y0 + 1);
      expect(bottom).toBeGreaterThanOrEqual(y1 - 1);
      expect(bottom - top).toBeLessThan(2 * (y1 - y0) + 20);
    }
  });

  it('embeds every font as a subset and writes the Chinese metadata', async () => {
    const file = savePdf(await writeSearchablePdf([input], { ...META, creationDate: new Date('2024-03-01T08:00:00Z') }));
    const fonts = pdffonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font, font.name).toMatchObject({ emb: true, sub: true, uni: true });
    const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+建档立卡户档案 张喆$/m);
    expect(info).toMatch(/^Author:\s+某某乡档案室$/m);
    expect(info).toMatch(/^Subject:\s+贫困户基本情况$/m);
    expect(info).toMatch(/^Keywords:\s+张喆 建档立卡$/m);
    expect(info).toMatch(/^CreationDate:\s+2024-03-01T08:00:00Z$/m);
    // A4 scanned at 150 dpi is A4 again.
    expect(info).toMatch(/^Page size:\s+595\.2 x 841\.92 pts \(A4\)$/m);
  });

  it('looks exactly like the scan with no system fonts: the text layer draws nothing', async () => {
    const withText = savePdf(await writeSearchablePdf([input], META));
    const imageOnly = savePdf(await writeSearchablePdf([{ ...input, words: [] }], META));
    const rendered = await renderPdfPage(withText, scan.dpi);
    expect([rendered.width, rendered.height]).toEqual([scan.width, scan.height]);
    expect(await meanDifference(rendered, scan.jpeg, 310)).toBeLessThan(1);
    expect(rendered.data.equals((await renderPdfPage(imageOnly, scan.dpi)).data)).toBe(true);
    // No text, no font: nothing to embed.
    expect(pdffonts(imageOnly)).toEqual([]);
  });

  it('keeps characters the font lacks in the text (ActualText), so they are still found', async () => {
    const page = await renderTestPage(150, [{ text: '户主张𠀀', px: 30 }]);
    const file = savePdf(
      await writeSearchablePdf([{ image: page.jpeg, widthPx: page.width, heightPx: page.height, dpi: 150, words: page.words }], META),
    );
    expect(pdftotext(file).replace(/\s+/g, '')).toBe('户主张𠀀');
  });

  it('sizes pages from their dpi, 300 when unknown, and accepts PNG', async () => {
    const png = await sharp(scan.jpeg).png().toBuffer();
    const bytes = await writeSearchablePdf(
      [input, { ...input, dpi: null }, { ...input, image: png, dpi: 200 }],
      META,
    );
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPages().map((p) => p.getSize())).toEqual([
      { width: scan.width * (72 / 150), height: scan.height * (72 / 150) },
      { width: scan.width * (72 / 300), height: scan.height * (72 / 300) },
      { width: scan.width * (72 / 200), height: scan.height * (72 / 200) },
    ]);
    expect(pdftotext(savePdf(bytes), '-f', '3').replace(/\s+/g, '')).toBe(scan.lines.join('').replace(/\s+/g, ''));
  });

  it('is reproducible: the same pages and metadata give the same bytes', async () => {
    const meta = { ...META, creationDate: new Date('2024-03-01T08:00:00Z') };
    const first = await writeSearchablePdf([input], meta);
    expect(Buffer.from(await writeSearchablePdf([input], meta)).equals(Buffer.from(first))).toBe(true);
  });

  it('refuses what it cannot place: no pages, an image that is not JPEG or PNG, a size that disagrees', async () => {
    await expect(writeSearchablePdf([], META)).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(writeSearchablePdf([{ ...input, image: Buffer.from('GIF89a') }], META)).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    await expect(writeSearchablePdf([{ ...input, widthPx: scan.width / 2 }], META)).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('第 1 页'),
    });
  });

  it('stays small: ten pages cost little beyond their images', async () => {
    let started = performance.now();
    const onePage = await writeSearchablePdf([input], META);
    const oneMs = performance.now() - started;
    started = performance.now();
    const bytes = await writeSearchablePdf(Array.from({ length: 10 }, () => input), META);
    const tenMs = performance.now() - started;
    const beyondImages = bytes.length - 10 * scan.jpeg.length;
    // The font subset and document overhead are paid once; each further page adds its text layer and objects.
    const perExtraPage = (bytes.length - onePage.length) / 9 - scan.jpeg.length;
    console.log(
      `10 pages (${scan.words.length} words each): ${bytes.length} bytes, ${Math.round(beyondImages / 10)} per page beyond the image, ` +
        `${Math.round(perExtraPage)} per page after the first; ${oneMs.toFixed(0)} ms for one page, ` +
        `${((tenMs - oneMs) / 9).toFixed(1)} ms per further page`,
    );
    expect(beyondImages / 10).toBeLessThan(5_000);
    expect(perExtraPage).toBeLessThan(2_000);
  });
});
