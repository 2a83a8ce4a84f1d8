// Offline OCR: the shipped chi_sim data, loaded from disk, reads a rendered Chinese page — with no network at all.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { createOcrPool } from '../../engine/ocr/pool';
import { cleanPage } from '../../engine/imaging/clean';
import { normalizeOcrText } from '../../engine/ocr/text';
import { tempDir } from './helpers';

const root = join(import.meta.dirname, '..', '..');

/** A line of Chinese text as a scanner would give it, rendered with the installed Noto CJK font. */
async function page(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="320"><rect width="100%" height="100%" fill="white"/>
    <text x="40" y="120" font-size="64" font-family="Noto Sans CJK SC">贫困户申请书 王芳 低保</text>
    <text x="40" y="240" font-size="56" font-family="Noto Sans CJK SC">申请日期 2019年3月15日</text></svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe('OCR text normalisation', () => {
  it('drops the spaces Tesseract puts between Han characters and keeps those between words and numbers', () => {
    expect(normalizeOcrText('贫 困 户 申 请 书 ， 王 芳\nNo. 12 ３４')).toBe('贫困户申请书,王芳\nNo. 12 34');
  });
});

describe('OCR pool', () => {
  it('reads Chinese with word boxes inside the image', async () => {
    const pool = createOcrPool({ size: 1 });
    try {
      const result = await pool.recognize(await page(), new AbortController().signal);
      expect(result.text).toContain('申请书');
      expect(result.text).toContain('低保');
      expect(result.text).toContain('2019年3月15日');
      expect(result.confidence).toBeGreaterThan(50);
      expect(result.words.length).toBeGreaterThan(3);
      for (const w of result.words) {
        expect(w.bbox[0]).toBeGreaterThanOrEqual(0);
        expect(w.bbox[2]).toBeLessThanOrEqual(1400);
        expect(w.bbox[3]).toBeLessThanOrEqual(320);
      }
    } finally {
      await pool.terminate();
    }
  });

  it('works with the network gone: run in a fresh network namespace where any connection fails', async () => {
    const probe = spawnSync('unshare', ['--net', 'true']);
    if (probe.status !== 0) {
      // Without unshare (not root), the check below still refuses sockets from inside the process.
      console.warn('unshare --net not available; relying on the in-process socket guard only');
    }
    const dir = tempDir();
    const image = join(dir, 'page.png');
    writeFileSync(image, await page());
    const script = join(dir, 'ocr.mjs');
    // Socket and fetch attempts of the main thread are recorded; the pool's worker threads are covered by the
    // network namespace, where any connection fails and OCR would fail with it.
    writeFileSync(
      script,
      `import net from 'node:net';
       const attempts = [];
       const orig = net.Socket.prototype.connect;
       net.Socket.prototype.connect = function (...a) { attempts.push(String(a[0]?.host ?? a[0]?.path ?? a[0])); return orig.apply(this, a); };
       globalThis.fetch = async (u) => { attempts.push(String(u)); throw new Error('network refused'); };
       const { readFileSync } = await import('node:fs');
       if (process.argv[3] === 'probe') { try { await fetch('https://cdn.jsdelivr.net/x'); } catch {} }
       const { createOcrPool } = await import(${JSON.stringify(join(root, 'engine', 'ocr', 'pool.ts'))});
       const pool = createOcrPool({ size: 1 });
       const r = await pool.recognize(readFileSync(process.argv[2]), new AbortController().signal);
       await pool.terminate();
       console.log(JSON.stringify({ text: r.text, attempts }));`,
    );
    const run = (extra: string[]) => {
      const args = ['--import', 'tsx', script, image, ...extra];
      const res = probe.status === 0 ? spawnSync('unshare', ['--net', process.execPath, ...args], { cwd: root, encoding: 'utf8' }) : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
      expect(res.status, res.stderr).toBe(0);
      return JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { text: string; attempts: string[] };
    };
    // The guard does see a network attempt when there is one …
    expect(run(['probe']).attempts).toEqual(['https://cdn.jsdelivr.net/x']);
    // … and OCR makes none, yet reads the page.
    const offline = run([]);
    expect(offline.attempts).toEqual([]);
    expect(offline.text).toContain('申请书');
  });
});

describe('page clean-up before OCR', () => {
  it('keeps a mostly white JPEG scan with one line readable (contrast stretching used to erase it)', async () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="600"><rect width="100%" height="100%" fill="white"/>
      <text x="140" y="220" font-size="44" font-family="Noto Serif CJK SC">王建国，2016年2月3日，经村民代表大会民主评议。</text></svg>`;
    const scan = await sharp(Buffer.from(svg)).rotate(0.8, { background: 'white' }).blur(0.6).jpeg({ quality: 55 }).toBuffer();
    const pool = createOcrPool({ size: 1 });
    try {
      const result = await pool.recognize((await cleanPage(scan)).ocrImage, new AbortController().signal);
      expect(result.text).toContain('村民代表大会');
    } finally {
      await pool.terminate();
    }
  });
});

describe('dangka ocr', () => {
  it('prints the text of readable images and exits 1 naming the file it could not read, after doing the rest', async () => {
    const dir = tempDir();
    const good = join(dir, '申请书.png');
    const bad = join(dir, 'not-an-image.jpg');
    writeFileSync(good, await page());
    writeFileSync(bad, 'this is text, not a scan');
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), 'ocr', bad, good, '--json'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { file: string; pages?: { text: string }[]; error?: string }[];
    expect(results[0]).toMatchObject({ file: bad, error: expect.stringContaining('不是可识别的图片') });
    expect(results[1]?.pages?.[0]?.text).toContain('申请书');
  });
});

