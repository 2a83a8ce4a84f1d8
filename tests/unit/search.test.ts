import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SearchHit, SearchResult } from '../../shared/domain';
import { createUnit } from '../../engine/catalog/units';
import { main } from '../../engine/cli/main';
import { migrate, openLibrary } from '../../engine/library/library';
import { MIGRATIONS } from '../../engine/library/migrations/index';
import { pendingCount, rebuildSearchIndex, syncSearchIndex } from '../../engine/search/indexer';
import { searchDocuments, type SearchOptions } from '../../engine/search/search';
import { makeSnippet } from '../../engine/search/snippet';
import { indexTokens, normalize, queryTerms, termTokens } from '../../engine/search/text';
import { tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const SHA = 'a'.repeat(64);

afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = 0;
});

/** A small county: 河口镇/东岭村 with households 王芳 and 李强, 石桥乡/西山村 with 张伟. */
function county(db: Database.Database) {
  db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 0, 'image/png')").run(SHA);
  const countyUnit = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const hekou = createUnit(fixtureWriter(db), { parentId: countyUnit.id, tier: 'township', name: '河口镇' });
  const dongling = createUnit(fixtureWriter(db), { parentId: hekou.id, tier: 'village', name: '东岭村' });
  const wangfang = createUnit(fixtureWriter(db), { parentId: dongling.id, tier: 'household', name: '王芳' });
  const liqiang = createUnit(fixtureWriter(db), { parentId: dongling.id, tier: 'household', name: '李强' });
  const shiqiao = createUnit(fixtureWriter(db), { parentId: countyUnit.id, tier: 'township', name: '石桥乡' });
  const xishan = createUnit(fixtureWriter(db), { parentId: shiqiao.id, tier: 'village', name: '西山村' });
  const zhangwei = createUnit(fixtureWriter(db), { parentId: xishan.id, tier: 'household', name: '张伟' });
  return { county: countyUnit, hekou, dongling, wangfang, liqiang, shiqiao, xishan, zhangwei };
}

interface DocInput {
  unitId: number | null;
  title: string;
  item?: string | null;
  pages: (string | null)[];
}

function addDocument(db: Database.Database, doc: DocInput): { documentId: number; pageIds: number[] } {
  const documentId = Number(
    db.prepare("INSERT INTO document (unit_id, item, title, source) VALUES (?, ?, ?, 'file')").run(doc.unitId, doc.item ?? null, doc.title)
      .lastInsertRowid,
  );
  const pageIds = doc.pages.map((text, i) =>
    Number(
      db
        .prepare("INSERT INTO page (document_id, seq, master_sha256, ocr_status, ocr_text) VALUES (?, ?, ?, 'done', ?)")
        .run(documentId, i + 1, SHA, text).lastInsertRowid,
    ),
  );
  return { documentId, pageIds };
}

function setup() {
  const engine = tempEngine();
  const db = engine.lib.db;
  return { engine, db, units: county(db) };
}

const search = (db: Database.Database, query: string, options: SearchOptions = {}): SearchResult => searchDocuments(db, query, options);
const pageIds = (result: SearchResult) => result.hits.filter((h) => h.kind === 'page').map((h) => h.pageId);
const marked = (hit: SearchHit) => hit.snippet.map((s) => (s.match ? `【${s.text}】` : s.text)).join('');

