// 明白卡 as the clerk prints them: every household's three cards with names and phones, fonts embedded as subsets,
// every word inside its card even when a work unit is long, placeholders and warnings for a missing photo, phone or
// contact, one card a page or four up on A4.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PrintResult } from '../../shared/domain';
import { unwrap, type Engine } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { emptyFontconfigEnv, pdffonts, pdftotext } from './pdfTools';
import { tempDir, tempEngine } from './helpers';

const MM = 72 / 25.4;

async function village() {
  const engine = tempEngine();
  await buildDemoLibrary(engine.lib, generateCounty({ households: 40, seed: 5 }));
  const db = engine.lib.db;
  const v = db.prepare("SELECT id FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number };
  const households = db.prepare("SELECT id, name FROM unit WHERE parent_id = ? ORDER BY id").all(v.id) as { id: number; name: string }[];
  return { engine, villageId: v.id, households };
}

async function cards(engine: Engine, unitId: number, layout: 'a4' | 'a5' | 'a6', copies: 'both' | 'village' = 'both') {
  const { jobId } = unwrap(await engine.call('print.cards', { unitIds: [unitId], layout, copies }));
  const state = await engine.jobs.wait(jobId);
  expect(state.status, state.error?.message).toBe('done');
  const result = state.result as PrintResult;
  const file = join(tempDir(), 'cards.pdf');
  writeFileSync(file, engine.lib.files.read(result.sha256));
  return { result, file };
}

interface Word {
  page: number;
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Every word with its box (points from the top-left), from pdftotext -bbox. */
function words(file: string): Word[] {
  const html = execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', env: emptyFontconfigEnv() });
  const out: Word[] = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m) out.push({ page, xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]), text: m[5]! });
  }
  return out;
}

