// Binder parts as they go into the box: the cover with 档号 and the counts of items and pages taken from the
// stored scans, the table of contents running over as many sheets as it needs with its header on each and every
// row whole, the 备考表, and a spine label per dossier at the box thickness asked for.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrintResult } from '../../shared/domain';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { pdffonts, pdftotext } from './pdfTools';
import { tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

function village(engine: Engine) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
  return createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村' });
}

/** `n` documents of `pages` pages each filed under the village (no images needed: the binder reads the counts). */
function fileDocuments(engine: Engine, unitId: number, n: number, pages: number): void {
  const db = engine.lib.db;
  const sha = engine.lib.files.put(Buffer.from('scan'));
  db.prepare("INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, 4, 'image/jpeg')").run(sha);
  for (let i = 1; i <= n; i++) {
    const id = Number(db.prepare("INSERT INTO document (unit_id, item, title, source) VALUES (?, '工作记录/村级会议记录(含四议两公开)', ?, 'file')").run(unitId, `第${i}次村民代表会议记录`).lastInsertRowid);
    for (let p = 1; p <= pages; p++) db.prepare('INSERT INTO page (document_id, seq, master_sha256, master_page) VALUES (?, ?, ?, ?)').run(id, p, sha, p - 1);
  }
}

async function binder(engine: Engine, unitId: number, spineCm: 2 | 3 | 4 | 5 | 6) {
  const { jobId } = unwrap(await engine.call('print.binder', { unitIds: [unitId], spineCm }));
  const state = await engine.jobs.wait(jobId);
  expect(state.status, state.error?.message).toBe('done');
  const r = state.result as PrintResult;
  const file = join(tempDir(), 'binder.pdf');
  writeFileSync(file, engine.lib.files.read(r.sha256));
  return { r, file };
}

const pageText = (file: string, page: number) => pdftotext(file, '-layout', '-f', String(page), '-l', String(page)).replace(/[ \t]/g, '');

describe('binder parts', () => {
  it('paginates the table of contents with its header on every sheet and every row whole, in order', async () => {
    const engine = tempEngine();
    const v = village(engine);
    fileDocuments(engine, v.id, 70, 2);
    const { r, file } = await binder(engine, v.id, 3);
    // Cover, then the table of contents over several sheets, then the 备考表, then one sheet of spines.
    const texts = Array.from({ length: r.pages }, (_, i) => pageText(file, i + 1));
    expect(texts[0]).toContain('桃园村');
    expect(texts[0]).toContain('本卷共');
    expect(texts[0]).toContain('70件');
    expect(texts[0]).toContain('140页');
    expect(texts[1]).toContain('卷内目录');
    const tocPages = texts.map((t, i) => (t.includes('序号文号责任者题名') ? i : -1)).filter((i) => i >= 0);
    expect(tocPages.length).toBeGreaterThan(1);
    expect(tocPages).toEqual(tocPages.map((_, k) => 1 + k));
    const seen: number[] = [];
    for (const [k, i] of tocPages.entries()) {
      expect(texts[i]).toContain('序号文号责任者题名日期页号备注');
      expect(texts[i]).toContain(`第${k + 1}页/共${tocPages.length}页`);
      for (const m of texts[i]!.matchAll(/第(\d+)次村民代表会议记录/g)) seen.push(Number(m[1]));
    }
    expect(seen).toEqual(Array.from({ length: 70 }, (_, i) => i + 1));
    // Page numbers in the last row: document 70 holds pages 139–140.
    expect(texts[tocPages.at(-1)!]).toMatch(/139–140/);
    expect(texts[tocPages.at(-1)! + 1]).toContain('卷内备考表');
    expect(texts[tocPages.at(-1)! + 1]).toContain('本卷共有文件70件，共140页。');
    for (const f of pdffonts(file)) expect([f.emb, f.sub]).toEqual([true, true]);
  });

  it('sets one spine label per dossier, as many to a sheet as the box thickness allows', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const db = engine.lib.db;
    for (let i = 1; i <= 5; i++) {
      const h = createUnit(fixtureWriter(db), { parentId: v.id, tier: 'household', name: `户主${'甲乙丙丁戊'[i - 1]}` });
      db.prepare('INSERT INTO household (unit_id, household_no) VALUES (?, ?)').run(h.id, `41999910120100${i}`);
    }
    const thin = await binder(engine, v.id, 2);
    const thick = await binder(engine, v.id, 6);
    // 6 dossiers (the village and five households) × 3 sheets, then the spines: 2 cm → 9 a sheet, 6 cm → 3 a sheet.
    expect(thin.r.pages).toBe(6 * 3 + 1);
    expect(thick.r.pages).toBe(6 * 3 + 2);
    const spines = pdftotext(thick.file, '-f', '19', '-l', '20').replace(/\s/g, '');
    expect(spines).toContain('户主甲户一户一档');
    expect(spines).toContain('永久');
    // Spines are printed on A4 portrait sheets.
    const size = /Page\s+19 size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', ['-f', '19', '-l', '19', thick.file], { encoding: 'utf8' }))!;
    expect([Math.round((Number(size[1]) * 25.4) / 72), Math.round((Number(size[2]) * 25.4) / 72)]).toEqual([210, 297]);
  });
});
