// `dangka ocr` as a clerk pipes it: only the text (or the JSON) on standard output, every warning on standard error.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderScan } from '../fixtures/scans';
import { tempDir } from './helpers';

const root = join(import.meta.dirname, '..', '..');

function dangka(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('dangka ocr', () => {
  it('prints only the text on standard output and the page’s warnings on standard error; --json prints only JSON', async () => {
    const dir = tempDir();
    // A 150-dpi scan: the clean-up warns that it is under DA/T 31's 200 dpi.
    const scan = await renderScan({ kind: 'application', seed: 7, dpi: 150, widthMm: 150, heightMm: 110 });
    const file = join(dir, '申请书.jpg');
    writeFileSync(file, scan.image);

    // The text reads as the default (高精度); the JSON run is 快速: the two ways print the same way.
    const text = dangka('ocr', file);
    expect(text.code).toBe(0);
    expect(text.out).toContain('申请书');
    expect(text.out).not.toMatch(/150dpi|置信度|==|!/);
    expect(text.err).toContain('150dpi');
    expect(text.err).toContain('申请书.jpg');

    const json = dangka('ocr', file, '--json', '--recognizer', 'fast');
    expect(json.code).toBe(0);
    const [result] = JSON.parse(json.out) as { file: string; pages: { text: string; warnings: string[] }[] }[];
    expect(result!.pages[0]!.text).toContain('申请书');
    expect(result!.pages[0]!.warnings.some((w) => w.includes('150dpi'))).toBe(true);
  }, 120_000); // two runs of the command, each starting its OCR workers

  it('names a file it cannot read on standard error, prints the others’ text and exits 1', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.png');
    writeFileSync(good, (await renderScan({ kind: 'notice', seed: 8, widthMm: 150, heightMm: 100 })).image);
    const bad = join(dir, 'bad.jpg');
    writeFileSync(bad, 'not an image');
    const run = dangka('ocr', bad, good);
    expect(run.code).toBe(1);
    expect(run.out).toContain('公示');
    expect(run.out).not.toContain('bad.jpg');
    expect(run.err).toContain('bad.jpg');
  }, 120_000);
});
