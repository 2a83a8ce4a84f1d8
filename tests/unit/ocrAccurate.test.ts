// 高精度 OCR (PP-OCRv4 through onnxruntime-node, engine/ocr/paddle.ts): it reads a page, keeps a form's cells
// together, loads only when a page needs it, is chosen per computer in the settings, and never touches the network.
import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { paddleModelPaths } from '../../engine/ocr/paddle';
import { performance } from 'node:perf_hooks';
import { createOcrPool } from '../../engine/ocr/pool';
import { tempDir, tempEngine } from './helpers';

const root = join(import.meta.dirname, '..', '..');

/**
 * A small ruled form (two rows of label | value) above a line of running text, rendered with the installed Noto
 * CJK font: deterministic, a fraction of an A4 page.
 */
async function form(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="520"><rect width="100%" height="100%" fill="white"/>
    <text x="40" y="90" font-size="56" font-family="Noto Sans CJK SC">贫困户申请书 2019年3月15日</text>
    <g stroke="black" stroke-width="4" fill="none"><rect x="40" y="160" width="1200" height="300"/>
      <line x1="40" y1="310" x2="1240" y2="310"/><line x1="400" y1="160" x2="400" y2="460"/></g>
    <g font-size="52" font-family="Noto Sans CJK SC"><text x="80" y="255">户主姓名</text><text x="440" y="255">王芳</text>
      <text x="80" y="405">家庭住址</text><text x="440" y="405">龙泉村一组</text></g></svg>`;
  return sharp(Buffer.from(svg)).greyscale().png().toBuffer();
}

const squeezed = (text: string) => text.replace(/\s+/g, '');

describe('高精度 recognizer', () => {
  it('reads the page, each field next to its label, with boxes inside the image; loaded only with the first page', async () => {
    const pool = createOcrPool({ size: 1, recognizer: 'accurate' });
    try {
      pool.warmUp();
      // Starting the pool (as an import does) does not load the ~1.5 GB of models: the first page does.
      expect(pool.accurateLoaded).toBe(false);
      const result = await pool.recognize(await form(), new AbortController().signal);
      expect(pool.accurateLoaded).toBe(true);
      const text = squeezed(result.text);
      expect(text).toContain('贫困户申请书2019年3月15日');
      // Row by row, label then value (layout.ts on the recognizer's character boxes).
      expect(text).toContain('户主姓名王芳家庭住址龙泉村一组');
      expect(result.confidence).toBeGreaterThan(80);
      for (const w of result.words) {
        expect(w.bbox[0]).toBeGreaterThanOrEqual(0);
        expect(w.bbox[2]).toBeLessThanOrEqual(1400);
        expect(w.bbox[3]).toBeLessThanOrEqual(520);
      }
      // 王芳 is in the right-hand cell of the first row.
      const wang = result.words.find((w) => w.text.includes('王'))!;
      expect(wang.bbox[0]).toBeGreaterThan(400);
      expect(wang.bbox[1]).toBeGreaterThan(160);
      expect(wang.bbox[3]).toBeLessThan(320);
    } finally {
      await pool.terminate();
    }
    // Its memory is given back with the pool.
    expect(pool.accurateLoaded).toBe(false);
  });

  it('reads small print: an A3 roster in 7-pt type, every row whole', async () => {
    // An A3 roster at 200 dpi in 7-pt type (lines ~19 px high), ~5 px high as the detector sees the page.
    const rows = ['龙泉村脱贫户花名册 第三村民小组', '王建国 户主 四人 因病 2019年脱贫', '李秀英 配偶 三人 因学 2020年脱贫'];
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="3307" height="2339"><rect width="100%" height="100%" fill="white"/>
      <g font-size="19" font-family="Noto Sans CJK SC">${rows.map((r, i) => `<text x="160" y="${200 + i * 50}">${r}</text>`).join('')}</g></svg>`;
    const page = await sharp(Buffer.from(svg)).greyscale().png().toBuffer();
    const pool = createOcrPool({ size: 1, recognizer: 'accurate' });
    try {
      const text = squeezed((await pool.recognize(page, new AbortController().signal)).text);
      for (const row of rows) expect(text).toContain(squeezed(row));
    } finally {
      await pool.terminate();
    }
  });

  it('reads a page mixing both scripts: its traditional lines in traditional, its simplified lines in simplified', async () => {
    const simplified = ['龙泉村贫困户评议会议记录', '参加人员：村两委成员、党员代表、村民代表'];
    const traditional = ['經村民代表大會民主評議，同意納入建檔立卡貧困戶', '並在村務公開欄予以公示，公示期滿無異議'];
    const line = (text: string, y: number, font: string) => `<text x="80" y="${y}" font-size="44" font-family="${font}">${text}</text>`;
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="560"><rect width="100%" height="100%" fill="white"/>
      ${simplified.map((t, i) => line(t, 90 + i * 100, 'Noto Sans CJK SC')).join('')}
      ${traditional.map((t, i) => line(t, 310 + i * 100, 'Noto Sans CJK TC')).join('')}</svg>`;
    const pool = createOcrPool({ size: 1, recognizer: 'accurate' });
    try {
      const text = squeezed((await pool.recognize(await sharp(Buffer.from(svg)).greyscale().png().toBuffer(), new AbortController().signal)).text);
      expect(text).toContain('龙泉村贫困户评议会议记录');
      expect(text).toContain('参加人员');
      // chi_tra's look-alikes of the simplified lines are not what is kept.
      expect(text).not.toContain('龍泉村');
      expect(text).toContain('同意納入建檔立卡');
      expect(text).toContain('公示期滿無異議');
    } finally {
      await pool.terminate();
    }
  });

  it('reads in a thread of its own: the engine’s event loop stays free while a page is read', async () => {
    // onnxruntime-node runs an inference on the thread that calls it; on the engine's thread a page held the event
    // loop (requests, the next page's clean-up) for the whole reading.
    const rows = Array.from({ length: 24 }, (_, i) => `第${i + 1}户 王建国 户主 四人 因病致贫 二〇一九年脱贫 帮扶责任人李明`);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1654" height="2339"><rect width="100%" height="100%" fill="white"/>
      <g font-size="40" font-family="Noto Sans CJK SC">${rows.map((r, i) => `<text x="120" y="${160 + i * 86}">${r}</text>`).join('')}</g></svg>`;
    const page = await sharp(Buffer.from(svg)).greyscale().png().toBuffer();
    const pool = createOcrPool({ size: 1, recognizer: 'accurate' });
    try {
      // The first page loads the models; the second is the one measured.
      await pool.recognize(await form(), new AbortController().signal);
      const before = performance.eventLoopUtilization();
      const text = squeezed((await pool.recognize(page, new AbortController().signal)).text);
      const busy = performance.eventLoopUtilization(before).utilization;
      expect(text).toContain('第24户王建国户主');
      // Measured: 0.96 with the inference on the engine's thread, 0.02 in a thread of its own.
      expect(busy).toBeLessThan(0.5);
    } finally {
      await pool.terminate();
    }
  });

  it('the fast recognizer never loads the models', async () => {
    const pool = createOcrPool({ size: 1, recognizer: 'fast' });
    try {
      const result = await pool.recognize(await form(), new AbortController().signal);
      expect(squeezed(result.text)).toContain('贫困户申请书');
      expect(pool.accurateLoaded).toBe(false);
    } finally {
      await pool.terminate();
    }
  });

  it('has its models and runtime inside the installed packages, and reads with the network gone', async () => {
    for (const file of Object.values(paddleModelPaths())) {
      expect(relative(root, file)).toMatch(/^node_modules[\\/]@gutenye[\\/]ocr-models[\\/]assets[\\/]/);
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
    const probe = spawnSync('unshare', ['--net', 'true']);
    const dir = tempDir();
    const image = join(dir, 'form.png');
    writeFileSync(image, await form());
    const script = join(dir, 'ocr.mjs');
    // Socket and fetch attempts are recorded in the process; in a fresh network namespace (when unshare works, as
    // root in CI) any connection fails as well, so a download at run time would fail the reading.
    writeFileSync(
      script,
      `import net from 'node:net';
       const attempts = [];
       const orig = net.Socket.prototype.connect;
       net.Socket.prototype.connect = function (...a) { attempts.push(String(a[0]?.host ?? a[0]?.path ?? a[0])); return orig.apply(this, a); };
       globalThis.fetch = async (u) => { attempts.push(String(u)); throw new Error('network refused'); };
       const { readFileSync } = await import('node:fs');
       const { createOcrPool } = await import(${JSON.stringify(join(root, 'engine', 'ocr', 'pool.ts'))});
       const pool = createOcrPool({ size: 1, recognizer: 'accurate' });
       const r = await pool.recognize(readFileSync(process.argv[2]), new AbortController().signal);
       const loaded = pool.accurateLoaded;
       await pool.terminate();
       console.log(JSON.stringify({ text: r.text, loaded, attempts }));`,
    );
    const args = ['--import', 'tsx', script, image];
    const res = probe.status === 0 ? spawnSync('unshare', ['--net', process.execPath, ...args], { cwd: root, encoding: 'utf8' }) : spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout.trim().split('\n').at(-1)!) as { text: string; loaded: boolean; attempts: string[] };
    expect(out.attempts).toEqual([]);
    expect(out.loaded).toBe(true);
    expect(squeezed(out.text)).toContain('龙泉村一组');
  });
});

describe('文字识别方式 setting', () => {
  it('is 高精度 until this computer chooses 快速, kept across calls, recorded in the trail, refused when unknown', async () => {
    const engine = tempEngine();
    expect(unwrap(await engine.call('ocr.recognizerGet', {}))).toEqual({ recognizer: 'accurate', accurateLoaded: false });
    expect(unwrap(await engine.call('ocr.recognizerSet', { recognizer: 'fast' })).recognizer).toBe('fast');
    expect(unwrap(await engine.call('ocr.recognizerGet', {})).recognizer).toBe('fast');
    const refused = await engine.callUntyped('ocr.recognizerSet', { recognizer: 'paddle' });
    expect(refused.ok).toBe(false);
    expect(unwrap(await engine.call('ocr.recognizerGet', {})).recognizer).toBe('fast');
    const events = engine.lib.db.prepare("SELECT count(*) AS n FROM audit WHERE tbl = 'event' AND json_extract(after, '$.what') = '设置文字识别方式'").get() as { n: number };
    expect(events.n).toBe(1);
  });
});
