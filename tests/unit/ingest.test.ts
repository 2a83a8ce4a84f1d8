// Importing scans end to end through the API: documents in order, bad files failing alone, duplicates, cancel,
// OCR and its resumption, the clerk's rotation and corrections, the searchable PDF, and the scanner hot folder.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { IngestResult, OcrRunResult } from '../../shared/domain';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { ingestFiles } from '../../engine/ingest/ingest';
import { detachedContext } from '../../engine/jobs/jobs';
import { renderScan } from '../fixtures/scans';
import { pdftotext } from './pdfTools';
import { filesUnder, tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const ITEM = '公示公告/贫困户识别两公示一公告';

function village(engine: Engine) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
  return createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村' });
}

/** A half-A4 application with its applicant's name (the name is on the first lines, so it survives the cut). */
async function application(seed: number, extra: Parameters<typeof renderScan>[0] = { kind: 'application', seed }) {
  const scan = await renderScan({ widthMm: 160, heightMm: 120, jpegQuality: 80, ...extra, kind: 'application', seed });
  const name = /本人(\p{Script=Han}{2,3})，/u.exec(scan.truth)?.[1];
  const idNumber = /公民身份号码(\d{17}[\dX])/.exec(scan.truth)?.[1];
  if (!name || !idNumber) throw new Error(`no applicant in the sample page: ${scan.truth.slice(0, 80)}`);
  return { ...scan, name, idNumber };
}

async function upload(engine: Engine, fileName: string, bytes: Uint8Array): Promise<string> {
  return unwrap(await engine.call('ingest.upload', { fileName, contentBase64: Buffer.from(bytes).toString('base64') })).uploadId;
}

async function ingest(engine: Engine, files: [string, Uint8Array][], unitId: number | null, item: string | null) {
  const uploadIds: string[] = [];
  for (const [name, bytes] of files) uploadIds.push(await upload(engine, name, bytes));
  const { jobId } = unwrap(await engine.call('ingest.start', { uploadIds, unitId, item }));
  const state = await engine.jobs.wait(jobId);
  return { state, result: state.result as IngestResult };
}

