// Helping the clerk file and fill in: the template item a scanned document probably belongs to, and the form fields
// its OCR text states — from the text of real-looking dossier pages (the sample scans' ground truth stands in for
// OCR here, so no OCR runs).
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { prefillForm } from '../../engine/validate/prefill';
import { renderScan, type PageKind } from '../fixtures/scans';
import { tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const truth = async (kind: PageKind, seed = 3) => (await renderScan({ kind, seed })).truth;

function units(engine: Engine) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '东岭乡' });
  const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '龙泉村' });
  db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (?, 'household', '何忠贵', '0001', 'JF02·x-0001')").run(village.id);
  const household = (db.prepare("SELECT id FROM unit WHERE tier = 'household'").get() as { id: number }).id;
  db.prepare("INSERT INTO household (unit_id, household_no) VALUES (?, '4199991012010001')").run(household);
  return { village: village.id, household };
}

/** A scanned document in the inbox whose first page reads `text`. */
function scanned(engine: Engine, title: string, text: string): number {
  const db = engine.lib.db;
  const sha = engine.lib.files.put(Buffer.from(title + text));
  db.prepare("INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, 1, 'image/jpeg')").run(sha);
  const id = Number(db.prepare("INSERT INTO document (title, source) VALUES (?, 'hotFolder')").run(title).lastInsertRowid);
  db.prepare("INSERT INTO page (document_id, seq, master_sha256, ocr_status, ocr_text) VALUES (?, 1, ?, 'done', ?)").run(id, sha, text);
  return id;
}

describe('filing suggestions', () => {
  it('points a scan named only by the scanner to the item its text says it is', async () => {
    const engine = tempEngine();
    const { village, household } = units(engine);
    const suggest = async (id: number, unitId: number) => unwrap(await engine.call('documents.suggest', { id, unitId }));
    const application = scanned(engine, '扫描0001', await truth('application'));
    expect((await suggest(application, household))[0]).toEqual({ item: '村级户档/贫困户申请书', reason: '文字含“申请书”' });
    const notice = scanned(engine, '扫描0002', await truth('notice'));
    expect((await suggest(notice, village))[0]!.item).toBe('公示公告/贫困户识别两公示一公告');
    const minutes = scanned(engine, '扫描0003', await truth('minutes'));
    expect((await suggest(minutes, village))[0]!.item).toBe('工作记录/村级会议记录(含四议两公开)');
    // The title counts for more than the text.
    const titled = scanned(engine, '驻村工作队工作日志', '今日入户走访三户。');
    expect((await suggest(titled, village))[0]).toEqual({ item: '工作记录/驻村工作队工作日志', reason: '题名含“工作日志”' });
  });
});

describe('form fields from OCR text', () => {
  it('reads the applicant and the signing date of an application (not the birth date)', async () => {
    const text = await truth('application');
    const name = /本人(\p{Script=Han}{2,3})，/u.exec(text)![1];
    const signed = [...text.matchAll(/(\d{4})年(\d{1,2})月(\d{1,2})日/g)].at(-1)!;
    expect(prefillForm('application', text)).toEqual({ applicant: name, date: `${signed[1]}-${signed[2]!.padStart(2, '0')}-${signed[3]!.padStart(2, '0')}` });
  });

  it('reads a meeting record’s date, kind and attendance, and a notice’s kind, date and period in Chinese numerals', async () => {
    const minutes = await truth('minutes');
    const due = Number(/应到代表(\d+)人/.exec(minutes)![1]);
    const present = Number(/实到代表(\d+)人/.exec(minutes)![1]);
    expect(prefillForm('meeting', minutes)).toMatchObject({ stage: '决议', due, present });
    expect(prefillForm('meeting', minutes)).not.toHaveProperty('votesFor');
    const notice = await truth('notice');
    expect(prefillForm('notice', notice)).toMatchObject({ kind: '第一次公示', periodDays: 7 });
    expect(prefillForm('notice', '第二次公示……公示期为十五天。\n2019年4月1日')).toEqual({ kind: '第二次公示', periodDays: 15, date: '2019-04-01', round: 2019 });
  });

  it('reads what clerks\' forms actually say: dates and counts in Chinese numerals, names beside their labels in tables', () => {
    expect(prefillForm('application', '贫困户申请书\n户主姓名 张三 性别 男\n家庭人口 三人\n申请人:\n二〇一九年四月二日')).toEqual({ applicant: '张三', date: '2019-04-02' });
    expect(prefillForm('application', '户主:李四\n2019.4.2')).toEqual({ applicant: '李四', date: '2019-04-02' });
    expect(prefillForm('meeting', '村民代表会议记录\n时间:二〇一九年三月十二日\n应到代表三十九人,实到代表三十五人,签到三十五人。\n同意三十四票,反对一票。')).toMatchObject({
      date: '2019-03-12',
      due: 39,
      present: 35,
      signedIn: 35,
      votesFor: 34,
      votesAgainst: 1,
      round: 2019,
    });
    expect(prefillForm('survey', '贫困户信息采集表\n户主姓名|王五|家庭人口|五人')).toEqual({ members: 5 });
    expect(prefillForm('survey', '家庭共有人口十二人')).toEqual({ members: 12 });
    // A 公示's table, row by row as OCR reads it (ID numbers whole or masked).
    const notice = '桃园村贫困户识别公示\n序号 户主姓名 公民身份号码 人口 致贫原因\n1 张三 41999919650412003X 4 因病\n2 欧阳春花 4199**********1234 两人 缺劳力\n公示期七天。\n桃园村村民委员会\n二〇一九年四月一日';
    expect(prefillForm('notice', notice)).toMatchObject({
      kind: '第一次公示',
      date: '2019-04-01',
      periodDays: 7,
      households: [
        { head: '张三', size: 4, cause: '因病' },
        { head: '欧阳春花', size: 2, cause: '缺劳力' },
      ],
    });
  });
});
