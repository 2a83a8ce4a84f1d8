// Helpers for the PDF tests: a scan-like page with Chinese text and the word boxes of what was drawn (no OCR
// needed), and poppler's tools run with an empty fontconfig — TOOLCHAIN.md: otherwise pdftoppm silently
// substitutes an installed CJK font for a missing or broken embedded one, and a broken PDF looks right.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp, { type OverlayOptions } from 'sharp';
import type { OcrWord } from '../../shared/domain';
import { tempDir } from './helpers';

/** What sharp's text renderer (pango) draws the test pages with: fonts-noto-cjk. */
const RENDER_FONT = 'Noto Sans CJK SC';

export interface TestPage {
  jpeg: Buffer;
  width: number;
  height: number;
  dpi: number;
  words: OcrWord[];
  /** The page's lines as the words spell them (Latin words separated by one space). */
  lines: string[];
}

/** One line of the page: words to draw, each a Han character or a Latin/number word; '  ' marks a field gap. */
type LineSpec = { text: string; px: number };

const DEFAULT_LINES: LineSpec[] = [
  { text: '建档立卡贫困户基本情况登记表', px: 44 },
  { text: '户主姓名：张喆  家庭人口：4人', px: 30 },
  { text: '张喆 李堃 王珺 陈昇 刘燊', px: 30 },
  { text: '致贫原因：因病  帮扶措施：产业扶持', px: 30 },
  { text: 'Dangka OCR test 2024', px: 30 },
];

/**
 * A white page (A4 at `dpi`) with the lines drawn one word at a time, so every word's ink box is known exactly —
 * like Tesseract's boxes: one per Han character, one per Latin word.
 */
export async function renderTestPage(dpi = 150, specs: LineSpec[] = DEFAULT_LINES): Promise<TestPage> {
  const width = Math.round((210 / 25.4) * dpi);
  const height = Math.round((297 / 25.4) * dpi);
  const words: OcrWord[] = [];
  const layers: OverlayOptions[] = [];
  let top = Math.round(dpi * 0.8);
  for (const spec of specs) {
    let x = Math.round(dpi * 0.8);
    const lineHeight = spec.px;
    for (const token of tokens(spec.text)) {
      if (token === '  ') {
        x += Math.round(spec.px * 1.5);
        continue;
      }
      const { data, info } = await sharp({ text: { text: token, font: `${RENDER_FONT} ${spec.px}`, dpi: 72 } })
        .greyscale()
        .negate()
        .png()
        .toBuffer({ resolveWithObject: true });
      // sharp crops the text to its ink: centre Han characters in the line, sit punctuation on its bottom.
      const y = /[，。、：]/.test(token) ? top + lineHeight - info.height : top + Math.round((lineHeight - info.height) / 2);
      layers.push({ input: data, left: x, top: y, blend: 'multiply' });
      words.push({ text: token, confidence: 95, bbox: [x, y, x + info.width, y + info.height] });
      x += info.width + Math.round(spec.px * (/^[\p{Script=Han}，。、：]/u.test(token) ? 0.12 : 0.3));
    }
    top += Math.round(lineHeight * 2);
  }
  const jpeg = await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite(layers)
    .greyscale()
    .jpeg({ quality: 85 })
    .toBuffer();
  return { jpeg, width, height, dpi, words, lines: specs.map((s) => s.text.replace(/ {2}/g, ' ')) };
}

/** Han characters and punctuation one by one, Latin words and numbers whole, double spaces as field gaps. */
function tokens(text: string): string[] {
  return text.match(/ {2}|[A-Za-z0-9]+|[^\sA-Za-z0-9]/gu) ?? [];
}

/** A fontconfig with no font folders: poppler can then draw only what the PDF embeds. */
export function emptyFontconfigEnv(): NodeJS.ProcessEnv {
  const dir = tempDir('dangka-fc-');
  mkdirSync(join(dir, 'cache'));
  const file = join(dir, 'fonts.conf');
  writeFileSync(file, `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig><cachedir>${join(dir, 'cache')}</cachedir></fontconfig>\n`);
  return { ...process.env, FONTCONFIG_FILE: file, FONTCONFIG_PATH: dir };
}

export function savePdf(bytes: Uint8Array): string {
  const file = join(tempDir('dangka-pdf-'), 'out.pdf');
  writeFileSync(file, bytes);
  return file;
}

export function pdftotext(file: string, ...args: string[]): string {
  return execFileSync('pdftotext', [...args, '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

export interface FontRow {
  name: string;
  emb: boolean;
  sub: boolean;
  uni: boolean;
}

/** pdffonts' table: one row per font object. */
export function pdffonts(file: string): FontRow[] {
  const out = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
  return out.map((row) => {
    const cells = row.trim().split(/\s+/);
    // name type… encoding emb sub uni objectID gen: the flags are counted from the end (the type has spaces).
    const [emb, sub, uni] = cells.slice(-5, -2);
    return { name: cells[0]!, emb: emb === 'yes', sub: sub === 'yes', uni: uni === 'yes' };
  });
}

/** Page `page` rendered to 8-bit grey at `dpi` with no system fonts available (PNG on stdout, no output root). */
export async function renderPdfPage(file: string, dpi: number, page = 1): Promise<{ data: Buffer; width: number; height: number }> {
  const png = execFileSync('pdftoppm', ['-r', String(dpi), '-gray', '-png', '-f', String(page), '-l', String(page), '-singlefile', file], {
    env: emptyFontconfigEnv(),
    maxBuffer: 256 * 1024 * 1024,
  });
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
