// Search past the ranking limit (issue 16 item 8): with more candidates than are ranked, a term of 3+ characters
// is confirmed against the text newest first, only as far as the page of results and a sample need. The page of
// results must still be exactly the newest real hits, the total exact or a bounded estimate (约), the same after a
// rebuild (synchronous or the app's job), and a bounded index sync must stay bounded.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { pendingCount, rebuildSearchIndex, syncSearchIndex } from '../../engine/search/indexer';
import { RANK_LIMIT, searchDocuments } from '../../engine/search/search';
import { normalize, normalizedString } from '../../engine/search/text';
import { searchTotalLabel } from '../../shared/searchTotal';
import { tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const SHA = 'b'.repeat(64);
const PAGES = 1_200;

/**
 * One household's file of PAGES pages in documents of 10. Every page holds the pairs of the searched terms apart
 * (低保、保户; 危房、房改、改造、造验、验收; an ID number sharing all but one 4-digit gram), so every page is a
 * candidate; only some hold the terms themselves: 低保户 every 3rd page, 危房改造验收 every 5th, ID 19900101 every 4th.
 */
function library(db: Database.Database): { household: number; texts: Map<number, string> } {
  db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 0, 'image/png')").run(SHA);
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const township = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '河口镇' });
  const village = createUnit(fixtureWriter(db), { parentId: township.id, tier: 'village', name: '东岭村' });
  const household = createUnit(fixtureWriter(db), { parentId: village.id, tier: 'household', name: '王芳' });
  const insertDocument = db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, ?, 'file')");
  const insertPage = db.prepare("INSERT INTO page (document_id, seq, master_sha256, ocr_status, ocr_text) VALUES (?, ?, ?, 'done', ?)");
  const texts = new Map<number, string>();
  db.transaction(() => {
    let documentId = 0;
    for (let i = 0; i < PAGES; i++) {
      if (i % 10 === 0) documentId = Number(insertDocument.run(household.id, `第${i / 10 + 1}卷`).lastInsertRowid);
      let text = `第${i}页：低保对象，保户名单；危房、房改、改造、造验、验收；身份证号41072419900102${String(i % 100).padStart(2, '0')}，编号0101。`;
      if (i % 3 === 0) text += '该户纳入低保户。';
      if (i % 5 === 0) text += '危房改造验收合格。';
      // A rare name (30 pages: few enough to rank), on half of them as Tesseract spaces it.
      if (i % 40 === 0) text += i % 80 === 0 ? '户主王 喆 珺。' : '户主王喆珺。';
      // One in twenty with the spaces Tesseract leaves next to Han characters: still found.
      if (i % 4 === 0) text += i % 20 === 0 ? '身 份 证 410724199001011234 。' : '身份证410724199001011234';
      const pageId = Number(insertPage.run(documentId, (i % 10) + 1, SHA, text).lastInsertRowid);
      texts.set(pageId, text);
    }
  })();
  return { household: household.id, texts };
}

/** The page ids whose text holds every term, newest first: what a grep of the normalised text would say. */
function truth(texts: Map<number, string>, terms: string[]): number[] {
  return [...texts]
    .filter(([, text]) => terms.every((t) => normalizedString(text).includes(t)))
    .map(([id]) => id)
    .sort((a, b) => b - a);
}

const pageIds = (db: Database.Database, query: string, limit = 20, offset = 0) =>
  searchDocuments(db, query, { limit, offset }).hits.filter((h) => h.kind === 'page').map((h) => h.pageId);