describe('search text', () => {
  it('normalises like OCR text needs: NFKC, no spaces next to Han characters, ASCII lower case', () => {
    expect(normalize('低 保 户\n申请　２０１９ 年 ＡＢＣ x y').chars.join('')).toBe('低保户申请2019年abc x y');
    expect(indexTokens('低保户2019年')).toBe('低 低保 保 保户 户 户2 2 20 0 01 1 19 9 9年 年 2019');
    // Pairs stop at punctuation; each token once.
    expect(indexTokens('王芳，李强，王芳')).toBe('王 王芳 芳 李 李强 强');
    // A character outside the BMP (a rare name character) is one character, not two halves.
    expect(indexTokens('𠮷祥')).toBe('𠮷 𠮷祥 祥');
    // A query term needs its pairs, a number its 4-digit grams rather than its digit pairs.
    expect(termTokens('低保户')).toEqual(['低保', '保户']);
    expect(termTokens('𠮷2019年')).toEqual(['2019', '𠮷2', '9年']);
  });

  it('splits a query at spaces and at anything that is not a letter or digit', () => {
    expect(queryTerms('王芳 低保')).toEqual(['王芳', '低保']);
    expect(queryTerms('"低保" AND (贫困*) ^x')).toEqual(['低保', 'and', '贫困', 'x']);
    expect(queryTerms('  "*" ')).toEqual([]);
    expect(queryTerms('２０１９年')).toEqual(['2019年']);
  });

  it('snippets show the raw text around the match, the match marked', () => {
    const text = `${'前文'.repeat(40)}申请人王芳，享受低保待遇。${'后文'.repeat(40)}`;
    const segments = makeSnippet(text, ['低保']);
    expect(segments.filter((s) => s.match).map((s) => s.text)).toEqual(['低保']);
    expect(segments[0]!.text).toMatch(/^…前文/);
    expect(segments.at(-1)!.text).toMatch(/后…$/);
    expect(segments.map((s) => s.text).join('')).toContain('申请人王芳，享受低保待遇。');
    // OCR spaces inside the match are dropped from the highlight; full-width punctuation stays as written.
    expect(makeSnippet('享受低 保 待遇，好', ['低保']).map((s) => (s.match ? `【${s.text}】` : s.text)).join('')).toBe('享受【低保】待遇，好');
  });

  it('snippets never show a whole ID number read off a page, even when the query hits inside it', () => {
    const shown = (segments: { text: string; match: boolean }[]) => segments.map((s) => (s.match ? `【${s.text}】` : s.text)).join('');
    expect(shown(makeSnippet('申请人王芳 身份证号410721198505061234 电话', ['王芳']))).toBe('申请人【王芳】身份证号4107**********1234电话');
    // The match keeps its place; the digits it covered inside the number are masked too.
    expect(shown(makeSnippet('号码41072119850506123X。', ['1985']))).toBe('号码4107**【****】****123X。');
    // A 12-digit account number is not an ID number and stays readable.
    expect(shown(makeSnippet('账号622848001234 王芳', ['王芳']))).toBe('账号622848001234【王芳】');
  });
});

