import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

/** A document with `pages` pages whose OCR text is 'p1', 'p2', … (inserted directly: no images needed here). */
function seedDocument(engine: ReturnType<typeof tempEngine>, pages: number, unitId: number | null = null, title = '申请书') {
  const db = engine.lib.db;
  const sha = engine.lib.files.put(Buffer.from(`master-${title}`));
  db.prepare("INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, 1, 'image/png')").run(sha);
  const doc = Number(db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, ?, 'file')").run(unitId, title).lastInsertRowid);
  for (let i = 1; i <= pages; i++) {
    db.prepare("INSERT INTO page (document_id, seq, master_sha256, master_page, ocr_status, ocr_text) VALUES (?, ?, ?, ?, 'done', ?)").run(
      doc,
      i,
      sha,
      i - 1,
      `p${i}`,
    );
  }
  return doc;
}

function village(engine: ReturnType<typeof tempEngine>) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '一镇' });
  return createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '东村' });
}

const texts = (d: { pages: { text: string | null }[] }) => d.pages.map((p) => p.text);

describe('documents and pages', () => {
  it('files an inbox document to a unit and a template item of that unit only', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const doc = seedDocument(engine, 1);
    expect(unwrap(await engine.call('documents.list', { unitId: null })).map((d) => d.id)).toEqual([doc]);
    const items = unwrap(await engine.call('documents.items', { unitId: v.id }));
    // 7 categories / 22 items, and the ten entries of 十有 (a village's checklist).
    expect(items.filter((i) => !i.startsWith('十有/'))).toHaveLength(22);
    expect(items.filter((i) => i.startsWith('十有/'))).toHaveLength(10);
    const wrong = await engine.call('documents.file', { id: doc, unitId: v.id, item: '上级文件/省级文件' });
    expect(wrong.ok).toBe(false);
    if (!wrong.ok) expect(wrong.error.message).toContain('不是该单位档案模板中的项目');
    const filed = unwrap(await engine.call('documents.file', { id: doc, unitId: v.id, item: items[0]! }));
    expect(filed).toMatchObject({ unitId: v.id, item: '村情概况/村情简介/行政村基本情况登记表' });
    expect(unwrap(await engine.call('documents.list', { unitId: null }))).toEqual([]);
    expect(unwrap(await engine.call('documents.list', { unitId: v.id, item: items[0]! }))).toHaveLength(1);
  });

  it('reorders pages only when every page is named once', async () => {
    const engine = tempEngine();
    const doc = seedDocument(engine, 3);
    const pages = unwrap(await engine.call('documents.get', { id: doc })).pages;
    const [a, b, c] = pages.map((p) => p.id) as [number, number, number];
    expect(texts(unwrap(await engine.call('documents.reorder', { id: doc, pageIds: [c, a, b] })))).toEqual(['p3', 'p1', 'p2']);
    expect((await engine.call('documents.reorder', { id: doc, pageIds: [c, a] })).ok).toBe(false);
    expect((await engine.call('documents.reorder', { id: doc, pageIds: [c, a, a] })).ok).toBe(false);
    expect(texts(unwrap(await engine.call('documents.get', { id: doc })))).toEqual(['p3', 'p1', 'p2']);
  });

  it('splits and merges without losing a page', async () => {
    const engine = tempEngine();
    const doc = seedDocument(engine, 4);
    const tail = unwrap(await engine.call('documents.split', { id: doc, atSeq: 3 }));
    expect(texts(tail)).toEqual(['p3', 'p4']);
    expect(texts(unwrap(await engine.call('documents.get', { id: doc })))).toEqual(['p1', 'p2']);
    expect((await engine.call('documents.split', { id: doc, atSeq: 5 })).ok).toBe(false);
    const merged = unwrap(await engine.call('documents.merge', { id: doc, otherId: tail.id }));
    expect(texts(merged)).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect((await engine.call('documents.get', { id: tail.id })).ok).toBe(false);
    expect(engine.lib.db.prepare('SELECT count(*) AS n FROM page').get()).toEqual({ n: 4 });
  });

  it('keeps a correction over OCR text, and clearing it brings the OCR text back', async () => {
    const engine = tempEngine();
    const doc = seedDocument(engine, 1);
    const pageId = unwrap(await engine.call('documents.get', { id: doc })).pages[0]!.id;
    const corrected = unwrap(await engine.call('pages.correct', { pageId, text: '王芳 申请书' }));
    expect(corrected.pages[0]).toMatchObject({ text: '王芳 申请书', corrected: true });
    // A re-run of OCR writes only the OCR columns.
    engine.lib.db.prepare("UPDATE page SET ocr_text = 'p1 again' WHERE id = ?").run(pageId);
    expect(unwrap(await engine.call('documents.get', { id: doc })).pages[0]?.text).toBe('王芳 申请书');
    const cleared = unwrap(await engine.call('pages.correct', { pageId, text: '  ' }));
    expect(cleared.pages[0]).toMatchObject({ text: 'p1 again', corrected: false });
  });
});
