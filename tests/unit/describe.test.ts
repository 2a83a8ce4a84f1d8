// 著录 end to end: scans of a 红头 notice and a letter come in as scan1.jpg and IMG_0002.jpg, are read, described
// from their text, and the printed 卷内目录 lists their real titles and dates — none of the file names. Then the
// grid: per-cell checks in Chinese refuse the whole save, suggestions stay marked until confirmed or edited, and
// the clerk's own values are never overwritten by a later reading.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import type { DescribedDocument } from '../../shared/description';
import type { IngestResult, PrintResult } from '../../shared/domain';
import { renderScan } from '../fixtures/scans';
import { pdftotext } from './pdfTools';
import { tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const ITEM = '公示公告/贫困户识别两公示一公告';

function village(engine: Engine) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
  return createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村' });
}

async function ingest(engine: Engine, files: [string, Uint8Array][], unitId: number) {
  const uploadIds: string[] = [];
  for (const [fileName, bytes] of files) {
    uploadIds.push(unwrap(await engine.call('ingest.upload', { fileName, contentBase64: Buffer.from(bytes).toString('base64') })).uploadId);
  }
  const { jobId } = unwrap(await engine.call('ingest.start', { uploadIds, unitId, item: ITEM }));
  const state = await engine.jobs.wait(jobId);
  expect(state.status, state.error?.message).toBe('done');
  const { jobId: ocrJob } = unwrap(await engine.call('ocr.status', {}));
  if (ocrJob) await engine.jobs.wait(ocrJob);
  return state.result as IngestResult;
}

async function printBinder(engine: Engine, unitId: number) {
  const { jobId } = unwrap(await engine.call('print.binder', { unitIds: [unitId], spineCm: 3 }));
  const state = await engine.jobs.wait(jobId);
  expect(state.status, state.error?.message).toBe('done');
  const r = state.result as PrintResult;
  const file = join(tempDir(), 'binder.pdf');
  writeFileSync(file, engine.lib.files.read(r.sha256));
  return { warnings: r.warnings, text: pdftotext(file).replace(/\s+/g, '') };
}

const row = (d: DescribedDocument) => ({ id: d.id, title: d.title, author: d.author, refNumber: d.refNumber, date: d.date, retention: d.retention, secrecy: d.secrecy, remarks: d.remarks });