describe('search past the ranking limit', () => {
  it('lists exactly the newest real hits of 3-, 4-, 5- and 6-character terms and ID fragments, with the total exact or a bounded 约', () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    const { texts, household } = library(db);
    const cases: [query: string, terms: string[]][] = [
      ['低保户', ['低保户']],
      ['危房改造', ['危房改造']],
      ['房改造验收', ['房改造验收']],
      ['危房改造验收', ['危房改造验收']],
      ['19900101', ['19900101']],
      ['9001011234', ['9001011234']],
      ['低保户 危房改造', ['低保户', '危房改造']],
    ];
    expect(searchDocuments(db, '低保户').ranked, `past ${RANK_LIMIT} candidates: newest first`).toBe(false);
    for (const [query, terms] of cases) {
      const expected = truth(texts, terms);
      expect(expected.length, query).toBeGreaterThan(20);
      const result = searchDocuments(db, query, { limit: 20 });
      expect(pageIds(db, query), query).toEqual(expected.slice(0, 20));
      // The second page of results continues the first.
      expect(pageIds(db, query, 20, 20), query).toEqual(expected.slice(20, 40));
      if (result.totalIsEstimate) {
        // Between the hits found and the candidates, and near the truth (the pattern repeats every 60 pages).
        expect(result.total, query).toBeGreaterThanOrEqual(20);
        expect(result.total, query).toBeLessThanOrEqual(PAGES);
        expect(Math.abs(result.total - expected.length) / expected.length, `${query}: 约 ${result.total} for ${expected.length}`).toBeLessThan(0.15);
        expect(searchTotalLabel(result)).toBe(`约 ${result.total} 条`);
      } else {
        expect(result.total, query).toBe(expected.length);
      }
      // Within a unit the estimate scales by the unit's rows (its scope token), not the library's: the same here.
      const inUnit = searchDocuments(db, query, { limit: 20, unitId: household });
      expect(inUnit.hits.filter((h) => h.kind === 'page').map((h) => h.pageId), query).toEqual(expected.slice(0, 20));
      if (inUnit.totalIsEstimate) expect(Math.abs(inUnit.total - expected.length) / expected.length, `${query} in the unit`).toBeLessThan(0.15);
      else expect(inUnit.total, query).toBe(expected.length);
    }
    // A term the pairs promise everywhere but no page holds: nothing listed, and the total says so.
    const absent = searchDocuments(db, '保户名单对象', { limit: 20 });
    expect(absent.hits).toEqual([]);
    expect(absent.total).toBe(0);
  });

  it('finds exactly what a plain scan of the text finds, for a rare word, a common word, a phrase and no hit', () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    const { texts } = library(db);
    const cases: [kind: string, query: string, terms: string[]][] = [
      ['rare, 2 characters', '喆珺', ['喆珺']],
      ['rare, 3 characters', '王喆珺', ['王喆珺']],
      ['rare and common (AND)', '王喆珺 低保户', ['王喆珺', '低保户']],
      ['common word', '低保', ['低保']],
      ['common phrase', '危房改造验收', ['危房改造验收']],
      ['no hit, in the index', '喆喆', ['喆喆']],
      ['no hit, every pair present', '保户名单对象', ['保户名单对象']],
    ];
    for (const [kind, query, terms] of cases) {
      const expected = truth(texts, terms);
      const result = searchDocuments(db, query, { limit: 20 });
      const listed = result.hits.filter((h) => h.kind === 'page').map((h) => h.pageId!);
      if (result.ranked) {
        // Ranked: every hit, whatever the order, and the total exact.
        expect(expected.length, kind).toBeLessThanOrEqual(RANK_LIMIT);
        expect([...listed].sort((a, b) => b - a), kind).toEqual(expected.slice(0, 20));
        expect(result.total, kind).toBe(expected.length);
      } else {
        // Newest first: the page of results is the newest hits, the total exact or a 约 between bounds (above).
        expect(listed, kind).toEqual(expected.slice(0, 20));
        if (!result.totalIsEstimate) expect(result.total, kind).toBe(expected.length);
      }
      if (expected.length === 0) expect([result.total, searchTotalLabel(result)], kind).toEqual([0, '0 条']);
    }
  });

  it('answers 1-2 character terms from the index alone, with the exact total', () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    const { texts } = library(db);
    const result = searchDocuments(db, '低保', { limit: 20 });
    expect(result.totalIsEstimate).toBe(false);
    expect(result.total).toBe(PAGES);
    expect(searchTotalLabel(result)).toBe(`${PAGES} 条`);
    expect(pageIds(db, '低保')).toEqual(truth(texts, ['低保']).slice(0, 20));
  });

  it('lists a document whose title holds the term before its pages', () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    const { household } = library(db);
    const doc = Number(db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '低保户审批表', 'file')").run(household).lastInsertRowid);
    db.prepare("INSERT INTO page (document_id, seq, master_sha256, ocr_status, ocr_text) VALUES (?, 1, ?, 'done', '审批意见：同意')").run(doc, SHA);
    const hits = searchDocuments(db, '低保户审批', { limit: 5 }).hits;
    expect(hits.map((h) => [h.kind, h.documentTitle])).toEqual([['document', '低保户审批表']]);
    expect(searchDocuments(db, '低保户', { limit: 5 }).hits[0]).toMatchObject({ kind: 'document', documentTitle: '低保户审批表' });
  });

  it('gives the same results after the app’s rebuild job as before, and after a synchronous rebuild', async () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    library(db);
    const queries = ['低保户', '危房改造验收', '19900101', '低保', '王芳 危房改造', '东岭村'];
    const before = queries.map((q) => searchDocuments(db, q, { limit: 20 }));
    const state = await engine.jobs.wait(unwrap(await engine.call('search.rebuildStart', {})).jobId);
    expect(state.status).toBe('done');
    expect(state.result).toEqual({ pages: PAGES });
    expect(queries.map((q) => searchDocuments(db, q, { limit: 20 }))).toEqual(before);
    rebuildSearchIndex(db);
    expect(queries.map((q) => searchDocuments(db, q, { limit: 20 }))).toEqual(before);
  });

  it('keeps a bounded index sync bounded when a whole library waits in the queue', () => {
    const engine = tempEngine();
    const db = engine.lib.db;
    library(db);
    syncSearchIndex(db);
    db.prepare("INSERT INTO search_queue (kind, id) SELECT 'page', id FROM page").run();
    expect(pendingCount(db)).toBe(PAGES);
    syncSearchIndex(db, { maxPages: 50 });
    expect(pendingCount(db)).toBe(PAGES - 50);
  });
});

describe('normalizedString', () => {
  it('is normalize() joined, on what OCR and clerks produce', () => {
    const samples = [
      'ＡＢＣ１２３ 低 保',
      'x  y\u3000低\n保 2019 年',
      '①② Ⅻ ﬁ 𠀀 𠀀低',
      '\u00a8 a\u00a0b',
      'İ K Straße',
      '王 芳\t\t李  强 ',
      ' 身份证号：４１０７２４ １９９００１０１１２３Ｘ。',
    ];
    for (const s of samples) expect(normalizedString(s), JSON.stringify(s)).toBe(normalize(s).chars.join(''));
  });
});