describe('searchDocuments', () => {
  it('finds 1-, 2- and 3+-character queries, and not the characters apart', () => {
    const { db, units } = setup();
    const a = addDocument(db, { unitId: units.wangfang.id, title: '申请材料', pages: ['户主王芳，因病致贫，申请纳入低保。喆'] });
    const b = addDocument(db, { unitId: units.liqiang.id, title: '审批表', pages: ['最低生活保障审批表，王某芳签字'] });
    const c = addDocument(db, { unitId: units.zhangwei.id, title: '验收表', pages: ['危房改造验收合格'] });
    const d = addDocument(db, { unitId: units.zhangwei.id, title: '验收表', pages: ['危房的改造'] });

    expect(pageIds(search(db, '喆'))).toEqual([a.pageIds[0]]);
    expect(pageIds(search(db, '低')).sort()).toEqual([a.pageIds[0], b.pageIds[0]].sort());
    expect(pageIds(search(db, '低保'))).toEqual([a.pageIds[0]]); // 最低生活保障 has 低…保 apart
    expect(pageIds(search(db, '王芳'))).toEqual([a.pageIds[0]]); // 王某芳 is not 王芳
    expect(pageIds(search(db, '危房改造'))).toEqual([c.pageIds[0]]);
    expect(pageIds(search(db, '危房的改造'))).toEqual([d.pageIds[0]]);
    expect(pageIds(search(db, '房改'))).toEqual([c.pageIds[0]]);
    expect(search(db, '低保待遇').hits).toEqual([]);
  });

  it('gives the page number, the path and a snippet marking the match', () => {
    const { db, units } = setup();
    const doc = addDocument(db, {
      unitId: units.wangfang.id,
      title: '王芳户帮扶手册',
      item: '帮扶措施/帮扶手册',
      pages: ['封面', `${'帮扶记录'.repeat(30)}。2019年申请低保，经评议同意。${'其他'.repeat(30)}`, '封底'],
    });
    const [hit] = search(db, '低保').hits;
    expect(hit).toMatchObject({
      kind: 'page',
      documentId: doc.documentId,
      pageId: doc.pageIds[1],
      pageSeq: 2,
      unitId: units.wangfang.id,
      pathLabel: '示例县 / 河口镇 / 东岭村 / 王芳',
      documentTitle: '王芳户帮扶手册',
      item: '帮扶措施/帮扶手册',
    });
    expect(marked(hit!)).toMatch(/…帮扶记录.*2019年申请【低保】，经评议同意。其他.*…$/);
  });

  it('indexes the correction, and a re-run of OCR does not undo it', () => {
    const { db, units } = setup();
    const { pageIds: [page] } = addDocument(db, { unitId: units.wangfang.id, title: '登记表', pages: ['五保供养'] });
    expect(pageIds(search(db, '五保'))).toEqual([page]);
    db.prepare('UPDATE page SET corrected_text = ? WHERE id = ?').run('低保对象', page);
    expect(pageIds(search(db, '五保'))).toEqual([]);
    expect(pageIds(search(db, '低保'))).toEqual([page]);
    db.prepare("UPDATE page SET ocr_text = ?, ocr_status = 'done' WHERE id = ?").run('五保供养户', page);
    expect(pageIds(search(db, '五保'))).toEqual([]);
    expect(pageIds(search(db, '低保'))).toEqual([page]);
    expect(marked(search(db, '低保').hits[0]!)).toBe('【低保】对象');
  });

  it('ranks a page with more occurrences, or whose title matches, above one with fewer', () => {
    const { db, units } = setup();
    const filler = '村委会组织召开会议，研究部署工作。';
    const once = addDocument(db, { unitId: units.wangfang.id, title: '会议记录', pages: [`${filler}讨论低保。${filler}${filler}`] });
    const thrice = addDocument(db, { unitId: units.liqiang.id, title: '会议记录', pages: [`${filler}低保、低保、低保。${filler}`] });
    const titled = addDocument(db, { unitId: units.zhangwei.id, title: '低保会议记录', pages: [`${filler}讨论低保。${filler}${filler}`] });
    const pages = search(db, '低保').hits.filter((h) => h.kind === 'page');
    expect(pages.map((h) => h.pageId)).toEqual([titled.pageIds[0], thrice.pageIds[0], once.pageIds[0]]);
    expect(pages[0]!.score).toBeGreaterThan(pages[1]!.score);
    expect(pages[1]!.score).toBeGreaterThan(pages[2]!.score);
    // The document whose title holds the word comes first, once, as a document hit.
    const [first] = search(db, '低保').hits;
    expect(first).toMatchObject({ kind: 'document', documentId: titled.documentId, pageId: null, pageSeq: null });
    expect(marked(first!)).toBe('【低保】会议记录');
  });

  it('lists a document whose title matches once, not each of its pages', () => {
    const { db, units } = setup();
    const doc = addDocument(db, { unitId: units.wangfang.id, title: '危房改造验收表', pages: ['第一页', '第二页', '第三页'] });
    const result = search(db, '危房改造');
    expect(result.hits.map((h) => [h.kind, h.documentId])).toEqual([['document', doc.documentId]]);
    expect(result.total).toBe(1);
  });

  it('matches all words (AND) across page text, title and place names, one at least in the text', () => {
    const { db, units } = setup();
    const hers = addDocument(db, { unitId: units.wangfang.id, title: '审批表', pages: ['同意纳入低保', '同意危房改造'] });
    addDocument(db, { unitId: units.zhangwei.id, title: '审批表', pages: ['同意纳入低保'] });
    // 王芳 is the household's name (place), 低保 is in the text of one page only.
    expect(pageIds(search(db, '王芳 低保'))).toEqual([hers.pageIds[0]]);
    expect(pageIds(search(db, '东岭村 危房改造'))).toEqual([hers.pageIds[1]]);
    expect(pageIds(search(db, '低保 危房改造'))).toEqual([]);
    // Place names alone: the documents filed there, each once.
    expect(search(db, '王芳').hits.map((h) => [h.kind, h.documentId])).toEqual([['document', hers.documentId]]);
  });

  it('filters by unit subtree and by template item', () => {
    const { db, units } = setup();
    const a = addDocument(db, { unitId: units.wangfang.id, title: '表一', item: '政策落实/最低生活保障', pages: ['低保审批'] });
    const b = addDocument(db, { unitId: units.dongling.id, title: '表二', item: '公示公告/贫困户识别两公示一公告', pages: ['低保公示'] });
    const c = addDocument(db, { unitId: units.zhangwei.id, title: '表三', item: '政策落实/最低生活保障', pages: ['低保审批'] });
    const inbox = addDocument(db, { unitId: null, title: '待整理', pages: ['低保名单'] });
    const sorted = (r: SearchResult) => pageIds(r).sort((x, y) => x! - y!);
    expect(sorted(search(db, '低保'))).toEqual([a.pageIds[0], b.pageIds[0], c.pageIds[0], inbox.pageIds[0]]);
    expect(sorted(search(db, '低保', { unitId: units.county.id }))).toEqual([a.pageIds[0], b.pageIds[0], c.pageIds[0]]);
    expect(sorted(search(db, '低保', { unitId: units.hekou.id }))).toEqual([a.pageIds[0], b.pageIds[0]]);
    expect(sorted(search(db, '低保', { unitId: units.dongling.id }))).toEqual([a.pageIds[0], b.pageIds[0]]);
    expect(sorted(search(db, '低保', { unitId: units.wangfang.id }))).toEqual([a.pageIds[0]]);
    expect(sorted(search(db, '低保', { unitId: units.liqiang.id }))).toEqual([]);
    expect(sorted(search(db, '低保', { item: '政策落实/最低生活保障' }))).toEqual([a.pageIds[0], c.pageIds[0]]);
    expect(sorted(search(db, '低保', { unitId: units.shiqiao.id, item: '政策落实/最低生活保障' }))).toEqual([c.pageIds[0]]);
    expect(search(db, '低保', { unitId: null }).hits.find((h) => h.documentId === inbox.documentId)?.pathLabel).toBe('收件箱');
    expect(() => search(db, '低保', { unitId: 9999 })).toThrow(/没有找到/);
  });

  it('follows refiling, renaming a unit and deleting a document', () => {
    const { db, units } = setup();
    const doc = addDocument(db, { unitId: units.wangfang.id, title: '申请书', pages: ['申请低保', '申请低保户'] });
    expect(pageIds(search(db, '低保', { unitId: units.hekou.id }))).toHaveLength(2);
    db.prepare('UPDATE document SET unit_id = ? WHERE id = ?').run(units.zhangwei.id, doc.documentId);
    expect(pageIds(search(db, '低保', { unitId: units.hekou.id }))).toEqual([]);
    expect(pageIds(search(db, '低保', { unitId: units.shiqiao.id }))).toHaveLength(2);
    db.prepare('UPDATE unit SET name = ? WHERE id = ?').run('西山新村', units.xishan.id);
    expect(search(db, '新村').hits.map((h) => h.documentId)).toEqual([doc.documentId]);
    expect(search(db, '新村').hits[0]!.pathLabel).toBe('示例县 / 石桥乡 / 西山新村 / 张伟');
    db.prepare('DELETE FROM page WHERE id = ?').run(doc.pageIds[1]);
    expect(pageIds(search(db, '低保'))).toEqual([doc.pageIds[0]]);
    db.prepare('DELETE FROM document WHERE id = ?').run(doc.documentId);
    // Gone from the index itself (the cascade fires the page trigger), not only hidden from the hits.
    expect(search(db, '低保').total).toBe(0);
    expect(search(db, '申请书').total).toBe(0);
    expect(db.prepare('SELECT count(*) AS n FROM search_index').get()).toEqual({ n: 0 });
  });

  it('finds numbers: a year, a fragment of an ID number, full-width digits, Latin in any case', () => {
    const { db, units } = setup();
    const { pageIds: [id] } = addDocument(db, { unitId: units.wangfang.id, title: '户籍', pages: ['身份证号410724199001011234，2019年脱贫'] });
    const { pageIds: [other] } = addDocument(db, { unitId: units.liqiang.id, title: '户籍', pages: ['编号ABC-20，电话13800001234 5678'] });
    expect(pageIds(search(db, '2019'))).toEqual([id]);
    expect(pageIds(search(db, '2019年'))).toEqual([id]);
    expect(pageIds(search(db, '199001'))).toEqual([id]);
    expect(pageIds(search(db, '１９９００１'))).toEqual([id]);
    expect(pageIds(search(db, '1234')).sort()).toEqual([id, other].sort());
    expect(pageIds(search(db, '12345678'))).toEqual([]); // two numbers apart are not one
    expect(pageIds(search(db, '123')).sort()).toEqual([id, other].sort());
    expect(pageIds(search(db, 'abc'))).toEqual([other]);
    expect(pageIds(search(db, 'ＡＢＣ'))).toEqual([other]);
    expect(marked(search(db, '199001').hits[0]!)).toBe('身份证号4107**【******】**1234，2019年脱贫');
  });

  it('finds text that Tesseract spaced out', () => {
    const { db, units } = setup();
    const { pageIds: [page] } = addDocument(db, { unitId: units.wangfang.id, title: '表', pages: ['享 受 低 保 待 遇 ， 自 2019 年 起'] });
    expect(pageIds(search(db, '低保待遇'))).toEqual([page]);
    expect(pageIds(search(db, '2019年'))).toEqual([page]);
    // Shown as written, less the spaces that normalisation dropped.
    expect(marked(search(db, '低保').hits[0]!)).toBe('享受【低保】待遇，自2019年起');
  });

  it('never fails on what a clerk types', () => {
    const { db, units } = setup();
    addDocument(db, { unitId: units.wangfang.id, title: '公示', pages: ['低保 AND 贫困 OR 公示 NOT 名单 NEAR x'] });
    const hostile = [
      '"', '""', '"低保', '低保"', '(', ')', '(低保', 'AND', 'OR', 'NOT', 'NEAR', 'NEAR(低保 贫困)', 'NEAR/2', '*', '低保*', '^低保',
      '低保 AND', 'OR 低保', 'NOT 低保', '-低保', '+低保', 'body:低保', '{body}: 低保', '{scope}: kdoc', 'u1', "'; DROP TABLE page; --",
      '\\', '\u0000', '低\u0000保', '😀', '𠮷', '\u200b', '　', '低保'.repeat(5000), '"低保" OR "贫困" AND NOT "x"*', ':', '.', '§低保',
    ];
    for (const q of hostile) {
      const result = search(db, q, { unitId: units.county.id, item: '"公示"' });
      expect(Array.isArray(result.hits), q).toBe(true);
      expect(() => search(db, q), q).not.toThrow();
    }
    expect(pageIds(search(db, '"低保"'))).toHaveLength(1);
    expect(pageIds(search(db, 'AND'))).toHaveLength(1); // the letters 'and' in the text
    expect(pageIds(search(db, '{scope}: u1'))).toEqual([]);
    expect(search(db, '').hits).toEqual([]);
    expect(search(db, '  *  ').total).toBe(0);
  });

  it('gives the same results after a rebuild as kept incrementally', () => {
    const { db, units } = setup();
    const texts = ['低保对象审批', '危房改造验收2019年', '王芳申请低保', '西山村公示名单', '身份证号410724199001011234'];
    for (let i = 0; i < 12; i++) {
      const unit = [units.wangfang, units.liqiang, units.zhangwei, units.dongling][i % 4]!;
      addDocument(db, { unitId: unit.id, title: `文件${i}${i % 3 === 0 ? '低保' : ''}`, pages: texts.slice(i % 5).concat(texts.slice(0, i % 5)) });
    }
    db.prepare('UPDATE page SET corrected_text = ? WHERE id = 3').run('改正后的低保文字');
    const queries: [string, SearchOptions][] = [['低保', {}], ['2019', {}], ['王芳 低保', {}], ['低', { unitId: units.hekou.id }], ['199001', {}], ['公示', { unitId: units.liqiang.id }]];
    const before = queries.map(([q, o]) => search(db, q, o));
    rebuildSearchIndex(db);
    expect(queries.map(([q, o]) => search(db, q, o))).toEqual(before);
    expect(before[0]!.total).toBeGreaterThan(5);
  });

  it('reports counts past the limit as a lower bound and pages through hits', () => {
    const { db, units } = setup();
    addDocument(db, { unitId: units.wangfang.id, title: '名单', pages: Array.from({ length: 30 }, (_, i) => `第${i + 1}户低保`) });
    const first = search(db, '低保', { limit: 10 });
    const second = search(db, '低保', { limit: 10, offset: 10 });
    expect(first.total).toBe(30);
    expect(first.totalIsLowerBound).toBe(false);
    expect(first.hits).toHaveLength(10);
    expect(second.hits).toHaveLength(10);
    expect(new Set([...pageIds(first), ...pageIds(second)]).size).toBe(20);
  });

  it('indexes what a library had before search existed, on the first search', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, null, MIGRATIONS.filter((m) => m.version < 30));
    const units = county(db);
    addDocument(db, { unitId: units.wangfang.id, title: '旧档案', pages: ['早已录入的低保名单'] });
    migrate(db, null);
    expect(pendingCount(db)).toBe(1);
    expect(pageIds(search(db, '低保'))).toHaveLength(1);
    expect(pendingCount(db)).toBe(0);
    expect(syncSearchIndex(db)).toBe(0);
    db.close();
  });
});

