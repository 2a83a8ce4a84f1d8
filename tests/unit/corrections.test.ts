// Safe corrections (issue 15 item 3): household and member data, 户类型 as dated events, the 回收站 and moving a
// document — each refused without a reason, each leaving the reason in the 操作记录 beside the old and new values.
import { describe, expect, it } from 'vitest';
import { createEngine, unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { storeBlob } from '../../engine/library/blobs';
import { openLibrary } from '../../engine/library/library';
import { join } from 'node:path';
import { tempDir, tempEngine } from './helpers';
import { summary } from '../../shared/auditText';
import { fixtureWriter } from '../fixtureWriter';

function household(engine: Engine) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
  const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村' });
  const h = createUnit(fixtureWriter(db), { parentId: village.id, tier: 'household', name: '王芳' });
  db.prepare("INSERT INTO household (unit_id, household_no, phone, declared_size, natural_village) VALUES (?, '3601241012010001', '13812345678', 2, '上庄')").run(h.id);
  const head = Number(db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, '王芳', '11010519491231002X', '户主')").run(h.id).lastInsertRowid);
  const son = Number(db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 2, '李明', '110105197001010016', '之子')").run(h.id).lastInsertRowid);
  return { village, household: h, head, son };
}

/** A document of `pages` pages, each with its own master image plus one master shared with `shareWith`. */
function documentWithPages(engine: Engine, unitId: number | null, item: string | null, title: string, masters: string[]) {
  const db = engine.lib.db;
  const doc = Number(db.prepare("INSERT INTO document (unit_id, item, title, source) VALUES (?, ?, ?, 'file')").run(unitId, item, title).lastInsertRowid);
  masters.forEach((sha, i) => db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (?, ?, ?)').run(doc, i + 1, sha));
  return doc;
}

const ITEM = '户档材料/贫困户申请书';

describe('household and member corrections', () => {
  it('changes 自然村, 电话 and 人数 with a reason, and the history shows old → new and the reason', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    const refused = await engine.call('household.correct', { id: h.id, phone: '13900001111', reason: '' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toContain('更正理由');
    const bad = await engine.call('household.correct', { id: h.id, phone: '1390000', reason: '户主换了号码' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('电话号码格式不对');

    const detail = unwrap(await engine.call('household.correct', { id: h.id, phone: '139 0000 1111', naturalVillage: '下庄', declaredSize: 3, reason: '户主换了号码，搬到下庄' }));
    expect(detail).toMatchObject({ phone: '13900001111', naturalVillage: '下庄', declaredSize: 3 });
    const entries = unwrap(await engine.call('audit.history', { unitId: h.id })).entries;
    const change = entries.find((e) => e.table === 'household' && e.what === '修改户信息')!;
    expect(change.changes.map((c) => c.field).sort()).toEqual(['declared_size', 'natural_village', 'phone']);
    const why = entries.find((e) => e.what === '更正户信息')!;
    expect(summary(why)).toContain('理由：户主换了号码，搬到下庄');
  });

  it('checks a corrected ID number per GB 11643 and takes 性别 and 出生日期 from it', async () => {
    const engine = tempEngine();
    const { head, son } = household(engine);
    const wrongCheck = await engine.call('member.correct', { memberId: son, idNumber: '110105197001010017', reason: '抄错一位' });
    expect(wrongCheck.ok).toBe(false);
    if (!wrongCheck.ok) expect(wrongCheck.error.message).toContain('校验位');
    const taken = await engine.call('member.correct', { memberId: son, idNumber: '11010519491231002X', reason: '抄错一位' });
    expect(taken.ok).toBe(false);
    if (!taken.ok) expect(taken.error.message).toContain('已属于');

    const detail = unwrap(await engine.call('member.correct', { memberId: son, idNumber: '11010519800202004 8', name: '李敏', reason: '按户口簿更正' }));
    const member = detail.members.find((m) => m.id === son)!;
    expect(member).toMatchObject({ name: '李敏', sex: '女', birthDate: '1980-02-02', idNumberMasked: '1101**********0048' });
    // Exactly one 户主: the head cannot be changed away while nobody else is head, nor a second one made.
    const noHead = await engine.call('member.correct', { memberId: head, relation: '配偶', reason: '户主变更' });
    expect(noHead.ok).toBe(false);
    const twoHeads = await engine.call('member.correct', { memberId: son, relation: '户主', reason: '户主变更' });
    expect(twoHeads.ok).toBe(false);
    if (!twoHeads.ok) expect(twoHeads.error.message).toContain('原户主');
  });
});

describe('户类型 as dated events (动态调整)', () => {
  it('records the date, reason and who; the household and the ledgers follow; a later event cannot predate it', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    const unconfirmed = await engine.call('household.changeStatus', { id: h.id, status: 'monitored', effectiveDate: '2020-06-01', reason: '因病返贫风险', confirmed: false as never });
    expect(unconfirmed.ok).toBe(false);
    unwrap(await engine.call('household.changeStatus', { id: h.id, status: 'stable', effectiveDate: '2019-12-20', reason: '2019年脱贫', confirmed: true }));
    const detail = unwrap(await engine.call('household.changeStatus', { id: h.id, status: 'monitored', effectiveDate: '2020-06-01', reason: '因病返贫风险', confirmed: true }));
    expect(detail.status).toBe('monitored');
    const events = unwrap(await engine.call('household.statusEvents', { id: h.id }));
    expect(events.map((e) => [e.effectiveDate, e.from, e.to, e.reason])).toEqual([
      ['2020-06-01', 'stable', 'monitored', '因病返贫风险'],
      ['2019-12-20', 'ordinary', 'stable', '2019年脱贫'],
    ]);
    expect(events[0]!.recordedBy).toMatch(/^命令行/);
    const earlier = await engine.call('household.changeStatus', { id: h.id, status: 'returned', effectiveDate: '2020-01-01', reason: '补录', confirmed: true });
    expect(earlier.ok).toBe(false);
    if (!earlier.ok) expect(earlier.error.message).toContain('2020-06-01');
    // The four ledgers read the household's current 户类型: it is on the 监测户 sheet now.
    const ledger = unwrap(await engine.call('ledger.export', { unitId: h.id, kind: 'households', format: 'xlsx' }));
    const ExcelJS = (await import('exceljs')).default;
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(ledger.contentBase64, 'base64') as never);
    const monitored = book.worksheets.find((w) => w.name.includes('监测'))!;
    const cells: string[] = [];
    monitored.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells.join(' ')).toContain('3601241012010001');
    const history = unwrap(await engine.call('audit.history', { unitId: h.id })).entries;
    expect(summary(history.find((e) => e.what === '户类型调整')!)).toBe('调整日期：2020-06-01，原：稳定脱贫户，改为：监测户，理由：因病返贫风险');
  });
});

describe('回收站 and moving a document', () => {
  it('a withdrawn document leaves its unit and the search, waits in the bin, and comes back where it was', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    const sha = storeBlob(engine.lib, Buffer.from('scan-1'), 'image/png');
    const doc = documentWithPages(engine, h.id, ITEM, '王芳的申请书', [sha]);
    engine.lib.db.prepare("UPDATE page SET ocr_text = '申请书 王芳 申请纳入', ocr_status = 'done' WHERE document_id = ?").run(doc);
    expect(unwrap(await engine.call('search.documents', { query: '申请纳入' })).total).toBe(1);

    expect((await engine.call('documents.withdraw', { id: doc, reason: '' })).ok).toBe(false);
    unwrap(await engine.call('documents.withdraw', { id: doc, reason: '重复扫描' }));
    expect(unwrap(await engine.call('documents.list', { unitId: h.id }))).toEqual([]);
    expect(unwrap(await engine.call('documents.list', { unitId: null }))).toEqual([]);
    expect(unwrap(await engine.call('search.documents', { query: '申请纳入' })).total).toBe(0);
    const bin = unwrap(await engine.call('recycleBin.list', {}));
    expect(bin).toMatchObject([{ documentId: doc, title: '王芳的申请书', pages: 1, reason: '重复扫描', formerPlace: '示例县 / 青山镇 / 桃园村 / 王芳 · 贫困户申请书' }]);

    unwrap(await engine.call('recycleBin.restore', { documentId: doc }));
    expect(unwrap(await engine.call('documents.list', { unitId: h.id })).map((d) => [d.id, d.item])).toEqual([[doc, ITEM]]);
    expect(unwrap(await engine.call('recycleBin.list', {}))).toEqual([]);
    expect(unwrap(await engine.call('search.documents', { query: '申请纳入' })).total).toBe(1);
  });

  it('purging removes the rows and the files no other document uses, after a confirmation, by an administrator only', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    const own = storeBlob(engine.lib, Buffer.from('only-mine'), 'image/png');
    const shared = storeBlob(engine.lib, Buffer.from('shared-scan'), 'image/png');
    const doc = documentWithPages(engine, h.id, ITEM, '申请书', [own, shared]);
    const other = documentWithPages(engine, h.id, ITEM, '申请书副本', [shared]);
    unwrap(await engine.call('documents.withdraw', { id: doc, reason: '扫错了' }));
    expect((await engine.call('recycleBin.purge', { documentId: doc, confirmed: false as never })).ok).toBe(false);
    expect(unwrap(await engine.call('recycleBin.purge', { documentId: doc, confirmed: true }))).toEqual({ filesRemoved: 1 });
    expect(engine.lib.files.has(own)).toBe(false);
    expect(engine.lib.files.has(shared)).toBe(true);
    expect(unwrap(await engine.call('documents.get', { id: other })).pageCount).toBe(1);
    expect((await engine.call('documents.get', { id: doc })).ok).toBe(false);
    const history = unwrap(await engine.call('audit.history', { documentId: doc })).entries.map((e) => e.what);
    expect(history).toEqual(expect.arrayContaining(['删除文件（移入回收站）', '从回收站彻底删除文件']));

    // With sessions a clerk may withdraw but not restore or purge.
    const lib = openLibrary(join(tempDir(), 'library'), { create: true });
    const guarded = createEngine(lib, { auth: 'sessions' });
    try {
      const setup = unwrap(await guarded.call('auth.setup', { username: 'admin', displayName: '管理员', password: 'correct horse' }));
      unwrap(await guarded.call('users.create', { username: 'clerk', displayName: '录入员甲', role: 'clerk', password: 'correct horse' }, setup.session));
      const clerk = unwrap(await guarded.call('auth.login', { username: 'clerk', password: 'correct horse' }));
      const denied = await guarded.call('recycleBin.purge', { documentId: 1, confirmed: true }, clerk.session);
      expect(denied.ok).toBe(false);
      if (!denied.ok) expect(denied.error.code).toBe('FORBIDDEN');
    } finally {
      guarded.close();
    }
  });

  it('moving a document says from where to where and why, and completeness follows', async () => {
    const engine = tempEngine();
    const { household: h, village } = household(engine);
    const doc = documentWithPages(engine, h.id, ITEM, '村民代表大会记录', [storeBlob(engine.lib, Buffer.from('x'), 'image/png')]);
    const items = unwrap(await engine.call('documents.items', { unitId: village.id }));
    const target = items.find((i) => i.includes('会议记录'))!;
    expect((await engine.call('documents.move', { id: doc, unitId: village.id, item: target, reason: '' })).ok).toBe(false);
    const moved = unwrap(await engine.call('documents.move', { id: doc, unitId: village.id, item: target, reason: '是村级会议记录，归错到户' }));
    expect(moved).toMatchObject({ unitId: village.id, item: target });
    const entry = unwrap(await engine.call('audit.history', { documentId: doc })).entries.find((e) => e.what === '移动文件')!;
    expect(summary(entry)).toBe(
      `文件：村民代表大会记录，原：示例县 / 青山镇 / 桃园村 / 王芳 · 贫困户申请书，改为：示例县 / 青山镇 / 桃园村 · ${target.slice(target.indexOf('/') + 1)}，理由：是村级会议记录，归错到户`,
    );
  });
});