describe('明白卡', () => {
  it('prints each household’s three cards, for both copies, with names and phones, fonts embedded as subsets', async () => {
    const { engine, villageId, households } = await village();
    const people = engine.lib.db
      .prepare('SELECT DISTINCT p.name, p.phone FROM household_contact c JOIN contact_person p ON p.id = c.person_id JOIN unit u ON u.id = c.household_id WHERE u.parent_id = ?')
      .all(villageId) as { name: string; phone: string }[];
    const { result, file } = await cards(engine, villageId, 'a4');
    // 3 cards × 2 copies a household, four a page.
    expect(result.pages).toBe(Math.ceil((households.length * 6) / 4));
    const text = pdftotext(file).replace(/[ \t]/g, '');
    for (const p of people) {
      expect(text).toContain(p.name);
      expect(text).toContain(p.phone);
    }
    for (const h of households) expect(text).toContain(`${h.name}户`);
    expect(text).toContain('村级户档');
    expect(text).toContain('家庭户档');
    const fonts = pdffonts(file);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) expect([f.emb, f.sub, f.name]).toEqual([true, true, expect.stringMatching(/^[A-Z]{6}\+/)]);
  });

  it('keeps every word inside its card on the A4 sheet, even a long work unit, and prints placeholders it warns about', async () => {
    const { engine, households } = await village();
    const db = engine.lib.db;
    const first = households[0]!;
    const person = db.prepare("SELECT person_id FROM household_contact WHERE household_id = ? AND role = 'groupLeader'").get(first.id) as { person_id: number };
    db.prepare("UPDATE contact_person SET work_unit = '示例县乡村振兴局驻示例一镇南庄示范村脱贫攻坚工作队综合协调组', photo_sha256 = NULL, phone = '' WHERE id = ?").run(person.person_id);
    db.prepare("DELETE FROM household_contact WHERE household_id = ? AND role = 'helper'").run(first.id);
    const { result, file } = await cards(engine, first.id, 'a4', 'village');
    expect(result.warnings).toEqual(
      expect.arrayContaining([expect.stringMatching(/没有照片，将印“照片”占位框$/), expect.stringMatching(/没有电话$/), expect.stringMatching(/未指定帮扶责任人，卡片将留空$/)]),
    );
    const text = pdftotext(file).replace(/\s/g, '');
    expect(text).toContain('（未填写）');
    expect(text).toContain('照片');
    // The cards of the 2 × 2 grid, in points from the page's top-left corner (pdftotext's frame).
    const w = 140 * MM;
    const h = 100 * MM;
    const left = (297 * MM - 2 * w) / 2;
    const top = (210 * MM - 2 * h) / 2;
    const cardsOnPage = [0, 1, 2, 3].map((slot) => ({ x: left + (slot % 2) * w, y: top + Math.floor(slot / 2) * h }));
    const all = words(file);
    expect(all.length).toBeGreaterThan(20);
    for (const word of all) {
      const inside = cardsOnPage.some((c) => word.xMin >= c.x && word.xMax <= c.x + w && word.yMin >= c.y && word.yMax <= c.y + h);
      expect(inside, `“${word.text}” at ${word.xMin.toFixed(0)},${word.yMin.toFixed(0)}–${word.xMax.toFixed(0)},${word.yMax.toFixed(0)} leaves its card`).toBe(true);
    }
    // The long work unit is all there (wrapped, not cut).
    expect(text).toContain('示例县乡村振兴局驻示例一镇南庄示范村脱贫攻坚工作队综合协调组');
  });

  it('prints the household’s own 明白卡 on A4 with its members (ID masked), measures and helpers', async () => {
    const { engine, households } = await village();
    const h = households[0]!;
    unwrap(await engine.call('forms.save', { unitId: h.id, type: 'householdCard', fields: { measures: [{ category: '产业扶贫', content: '发放养殖补助', amount: 2000 }], effect: '年增收3000元' } }));
    const detail = unwrap(await engine.call('catalog.household', { id: h.id }));
    const { jobId } = unwrap(await engine.call('print.householdCards', { unitIds: [h.id] }));
    const state = await engine.jobs.wait(jobId);
    const r = state.result as PrintResult;
    expect([state.status, r.pages, r.warnings]).toEqual(['done', 1, []]);
    const file = join(tempDir(), 'household.pdf');
    writeFileSync(file, engine.lib.files.read(r.sha256));
    const text = pdftotext(file).replace(/\s/g, '');
    for (const m of detail.members) {
      expect(text).toContain(m.name);
      expect(text).toContain(m.idNumberMasked);
    }
    expect(text).not.toMatch(/\d{17}[\dX]/);
    expect(text).toContain('发放养殖补助');
    expect(text).toContain('年增收3000元');
    for (const role of ['groupLeader', 'firstSecretary', 'helper'] as const) expect(text).toContain(detail.contacts[role]!.phone);
  });

  it('warns before printing a name with a character the font lacks (生僻字), instead of a silent blank', async () => {
    const { engine, households } = await village();
    const db = engine.lib.db;
    const h = households[0]!;
    const person = db.prepare("SELECT person_id FROM household_contact WHERE household_id = ? AND role = 'helper'").get(h.id) as { person_id: number };
    // 𠈌 (U+2020C, CJK Extension B) is not in Noto Sans SC.
    db.prepare("UPDATE contact_person SET name = '王𠈌' WHERE id = ?").run(person.person_id);
    const { result } = await cards(engine, h.id, 'a6', 'village');
    expect(result.warnings[0]).toBe('字体中没有这些字，打印出来会是空框：𠈌（请核对姓名，或手写补上）');
  });

  it('opens a page range in the computer’s PDF reader to print, and says where the file is when no reader starts', async () => {
    const { engine, households } = await village();
    const { jobId } = unwrap(await engine.call('print.cards', { unitIds: [households[0]!.id], layout: 'a6', copies: 'both' }));
    await engine.jobs.wait(jobId);
    const previous = process.env.DANGKA_OPEN_COMMAND;
    try {
      process.env.DANGKA_OPEN_COMMAND = 'true';
      const opened = unwrap(await engine.call('print.open', { jobId, from: 2, to: 4 }));
      expect(opened.opened).toBe(true);
      expect(execFileSync('pdfinfo', [opened.path], { encoding: 'utf8' })).toMatch(/Pages:\s+3\n/);
      process.env.DANGKA_OPEN_COMMAND = join(tempDir(), 'no-such-reader');
      expect(unwrap(await engine.call('print.open', { jobId }))).toMatchObject({ opened: false, path: expect.stringMatching(/明白卡\.pdf$/) });
    } finally {
      if (previous === undefined) delete process.env.DANGKA_OPEN_COMMAND;
      else process.env.DANGKA_OPEN_COMMAND = previous;
    }
    const preview = unwrap(await engine.call('print.preview', { jobId, page: 6 }));
    expect(preview).toMatchObject({ pages: 6, dataUrl: expect.stringMatching(/^data:image\/png;base64,/) });
    expect(await engine.call('print.preview', { jobId, page: 7 })).toMatchObject({ ok: false, error: { message: '页码应在 1 到 6 之间' } });
  });

  it('prints a selection of households, each once, in catalog order', async () => {
    const { engine, households } = await village();
    const [a, b, c] = households;
    const { result, file } = await cards(engine, c!.id, 'a6', 'village');
    expect(result.pages).toBe(3);
    const { jobId } = unwrap(await engine.call('print.cards', { unitIds: [c!.id, a!.id, c!.id], layout: 'a6', copies: 'village' }));
    const state = await engine.jobs.wait(jobId);
    const selection = state.result as PrintResult;
    expect(selection.pages).toBe(6);
    writeFileSync(file, engine.lib.files.read(selection.sha256));
    const text = pdftotext(file).replace(/\s/g, '');
    // In the order chosen, each household once; b was not chosen.
    expect(text.indexOf(`${c!.name}户`)).toBeLessThan(text.indexOf(`${a!.name}户`));
    expect(text).not.toContain(`${b!.name}户`);
  });

  it.each([
    ['a6', [148, 105]],
    ['a5', [210, 148]],
  ] as const)('prints one card a page on %s', async (layout, mm) => {
    const { engine, households } = await village();
    const { result, file } = await cards(engine, households[0]!.id, layout, 'village');
    expect(result.pages).toBe(3);
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))!;
    expect([Math.round(Number(size[1]) / MM), Math.round(Number(size[2]) / MM)]).toEqual(mm);
  });
});
