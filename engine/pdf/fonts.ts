// The Chinese fonts Dangka embeds in its PDFs (resources/fonts, see its README), and the check for characters they
// cannot draw. A character without a glyph prints as nothing at all — a name with a blank in it on a signed form —
// so printing asks missingGlyphs() first and warns the clerk (生僻字) instead.
import { createHash, randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fontkit, { type Font } from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { DangkaError } from '../../shared/errors';
import { resourcesDir } from '../resources';
import { useNativeDeflate } from './deflate';

export const FONT_FACES = ['sans', 'sansBold', 'serif'] as const;
export type FontFace = (typeof FONT_FACES)[number];

// TrueType Noto SC, re-saved with glyph padding 4: the CFF Noto CJK fonts print blank pages when pdf-lib subsets
// them, and without the padding fix half of a subset's glyphs vanish (scripts/fix-font-padding.py).
const FILES: Record<FontFace, string> = {
  sans: 'NotoSansSC-Regular.ttf',
  sansBold: 'NotoSansSC-Bold.ttf',
  serif: 'NotoSerifSC-Regular.ttf',
};

// 10–15 MB each: read once per process, not once per PDF.
const bytesCache = new Map<FontFace, Buffer>();
const fontCache = new Map<FontFace, Font>();

export function fontBytes(face: FontFace): Buffer {
  let bytes = bytesCache.get(face);
  if (!bytes) {
    const path = join(resourcesDir(), 'fonts', FILES[face]);
    try {
      bytes = readFileSync(path);
    } catch {
      throw new DangkaError('INTERNAL', `找不到字体文件 ${FILES[face]}：安装不完整，请重新安装档卡`);
    }
    bytesCache.set(face, bytes);
  }
  return bytes;
}

function parsedFont(face: FontFace): Font {
  let font = fontCache.get(face);
  if (!font) {
    font = fontkit.create(fontBytes(face));
    fontCache.set(face, font);
  }
  return font;
}

/**
 * Embeds the given faces (all three by default) as subsets: only the glyphs a document uses are written, so a page
 * of text costs kilobytes, not the 10 MB font.
 *
 * `subsetKey`, when given, is all the text the document will draw: the subset tag is then derived from it and the
 * same document comes out byte for byte the same (the file store names files by their hash). Without it the tag is
 * random.
 */
export async function embedFonts<F extends FontFace = FontFace>(
  doc: PDFDocument,
  faces: readonly F[] = FONT_FACES as readonly FontFace[] as readonly F[],
  subsetKey?: string,
): Promise<Record<F, PDFFont>> {
  useNativeDeflate();
  doc.registerFontkit(fontkit);
  const embedded = {} as Record<F, PDFFont>;
  for (const face of faces) {
    embedded[face] = await doc.embedFont(fontBytes(face), { subset: true, customName: subsetName(face, subsetKey) });
  }
  return embedded;
}

/**
 * "ABCDEF+NotoSansSC-Regular": the PDF convention for a subset font. pdf-lib would name it "NotoSansSC-Regular-2000",
 * which pdffonts and preflight tools report as a full embedded font. Different subsets must not share a tag (pages
 * merged from two PDFs would then share one font): a random tag, or one hashed from the text, which determines the
 * glyphs of the subset.
 */
function subsetName(face: FontFace, subsetKey: string | undefined): string {
  const digest = subsetKey === undefined ? null : createHash('sha256').update(`${face}\0${subsetKey}`).digest();
  const tag = Array.from({ length: 6 }, (_, i) => String.fromCharCode(65 + (digest ? digest[i]! % 26 : randomInt(26)))).join('');
  return `${tag}+${FILES[face].replace(/\.ttf$/, '')}`;
}

/**
 * The characters of `text` the face has no glyph for (glyph 0, .notdef), each once, in order of appearance.
 * Control characters (line breaks, tabs) are never drawn and are not reported.
 */
export function missingGlyphs(text: string, face: FontFace = 'sans'): string[] {
  const font = parsedFont(face);
  const missing = new Set<string>();
  for (const char of text) {
    if (/\p{Cc}/u.test(char)) continue;
    if (font.glyphForCodePoint(char.codePointAt(0)!).id === 0) missing.add(char);
  }
  return [...missing];
}

/**
 * Bytes pdf-lib can read: it looks at a Uint8Array's whole underlying buffer, so a Node Buffer cut from the shared
 * pool (readFileSync of a small file: a 6 KB photo) must be copied out first ("SOI not found in JPEG").
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