describe('著录 from the scans to the binder', () => {
  it('prints the real title, issuer and date of scanned notices and letters in the 卷内目录, and none of their file names', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const circular = await renderScan({ kind: 'circular', seed: 7, skew: 1.5, noise: 0.3, jpegQuality: 80 });
    const letter = await renderScan({ kind: 'letter', seed: 12, skew: 3, noise: 0.5 });
    const result = await ingest(engine, [['scan1.jpg', circular.image], ['IMG_0002.jpg', letter.image]], v.id);
    expect(result.files.map((f) => f.status)).toEqual(['imported', 'imported']);

    const dossier = unwrap(await engine.call('describe.dossier', { unitId: v.id }));
    expect(dossier.documents.map((d) => [d.title, d.author, d.refNumber, d.date])).toEqual(
      [circular, letter].map((s) => [s.description!.title, s.description!.author, s.description!.refNumber, s.description!.date]),
    );
    // Read off the scan, not yet confirmed by the clerk: marked on screen, counted as to confirm.
    expect(dossier.documents[0]!.suggested.sort()).toEqual(['author', 'date', 'refNumber', 'title']);
    expect([dossier.undescribed, dossier.unconfirmed]).toEqual([0, 2]);

    const binder = await printBinder(engine, v.id);
    for (const s of [circular, letter]) {
      expect(binder.text).toContain(s.description!.title);
      expect(binder.text).toContain(s.description!.date);
      expect(binder.text).toContain(s.description!.refNumber);
    }
    expect(binder.text).not.toMatch(/scan1|IMG_0002/);
    // 案卷封面: from the earlier to the later 成文日期.
    const [from, to] = [circular.description!.date, letter.description!.date].sort();
    expect(binder.text).toContain(`${from}—${to}`);
    expect(binder.warnings).toEqual([]);
  }, 240_000);

  it('warns before printing about a document still titled by its file name, and counts it as not described', async () => {
    const engine = tempEngine();
    const v = village(engine);
    const db = engine.lib.db;
    const sha = engine.lib.files.put(Buffer.from('scan'));
    db.prepare("INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, 4, 'image/jpeg')").run(sha);
    const id = Number(db.prepare("INSERT INTO document (unit_id, item, title, source, source_name) VALUES (?, ?, '扫描件 3', 'file', '扫描件 3')").run(v.id, ITEM).lastInsertRowid);
    db.prepare('INSERT INTO page (document_id, seq, master_sha256, ocr_status) VALUES (?, 1, ?, ?)').run(id, sha, 'done');
    const dossier = unwrap(await engine.call('describe.dossier', { unitId: v.id }));
    expect(dossier.undescribed).toBe(1);
    expect(dossier.documents[0]!.missing).toEqual(['题名仍是文件名', '缺责任者', '缺成文日期']);
    const binder = await printBinder(engine, v.id);
    expect(binder.warnings).toEqual([`${v.archive_code} 第1件“扫描件 3”：题名仍是文件名、缺责任者、缺成文日期`]);

    // 检查: a completeness figure and one finding for the village, closed once the document is described.
    unwrap(await engine.call('check.run', {}));
    expect(unwrap(await engine.call('check.summary', { unitId: v.id })).description).toEqual({ documents: 1, undescribed: 1 });
    const open = unwrap(await engine.call('problems.list', { unitId: v.id, status: 'open' })).problems.filter((p) => p.ruleId === 'A5');
    expect(open.map((p) => p.description)).toEqual(['桃园村有1件文件未著录（共1件）：题名仍是文件名，或缺责任者、成文日期']);
    const [d] = dossier.documents;
    unwrap(await engine.call('describe.save', { unitId: v.id, rows: [{ ...row(d!), title: '桃园村贫困户识别公示', author: '桃园村村民委员会', date: '20190401' }] }));
    unwrap(await engine.call('check.run', {}));
    expect(unwrap(await engine.call('check.summary', { unitId: v.id })).description).toEqual({ documents: 1, undescribed: 0 });
    // Described: the check no longer finds it; the problem waits for a reviewer's acceptance (已整改待验收).
    const a5 = unwrap(await engine.call('problems.list', { unitId: v.id, status: 'open' })).problems.filter((p) => p.ruleId === 'A5');
    expect(a5.map((p) => p.stage)).toEqual(['rectified']);
  });
});