/** Scanned pages as one PDF (a sheet-fed scanner's "scan to PDF" of a whole folder). */
async function manyPagePdf(jpegs: Buffer[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (const jpeg of jpegs) {
    const image = await pdf.embedJpg(jpeg);
    // 300 dpi: the page size in points is the pixel size × 72 / 300.
    const page = pdf.addPage([(image.width * 72) / 300, (image.height * 72) / 300]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return pdf.save();
}

/** The files of the library's store (files/ab/<sha256>). */
function storedFiles(engine: Engine): string[] {
  return filesUnder(engine.lib.files.root);
}

async function waitForOcr(engine: Engine): Promise<OcrRunResult | null> {
  const { jobId } = unwrap(await engine.call('ocr.status', {}));
  if (!jobId) return null;
  return (await engine.jobs.wait(jobId)).result as OcrRunResult;
}

// Each test renders, cleans and reads real pages (the high-accuracy recognizer loads its models on first use): a
// minute or more on a loaded 2-core machine. Behaviour is asserted, never speed; the limit only catches a hang.
describe('ingest', { timeout: 180_000 }, () => {
  it('imports a batch: each good file one document with its pages in order and text read; a bad file fails alone', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const a = await application(11);
    const b = await application(12);
    const c = await application(13);
    const { state, result } = await ingest(
      engine,
      [
        [`${a.name}申请书.jpg`, a.image],
        ['扫描.jpg', Buffer.from('这不是图片，是改了扩展名的文字')],
        ['两页.pdf', await manyPagePdf([b.image, c.image])],
      ],
      v.id,
      ITEM,
    );
    expect(state.status).toBe('done');
    expect(result.files.map((f) => [f.fileName, f.status, f.pages])).toEqual([
      [`${a.name}申请书.jpg`, 'imported', 1],
      ['扫描.jpg', 'failed', 0],
      ['两页.pdf', 'imported', 2],
    ]);
    expect(result.files[1]!.message).toMatch(/^扫描\.jpg：不是可识别的图片/);
    expect(result.pagesOcred).toBe(3);

    const docs = unwrap(await engine.call('documents.list', { unitId: v.id, item: ITEM }));
    // Each titled by the heading read off its first page (著录 pre-fill), not by its file name.
    expect(docs.map((d) => [d.title, d.pageCount, d.ocrPending])).toEqual([
      ['贫困户申请书', 1, 0],
      ['贫困户申请书', 2, 0],
    ]);
    const pdfDoc = unwrap(await engine.call('documents.get', { id: docs[1]!.id }));
    // The scanner's order is kept: page 1 is b's application, page 2 c's (told apart by the ID number, which OCR
    // reads more surely than a rare surname).
    const compact = (t: string | null) => (t ?? '').replace(/\s/g, '');
    expect(pdfDoc.pages.map((p) => [compact(p.text).includes(b.idNumber), compact(p.text).includes(c.idNumber)])).toEqual([
      [true, false],
      [false, true],
    ]);
    for (const p of pdfDoc.pages) {
      expect(p.accessSha256 && p.thumbSha256).toBeTruthy();
      expect(p.masterSha256).toBe(pdfDoc.pages[0]!.masterSha256);
      expect(p.ocrConfidence).toBeGreaterThan(60);
      expect(unwrap(await engine.call('pages.words', { pageId: p.id })).length).toBeGreaterThan(10);
    }
    // The uploads are gone once imported; the library holds the bytes.
    expect(readdirSync(join(engine.lib.dir, 'uploads'))).toEqual([]);

    // Two characters of a name find the page they are on, with the page number.
    const hits = unwrap(await engine.call('search.documents', { query: a.name.slice(0, 2) }));
    // (The title is the heading read off the page, without the name: the page is the hit.)
    expect(hits.hits.filter((h) => h.documentId === docs[0]!.id).map((h) => h.kind)).toEqual(['page']);
    const hit = hits.hits.find((h) => h.documentId === docs[0]!.id && h.kind === 'page');
    expect(hit).toMatchObject({ pageSeq: 1 });
    expect(hit!.snippet.some((s) => s.match && s.text === a.name.slice(0, 2))).toBe(true);
  });

  it('a batch with an upload that is gone imports the rest and names the missing one; no upload is left behind', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const a = await application(51);
    const good = await upload(engine, `${a.name}申请书.jpg`, a.image);
    const gone = '00000000-0000-4000-8000-000000000000';
    const { jobId } = unwrap(await engine.call('ingest.start', { uploadIds: [gone, good], unitId: v.id, item: ITEM }));
    const result = (await engine.jobs.wait(jobId)).result as IngestResult;
    expect(result.files.map((f) => [f.fileName, f.status])).toEqual([
      ['第1个上传的文件', 'failed'],
      [`${a.name}申请书.jpg`, 'imported'],
    ]);
    expect(result.files[0]!.message).toContain('上传的文件已不在');
    expect(readdirSync(join(engine.lib.dir, 'uploads'))).toEqual([]);
  });

  it('refuses a target that is not a template item of the unit before touching anything, and drops the batch’s uploads', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const id = await upload(engine, 'a.jpg', (await application(1)).image);
    const res = await engine.call('ingest.start', { uploadIds: [id], unitId: v.id, item: '不存在/的项目' });
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('不是该单位档案模板中的项目') } });
    expect(unwrap(await engine.call('documents.list', { unitId: v.id }))).toEqual([]);
    // The clerk's retry (another item) sends the files again: nothing waits in uploads/.
    expect(readdirSync(join(engine.lib.dir, 'uploads'))).toEqual([]);
  });

  it('does not import the same file twice into one place, and links it (stored once, text reused) into another', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const scan = await application(21);
    const target = { unitId: v.id, item: ITEM, source: 'file' as const };
    const source = { fileName: '申请书.jpg', read: () => scan.image };
    const first = await ingestFiles(engine.lib, null, [source], target, detachedContext());
    const storedFiles = () => readdirSync(engine.lib.files.root, { recursive: true }).length;
    const before = storedFiles();

    const again = await ingestFiles(engine.lib, null, [source], target, detachedContext());
    expect(again.files[0]).toMatchObject({ status: 'duplicate', documentId: first.files[0]!.documentId, message: expect.stringContaining('已导入过') });

    engine.lib.db.prepare("UPDATE page SET ocr_status = 'done', ocr_text = '已识别的文字'").run();
    const linked = await ingestFiles(engine.lib, null, [source], { unitId: null, item: null, source: 'file' }, detachedContext());
    expect(linked.files[0]).toMatchObject({ status: 'imported', message: expect.stringContaining('已关联') });
    expect(storedFiles()).toBe(before);
    const copy = unwrap(await engine.call('documents.get', { id: linked.files[0]!.documentId! }));
    const original = unwrap(await engine.call('documents.get', { id: first.files[0]!.documentId! }));
    expect(copy.pages.map((p) => [p.masterSha256, p.accessSha256, p.text, p.ocrStatus])).toEqual(
      original.pages.map((p) => [p.masterSha256, p.accessSha256, '已识别的文字', 'done']),
    );
  });

  it('stops at cancel: files not reached are reported, and no document is left half-made', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const files: [string, Uint8Array][] = [];
    for (const seed of [31, 32, 33, 34]) files.push([`${seed}.jpg`, (await application(seed)).image]);
    const uploadIds: string[] = [];
    for (const [name, bytes] of files) uploadIds.push(await upload(engine, name, bytes));
    const { jobId } = unwrap(await engine.call('ingest.start', { uploadIds, unitId: v.id, item: ITEM }));
    await new Promise((r) => setTimeout(r, 300));
    unwrap(await engine.call('job.cancel', { jobId }));
    const state = await engine.jobs.wait(jobId);
    expect(state.status).toBe('cancelled');
    const result = state.result as IngestResult;
    expect(result.files).toHaveLength(4);
    expect(result.files.some((f) => f.status === 'cancelled' && f.message === '已取消，未导入')).toBe(true);
    const docs = unwrap(await engine.call('documents.list', { unitId: v.id }));
    expect(docs.map((d) => d.id).sort()).toEqual(result.files.filter((f) => f.status === 'imported').map((f) => f.documentId).sort());
    for (const d of docs) expect(d.pageCount).toBe(1);
  });

  it('reports a long PDF page by page from its first page, before the document is written', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const pages = await Promise.all([41, 42, 43, 44].map(async (seed) => (await application(seed)).image));
    const uploadId = await upload(engine, '四页.pdf', await manyPagePdf(pages));
    const { jobId } = unwrap(await engine.call('ingest.start', { uploadIds: [uploadId], unitId: v.id, item: ITEM }));
    const seen: string[] = [];
    const documents = () => (engine.lib.db.prepare('SELECT count(*) AS n FROM document').get() as { n: number }).n;
    const state = await engine.jobs.wait(jobId, (s) => {
      if (s.phase === '整理页面') seen.push(`${s.done}/${s.total} 文件${documents()}`);
    });
    expect(state.status).toBe('done');
    // Every page counted as it is done, while the document is not yet written (one transaction at the end).
    expect([...new Set(seen)]).toEqual(['0/4 文件0', '1/4 文件0', '2/4 文件0', '3/4 文件0', '4/4 文件0']);
    expect((state.result as IngestResult).files[0]).toMatchObject({ status: 'imported', pages: 4 });
  });

  it('cancelled in the middle of a long PDF: no document, and none of its page images left in the store', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const pages = await Promise.all([45, 46, 47].map(async (seed) => (await application(seed)).image));
    const uploadId = await upload(engine, '三页.pdf', await manyPagePdf(pages));
    const filesBefore = storedFiles(engine);
    const { jobId } = unwrap(await engine.call('ingest.start', { uploadIds: [uploadId], unitId: v.id, item: ITEM }));
    const state = await engine.jobs.wait(jobId, (s) => {
      if (s.phase === '整理页面' && s.done === 2 && s.status === 'running') engine.jobs.cancel(jobId);
    });
    expect(state.status).toBe('cancelled');
    expect((state.result as IngestResult).files[0]).toMatchObject({ status: 'cancelled', message: '已取消，未导入' });
    expect(unwrap(await engine.call('documents.list', { unitId: v.id }))).toEqual([]);
    expect(storedFiles(engine)).toEqual(filesBefore);
  });

  it('reads pages left pending (a crash, a cancel) in a later run, and never overwrites the clerk’s correction', async () => {
    const engine = tempEngine();
    const scan = await application(41);
    const other = await application(42);
    const imported = await ingestFiles(
      engine.lib,
      null,
      [
        { fileName: 'a.jpg', read: () => scan.image },
        { fileName: 'b.jpg', read: () => other.image },
      ],
      { unitId: null, item: null, source: 'file' },
      detachedContext(),
    );
    expect(unwrap(await engine.call('ocr.status', {}))).toMatchObject({ pending: 2, jobId: null });
    const [docA, docB] = imported.files.map((f) => f.documentId!);
    const pageB = unwrap(await engine.call('documents.get', { id: docB! })).pages[0]!;
    unwrap(await engine.call('pages.correct', { pageId: pageB.id, text: '人工录入的申请书全文' }));

    unwrap(await engine.call('ocr.start', {}));
    expect(await waitForOcr(engine)).toEqual({ pagesOcred: 2, failed: 0 });
    expect(unwrap(await engine.call('ocr.status', {}))).toMatchObject({ pending: 0, failed: 0 });
    expect(unwrap(await engine.call('documents.get', { id: docA! })).pages[0]!.text).toContain(scan.name);
    const b = unwrap(await engine.call('documents.get', { id: docB! })).pages[0]!;
    expect([b.text, b.corrected, b.ocrStatus]).toEqual(['人工录入的申请书全文', true, 'done']);
    // The correction is what search finds; the OCR text underneath is kept too.
    // (The document's title, read again from the corrected text, is found too: that hit has no page.)
    expect(unwrap(await engine.call('search.documents', { query: '人工录入' })).hits.flatMap((h) => (h.pageId === null ? [] : [h.pageId]))).toEqual([b.id]);
    const row = engine.lib.db.prepare('SELECT ocr_text FROM page WHERE id = ?').get(b.id) as { ocr_text: string };
    expect(row.ocr_text).toContain(other.name);
  });

  it('turns a page as the clerk asks, from the untouched master, and reads it again', async () => {
    const engine = tempEngine();
    const scan = await application(51);
    const imported = await ingestFiles(engine.lib, null, [{ fileName: 'a.jpg', read: () => scan.image }], { unitId: null, item: null, source: 'file' }, detachedContext());
    const before = unwrap(await engine.call('documents.get', { id: imported.files[0]!.documentId! })).pages[0]!;
    const after = unwrap(await engine.call('pages.rotate', { pageId: before.id, rotation: 90 })).pages[0]!;
    expect(after).toMatchObject({ rotation: 90, masterSha256: before.masterSha256, ocrStatus: 'pending' });
    // A quarter turn swaps the sides (within the few pixels the deskew may add or crop).
    expect(Math.abs(after.width! - before.height!)).toBeLessThan(30);
    expect(Math.abs(after.height! - before.width!)).toBeLessThan(30);
    expect(after.accessSha256).not.toBe(before.accessSha256);
    expect(unwrap(await engine.call('ocr.status', {})).jobId).not.toBeNull();
    await waitForOcr(engine);
  });
});

