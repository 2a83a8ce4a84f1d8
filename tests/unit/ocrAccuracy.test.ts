// OCR at default settings on the kinds of page issue 16 names: a traditional page is read as traditional with no
// language chosen, a 明白卡's two boxes are read box by box, a roster's table row by row.
import { afterAll, describe, expect, it } from 'vitest';
import { cleanPage } from '../../engine/imaging/clean';
import { closeLineReader } from '../../engine/ocr/lineReader';
import { createOcrPool, type OcrPool } from '../../engine/ocr/pool';
import { characterErrorRate, renderScan, type ScanSpec } from '../fixtures/scans';

const pool = createOcrPool({ size: 2, recognizer: 'fast' });
const accuratePool = createOcrPool({ size: 2, recognizer: 'accurate' });
afterAll(async () => {
  await Promise.all([pool.terminate(), accuratePool.terminate(), closeLineReader()]);
});

async function read(spec: ScanSpec, recognizer: OcrPool = pool) {
  const scan = await renderScan(spec);
  const page = await cleanPage(scan.image);
  const result = await recognizer.recognize(page.ocrImage, new AbortController().signal, page.dpi);
  return { scan, text: result.text, cer: characterErrorRate(scan.truth, result.text) };
}

describe('高精度 (the default recognizer) picks the script by itself', () => {
  it('reads a traditional page with Tesseract’s traditional model', async () => {
    const { text, cer } = await read({ kind: 'application', seed: 21, skew: 1, noise: 0.3, jpegQuality: 80, script: 'traditional', heightMm: 150 }, accuratePool);
    expect(text).toContain('貧困戶申請書');
    expect(cer).toBeLessThan(0.06);
  });

  it('reads a simplified page with PP-OCRv4', async () => {
    const { text, cer } = await read({ kind: 'application', seed: 22, skew: -1, noise: 0.3, jpegQuality: 80, heightMm: 150 }, accuratePool);
    expect(text).toContain('贫困户申请书');
    expect(cer).toBeLessThan(0.03);
  });
});

describe('高精度 on a sealed notice', () => {
  it('reads the notice without the words of the red seal pressed over its 落款, on a crooked scan', async () => {
    const { scan, text, cer } = await read({ kind: 'notice', seed: 23, skew: 3.5, noise: 0.3, jpegQuality: 80, seal: true }, accuratePool);
    expect(text).not.toMatch(/专用章|委员会\s*$/u);
    expect(text).toContain(scan.truth.split('\n').at(-1)!);
    expect(cer).toBeLessThan(0.02);
  });
});

describe('OCR with the fast recognizer (快速)', () => {
  it('reads a traditional page with the traditional model, without being told', async () => {
    const { text, cer } = await read({ kind: 'application', seed: 21, skew: 1, noise: 0.3, jpegQuality: 80, script: 'traditional', heightMm: 150 });
    expect(text).toContain('貧困戶申請書');
    expect(cer).toBeLessThan(0.06);
  });

  it('reads a simplified page with the simplified model', async () => {
    const { text, cer } = await read({ kind: 'application', seed: 22, skew: -1, noise: 0.3, jpegQuality: 80, heightMm: 150 });
    expect(text).toContain('贫困户申请书');
    expect(cer).toBeLessThan(0.05);
  });

  it('keeps each box of a 明白卡 together: the household’s fields, then the cadre’s', async () => {
    const { scan, text, cer } = await read({ kind: 'card', seed: 23, skew: 0.5, noise: 0.3, jpegQuality: 80, heightMm: 120 });
    const lines = scan.lines;
    const household = text.indexOf(lines[1]!.slice(0, 4)); // 户主姓名
    const size = text.indexOf(lines[2]!.slice(0, 4)); // 家庭人口
    const cadre = text.indexOf(lines[6]!.slice(0, 5)); // 帮扶责任人
    expect(household).toBeGreaterThanOrEqual(0);
    expect(household).toBeLessThan(size);
    expect(size).toBeLessThan(cadre);
    // What this asserts is the order; the bound only says the boxes were read at all (快速 on this card: 7–9%, the
    // difference a grey level's rounding in the clean-up makes; 3–16% on other seeds).
    expect(cer).toBeLessThan(0.1);
  });

  it('reads a roster’s table row by row, each cell whole', async () => {
    const { scan, cer } = await read({ kind: 'roster', seed: 24, skew: -1, noise: 0.3, jpegQuality: 80, heightMm: 150 });
    expect(scan.lines.length).toBeGreaterThan(4);
    // Read column by column (Tesseract's own order) the same page scores over 30%.
    expect(cer).toBeLessThan(0.1);
  });
});
