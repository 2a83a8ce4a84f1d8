// Drill-down (issue 15 item 5): what a count counts is listed by name — the households of a 明白卡/户档 finding, and
// the pages counted as 待核对 — so the number on the screen and the list it opens cannot disagree.
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { runAs } from '../../engine/audit/trail';
import { createUnit } from '../../engine/catalog/units';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

describe('drill-down', () => {
  it('a finding that counts households names each of them with what it lacks, as many as its message says', async () => {
    const engine = tempEngine();
    await buildDemoLibrary(engine.lib, generateCounty({ households: 30, seed: 3 }));
    unwrap(await engine.call('check.run', {}));
    const root = unwrap(await engine.call('catalog.children', { parentId: null }))[0]!;
    const { problems } = unwrap(await engine.call('problems.list', { unitId: root.id, status: 'open', limit: 500 }));
    const counting = problems.filter((p) => /有(\d+)户的/.test(p.description));
    expect(counting.length).toBeGreaterThan(0);
    for (const p of counting) {
      const n = Number(/有(\d+)户的/.exec(p.description)![1]);
      const named = p.refs.filter((r) => r.unitId !== undefined);
      expect(named, p.description).toHaveLength(n);
      for (const r of named) {
        // Each is a household of the finding's village, with its name and what it lacks.
        expect(engine.lib.db.prepare('SELECT parent_id, name FROM unit WHERE id = ?').get(r.unitId)).toEqual({ parent_id: p.unit.id, name: r.label });
        expect(r.field).toBeTruthy();
      }
    }
  });

  it('全面检查 runs as a job that reports villages checked out of all, and ends with the same result as the direct check', async () => {
    const engine = tempEngine();
    await buildDemoLibrary(engine.lib, generateCounty({ households: 30, seed: 3 }));
    const direct = unwrap(await engine.call('check.run', {}));
    const phases: string[] = [];
    const unsubscribe = engine.subscribe((e) => {
      if (e.type === 'job' && e.job.kind === 'check.all' && e.job.total > 0) phases.push(`${e.job.phase} ${e.job.done}/${e.job.total}`);
    });
    const state = await engine.jobs.wait(unwrap(await engine.call('check.runStart', {})).jobId);
    unsubscribe();
    expect(state.status).toBe('done');
    expect(state.result).toEqual(direct);
    const villages = (engine.lib.db.prepare("SELECT count(*) AS n FROM unit WHERE tier = 'village'").get() as { n: number }).n;
    expect(phases.at(-1)).toBe(`检查各村档案 ${villages}/${villages}`);
  });

  it('待核对 lists exactly the pages it counts: read with low confidence and not corrected, least confident first', async () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
    const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
    const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村' });
    db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 1, 'image/png')").run('a'.repeat(64));
    const doc = Number(db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '村民代表大会记录', 'file')").run(village.id).lastInsertRowid);
    const page = (seq: number, status: string, confidence: number | null, corrected: string | null) =>
      db.prepare('INSERT INTO page (document_id, seq, master_sha256, ocr_status, ocr_confidence, corrected_text) VALUES (?, ?, ?, ?, ?, ?)').run(doc, seq, 'a'.repeat(64), status, confidence, corrected);
    page(1, 'done', 35, null); // to check
    page(2, 'done', 20, null); // to check, less confident
    page(3, 'done', 30, '已校对的文字'); // corrected: not listed
    page(4, 'done', 95, null); // confident: not listed
    page(5, 'pending', null, null); // not read yet
    const status = unwrap(await engine.call('ocr.status', {}));
    const list = unwrap(await engine.call('pages.toCheck', { limit: 50, offset: 0 }));
    expect(list.total).toBe(status.lowConfidence);
    expect(list.pages.map((p) => [p.seq, p.confidence])).toEqual([
      [2, 20],
      [1, 35],
    ]);
    expect(list.pages[0]).toMatchObject({ documentId: doc, title: '村民代表大会记录', place: '示例县 › 青山镇 › 桃园村' });
    expect(unwrap(await engine.call('pages.toCheck', { limit: 1, offset: 1 })).pages.map((p) => p.seq)).toEqual([1]);
  });
});

describe('the county-wide 操作记录', () => {
  it('filters the trail by who, when, what and unit (with everything below it), newest first, paged', async () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    const county = runAs({ userId: null, name: '王管理', displayName: '王管理', role: 'admin', action: 'test' }, () => createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' }));
    const [a, b] = runAs({ userId: null, name: '李录入', displayName: '李录入', role: 'clerk', action: 'test' }, () => {
      const t1 = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
      const t2 = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '白水镇' });
      return [t1, t2];
    });
    const v = runAs({ userId: null, name: '李录入', displayName: '李录入', role: 'clerk', action: 'test' }, () => createUnit(fixtureWriter(db), { parentId: a!.id, tier: 'village', name: '桃园村' }));
    // The units' own records (the change feed re-checks a new village and may add its problems meanwhile).
    const all = unwrap(await engine.call('audit.search', { kind: 'unit' }));
    expect(all.total).toBe(4);
    expect(all.entries[0]!.place).toBe('示例县 › 青山镇 › 桃园村');
    expect(all.actors).toEqual(expect.arrayContaining(['王管理', '李录入']));
    const byActor = unwrap(await engine.call('audit.search', { actor: '王管理' }));
    expect(byActor.entries.map((e) => e.place)).toEqual(['示例县']);
    const under = unwrap(await engine.call('audit.search', { kind: 'unit', unitId: a!.id }));
    expect(under.entries.map((e) => e.place)).toEqual(['示例县 › 青山镇 › 桃园村', '示例县 › 青山镇']);
    expect(unwrap(await engine.call('audit.search', { kind: 'unit', unitId: b!.id })).total).toBe(1);
    expect(unwrap(await engine.call('audit.search', { kind: 'household' })).total).toBe(0);
    const today = new Date().toLocaleDateString('sv-SE');
    expect(unwrap(await engine.call('audit.search', { kind: 'unit', from: today, to: today })).total).toBe(4);
    expect(unwrap(await engine.call('audit.search', { to: '2000-01-01' })).total).toBe(0);
    const page2 = unwrap(await engine.call('audit.search', { kind: 'unit', limit: 3, offset: 3 }));
    expect(page2.entries.map((e) => e.place)).toEqual(['示例县']);
    const bad = await engine.call('audit.search', { from: '2026-02-01', to: '2026-01-01' });
    expect(!bad.ok && bad.error.message).toMatch(/起始日期不能晚于结束日期/);
    expect(v.name).toBe('桃园村');
  });
});