describe('searchable PDF of a document', () => {
  it('has the page images with the text findable by pdftotext, is made once, and again after a correction', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const scan = await application(61);
    const { result } = await ingest(engine, [['申请书.jpg', scan.image]], v.id, ITEM);
    const id = result.files[0]!.documentId!;
    const first = unwrap(await engine.call('documents.pdf', { id }));
    // Named after the document's title, which is the heading read off the page (著录 pre-fill).
    expect(first.fileName).toBe('贫困户申请书.pdf');
    const file = join(tempDir(), 'out.pdf');
    writeFileSync(file, engine.lib.files.read(first.sha256));
    expect(pdftotext(file).replace(/\s/g, '')).toContain(scan.name);
    expect(unwrap(await engine.call('documents.pdf', { id })).sha256).toBe(first.sha256);

    const page = unwrap(await engine.call('documents.get', { id })).pages[0]!;
    unwrap(await engine.call('pages.correct', { pageId: page.id, text: '校对后的第一行\n校对后的第二行' }));
    const corrected = unwrap(await engine.call('documents.pdf', { id }));
    expect(corrected.sha256).not.toBe(first.sha256);
    writeFileSync(file, engine.lib.files.read(corrected.sha256));
    const text = pdftotext(file);
    expect(text).toContain('校对后的第一行');
    expect(text).toContain('校对后的第二行');
  });
});

