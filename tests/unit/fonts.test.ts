// The embedded Chinese fonts: rare name characters print (checked by rendering with poppler and NO system fonts,
// so nothing can stand in for a broken embedding), characters the font lacks are reported before printing, and
// the fonts go into PDFs as subsets.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument, rgb } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { embedFonts, FONT_FACES, fontBytes, missingGlyphs } from '../../engine/pdf/fonts';
import { resourcesDir } from '../../engine/resources';
import { pdffonts, pdftotext, renderPdfPage, savePdf } from './pdfTools';

const RARE_NAMES = '张喆 李堃 王珺 陈昇 刘燊';
// Everyday hanzi as well: without the glyph padding fix about half of a subset's glyphs vanish, and a short line
// of names could pass by luck.
const FORM_TEXT = '贫困户建档立卡申请书户主姓名身份证号码家庭住址村民小组';

describe('shipped fonts', () => {
  it('are the padded files resources/fonts/README.md documents, byte for byte', () => {
    const readme = readFileSync(join(resourcesDir(), 'fonts', 'README.md'), 'utf8');
    const documented = new Map([...readme.matchAll(/^\| (\S+\.ttf) \| [0-9a-f]{64} \| ([0-9a-f]{64}) \|/gm)].map((m) => [m[1]!, m[2]!]));
    expect(documented.size).toBe(FONT_FACES.length);
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    for (const [file, hash] of documented) expect(sha256(readFileSync(join(resourcesDir(), 'fonts', file))), file).toBe(hash);
    // …and they are what the PDFs embed.
    expect(new Set(FONT_FACES.map((face) => sha256(fontBytes(face))))).toEqual(new Set(documented.values()));
  });
});

describe('missingGlyphs', () => {
  it('finds every rare name character in all three faces', () => {
    for (const face of FONT_FACES) expect(missingGlyphs(RARE_NAMES + FORM_TEXT, face), face).toEqual([]);
  });

  it('reports characters the font lacks, each once, and ignores line breaks', () => {
    // U+20000 (CJK Extension B) is outside Noto Sans SC; such characters occur in real names.
    expect(missingGlyphs('王\u{20000}\n李\u{20000}\t', 'sans')).toEqual(['\u{20000}']);
  });
});

describe('embedded fonts', () => {
  it('print rare names visibly as subsets, with no system font to fall back on', async () => {
    const doc = await PDFDocument.create();
    const fonts = await embedFonts(doc);
    const size = 24;
    const page = doc.addPage([720, 80 + 2 * 40 * FONT_FACES.length]);
    // Each character's cell in points, measured with the same font: later checked for ink one by one.
    const cells: { char: string; face: string; x0: number; x1: number; top: number; bottom: number }[] = [];
    FONT_FACES.forEach((face, row) => {
      const font = fonts[face];
      [RARE_NAMES, FORM_TEXT].forEach((line, k) => {
        const x = 20;
        const y = page.getHeight() - 50 - (2 * row + k) * 40;
        page.drawText(line, { x, y, size, font, color: rgb(0, 0, 0) });
        let offset = 0;
        for (const char of line) {
          const width = font.widthOfTextAtSize(char, size);
          if (char !== ' ') cells.push({ char, face, x0: x + offset, x1: x + offset + width, top: y + 0.88 * size, bottom: y - 0.12 * size });
          offset += width;
        }
      });
    });
    const pdf = savePdf(await doc.save());

    const rows = pdffonts(pdf);
    expect(rows.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toEqual(['NotoSansSC-Regular', 'NotoSansSC-Bold', 'NotoSerifSC-Regular']);
    for (const row of rows) expect(row, row.name).toMatchObject({ emb: true, sub: true, uni: true });

    expect(pdftotext(pdf).replace(/\s+/g, '')).toBe((RARE_NAMES + FORM_TEXT).repeat(3).replace(/\s+/g, ''));

    // At 72 dpi a pixel is a point.
    const { data, width, height } = await renderPdfPage(pdf, 72);
    const inkIn = (c: (typeof cells)[number]): number => {
      let ink = 0;
      const py = (pt: number) => Math.round(height - pt);
      for (let y = Math.max(0, py(c.top)); y < Math.min(height, py(c.bottom)); y++) {
        for (let x = Math.round(c.x0) + 1; x < Math.round(c.x1) - 1; x++) if (data[y * width + x]! < 128) ink++;
      }
      return ink;
    };
    const blank = cells.filter((c) => inkIn(c) < 10).map((c) => `${c.face}:${c.char}`);
    expect(blank).toEqual([]);
  });

  it('names a subset after the text it was given, so the same document gives the same bytes', async () => {
    const pdf = async (text: string, key?: string) => {
      const doc = await PDFDocument.create({ updateMetadata: false });
      const { sans } = await embedFonts(doc, ['sans'], key);
      doc.addPage([400, 100]).drawText(text, { x: 10, y: 50, size: 20, font: sans });
      // Plain objects, not object streams: the font's name is then readable in the bytes.
      return Buffer.from(await doc.save({ useObjectStreams: false }));
    };
    const subsetTag = (bytes: Buffer) => /\/BaseFont \/([A-Z]{6})\+NotoSansSC-Regular/.exec(bytes.toString('latin1'))?.[1];
    const names = await pdf(RARE_NAMES, RARE_NAMES);
    expect(subsetTag(names)).toBeDefined();
    expect((await pdf(RARE_NAMES, RARE_NAMES)).equals(names)).toBe(true);
    expect(subsetTag(await pdf(FORM_TEXT, FORM_TEXT))).not.toBe(subsetTag(names));
    // Without a key the tag is random: two documents with different subsets never share one by construction.
    expect(subsetTag(await pdf(RARE_NAMES))).toMatch(/^[A-Z]{6}$/);
  });

  it('adds only kilobytes for a line of text, not the 10 MB font', async () => {
    const doc = await PDFDocument.create();
    const { sans } = await embedFonts(doc, ['sans']);
    doc.addPage([400, 100]).drawText(RARE_NAMES, { x: 10, y: 50, size: 20, font: sans });
    const bytes = (await doc.save()).length;
    console.log(`PDF with one line of 10 rare names: ${bytes} bytes`);
    expect(bytes).toBeLessThan(30_000);
  });
});