describe('the description grid', () => {
  async function dossierOfThree(engine: Engine) {
    const v = village(engine);
    const db = engine.lib.db;
    const sha = engine.lib.files.put(Buffer.from('scan'));
    db.prepare("INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, 4, 'image/jpeg')").run(sha);
    const texts = [
      '青山镇人民政府文件\n青政发〔2019〕12号\n关于做好脱贫攻坚档案整理工作的通知\n各村:\n请按要求整理。\n青山镇人民政府\n二〇一九年四月二日',
      '桃园村贫困户识别公示\n现予以公示。\n桃园村村民委员会\n2019年5月6日',
      '',
    ];
    for (const [i, text] of texts.entries()) {
      const name = `scan${i + 1}`;
      const id = Number(db.prepare("INSERT INTO document (unit_id, item, title, source, source_name) VALUES (?, ?, ?, 'file', ?)").run(v.id, ITEM, name, name).lastInsertRowid);
      db.prepare("INSERT INTO page (document_id, seq, master_sha256, ocr_status) VALUES (?, 1, ?, 'pending')").run(id, sha);
      const page = (db.prepare('SELECT id FROM page WHERE document_id = ?').get(id) as { id: number }).id;
      // As the OCR service stores a page: the document is described once its last page is read.
      db.prepare("UPDATE page SET ocr_status = 'done', ocr_text = ? WHERE id = ?").run(text, page);
      const { prefillDescription } = await import('../../engine/describe/store');
      prefillDescription(fixtureWriter(db), id);
    }
    return v;
  }

  it('refuses the whole save when one cell is wrong, naming the row and the column in Chinese', async () => {
    const engine = tempEngine();
    const v = await dossierOfThree(engine);
    const before = unwrap(await engine.call('describe.dossier', { unitId: v.id }));
    const rows = before.documents.map(row);
    rows[0] = { ...rows[0]!, author: '青山镇政府' };
    rows[2] = { ...rows[2]!, title: '村民代表会议记录', date: '20190230' };
    const res = await engine.call('describe.save', { unitId: v.id, rows });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.error.message).toBe('有 1 处填写有误，未保存。第3行成文日期：没有这一天');
    expect(res.error.fields).toEqual({ [`${rows[2]!.id}.date`]: '没有这一天' });
    // Nothing was written, not even the good row.
    expect(unwrap(await engine.call('describe.dossier', { unitId: v.id })).documents).toEqual(before.documents);
  });

  it('saves edits and the new 件号 order in one go; an edited field is no longer a suggestion, a confirmed row has none', async () => {
    const engine = tempEngine();
    const v = await dossierOfThree(engine);
    const before = unwrap(await engine.call('describe.dossier', { unitId: v.id }));
    expect(before.documents.map((d) => d.suggested.length)).toEqual([4, 3, 0]);
    const [a, b, c] = before.documents.map(row) as [ReturnType<typeof row>, ReturnType<typeof row>, ReturnType<typeof row>];
    const after = unwrap(
      await engine.call('describe.save', {
        unitId: v.id,
        rows: [
          { ...a, author: '青山镇人民政府办公室' },
          { ...b, confirmed: true },
          { ...c, title: '[桃园村村民代表会议记录]', author: '桃园村村民委员会', date: '20190500', retention: 'D30' },
        ],
        order: [c.id, a.id, b.id],
      }),
    )!;
    expect(after.documents.map((d) => [d.pieceNo, d.title, d.date, d.retention])).toEqual([
      [1, '[桃园村村民代表会议记录]', '20190500', 'D30'],
      [2, '关于做好脱贫攻坚档案整理工作的通知', '20190402', 'Y'],
      [3, '桃园村贫困户识别公示', '20190506', 'Y'],
    ]);
    expect(after.documents.map((d) => d.suggested.sort())).toEqual([[], ['date', 'refNumber', 'title'], []]);
    expect([after.undescribed, after.unconfirmed]).toEqual([0, 1]);
    // The trail has the clerk's description, old → new.
    const history = engine.lib.db.prepare("SELECT after FROM audit WHERE tbl = 'document' AND row_id = ? ORDER BY id DESC LIMIT 1").get(c.id) as { after: string };
    expect(JSON.parse(history.after)).toMatchObject({ author: '桃园村村民委员会', doc_date: '20190500', retention: 'D30', piece_no: 1 });
  });

  it('never overwrites what the clerk described when the text is read again', async () => {
    const engine = tempEngine();
    const v = await dossierOfThree(engine);
    const [a] = unwrap(await engine.call('describe.dossier', { unitId: v.id })).documents.map(row);
    unwrap(await engine.call('describe.save', { unitId: v.id, rows: [{ ...a!, title: '关于档案整理的通知', date: '20190403' }] }));
    const page = (engine.lib.db.prepare('SELECT id FROM page WHERE document_id = ?').get(a!.id) as { id: number }).id;
    // The clerk corrects the page text: the suggestions still open follow it, the clerk's own values stay.
    unwrap(await engine.call('pages.correct', { pageId: page, text: '青山镇人民政府文件\n青政发〔2019〕13号\n关于做好档案整理工作的通知\n青山镇党委\n2019年4月5日' }));
    const d = unwrap(await engine.call('describe.get', { id: a!.id }));
    expect([d.title, d.date, d.refNumber, d.author]).toEqual(['关于档案整理的通知', '20190403', '青政发〔2019〕13号', '青山镇党委']);
  });
});