describe('scanner hot folder', () => {
  it('takes a file once it has stopped changing into the inbox, and sets a bad file aside with the reason', async () => {
    const engine = tempEngine();
    const folder = tempDir('dangka-scanner-');
    expect(unwrap(await engine.call('hotFolder.get', {}))).toMatchObject({ dir: null, active: false });
    const set = await engine.call('hotFolder.set', { dir: join(folder, '不存在') });
    expect(set).toMatchObject({ ok: false, error: { message: expect.stringContaining('找不到文件夹') } });
    expect(unwrap(await engine.call('hotFolder.set', { dir: folder }))).toMatchObject({ dir: folder, active: true, problem: null });

    const scan = await application(71);
    writeFileSync(join(folder, 'scan0001.jpg'), scan.image);
    writeFileSync(join(folder, 'scan0002.jpg'), 'half-written or not an image at all');
    const now = Date.now();
    // First look: the files are new, so not yet taken (a scanner may still be writing them).
    expect(await engine.pollHotFolder(now)).toEqual([]);
    expect((await engine.pollHotFolder(now + 5000)).length).toBe(2);

    const inbox = unwrap(await engine.call('documents.list', { unitId: null }));
    expect(inbox.map((d) => [d.title, d.source, d.pageCount])).toEqual([['scan0001', 'hotFolder', 1]]);
    expect(existsSync(join(folder, '已导入', 'scan0001.jpg'))).toBe(true);
    expect(readFileSync(join(folder, '未能导入', 'scan0002.jpg.txt'), 'utf8')).toContain('不是可识别的图片');
    expect(unwrap(await engine.call('hotFolder.get', {}))).toMatchObject({ imported: 1, failed: 1 });
    // Its page is read in the background.
    await waitForOcr(engine);
    expect(unwrap(await engine.call('documents.get', { id: inbox[0]!.id })).pages[0]!.text).toContain(scan.name);
  });
});