describe('search API and CLI', () => {
  it('search.documents validates its input and returns hits', async () => {
    const { engine, units } = setup();
    addDocument(engine.lib.db, { unitId: units.wangfang.id, title: '表', pages: ['同意纳入低保'] });
    const ok = await engine.call('search.documents', { query: '低保', unitId: units.hekou.id });
    expect(ok.ok && ok.value.hits.map((h) => h.pageSeq)).toEqual([1]);
    const tooLong = await engine.call('search.documents', { query: '低'.repeat(101) });
    expect(tooLong.ok ? null : tooLong.error.code).toBe('INVALID_INPUT');
    const badLimit = await engine.call('search.documents', { query: '低保', limit: 500 });
    expect(badLimit.ok).toBe(false);
  });

  it('`dangka search` prints hits with path, title, page and the match marked; 没有找到 otherwise', async () => {
    const dir = join(tempDir(), 'lib');
    const lib = openLibrary(dir, { create: true });
    const units = county(lib.db);
    addDocument(lib.db, { unitId: units.wangfang.id, title: '王芳户申请书', pages: ['封面', '申请纳入低保'] });
    lib.close();
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));

    await main(['search', '低保', '--library', dir]);
    expect(process.exitCode).toBe(0);
    expect(out.join('')).toContain('示例县 / 河口镇 / 东岭村 / 王芳  《王芳户申请书》  第2页');
    expect(out.join('')).toContain('申请纳入【低保】');

    out.length = 0;
    await main(['search', '低保', '--unit', '示例县/石桥乡', '--library', dir]);
    expect(process.exitCode).toBe(0);
    expect(out.join('')).toBe('没有找到\n');

    out.length = 0;
    await main(['search', '低保', '--json', '--library', dir]);
    expect((JSON.parse(out.join('')) as SearchResult).hits[0]).toMatchObject({ pageSeq: 2, snippet: [{ text: '申请纳入', match: false }, { text: '低保', match: true }] });

    await main(['search', '--rebuild', '--library', dir]);
    expect(process.exitCode).toBe(0);
    expect(err.join('')).toContain('检索索引已重建');

    await main(['search', '--library', dir]);
    expect(process.exitCode).toBe(2);
  });
});
