// Migrations 0010–0060, each on a library built by the migrations before it with a clerk's data in it: what a
// user would lose if the migration broke — rows kept, rules enforced, triggers firing.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runAs, verifyAudit } from '../../engine/audit/trail';
import { migrate } from '../../engine/library/library';
import { MIGRATIONS } from '../../engine/library/migrations/index';

function databaseAt(version: number): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, null, MIGRATIONS.filter((m) => m.version <= version));
  return db;
}

function migrateTo(db: Database.Database, version: number): void {
  migrate(db, null, MIGRATIONS.filter((m) => m.version <= version));
  expect(db.pragma('user_version', { simple: true })).toBe(version);
}

const SHA_A = 'a'.repeat(64);

/** 示例县 → 青山镇 → 红旗村 → 张三's household (户编号 18 digits) with two members and a helper. */
function seedCatalog(db: Database.Database): void {
  db.exec(`
    INSERT INTO unit (id, parent_id, tier, name, code, code_official, archive_code) VALUES
      (1, NULL, 'county', '示例县', '990001', 1, 'JF·990001'),
      (2, 1, 'township', '青山镇', '101', 1, 'JF·990001101'),
      (3, 2, 'village', '红旗村', '201', 1, 'JF·990001101201'),
      (4, 3, 'household', '张三', '0001', 0, 'JF·990001101201-0001');
    INSERT INTO household (unit_id, household_no, natural_village, attribute, main_cause, exit_year, per_capita_income, phone, declared_size, status)
      VALUES (4, '990001101201000001', '上湾组', '一般贫困户', '因病', 2019, 6120.5, '13800000000', 2, 'stable');
    INSERT INTO member (id, household_id, seq, name, id_number, relation, sex, birth_date) VALUES
      (1, 4, 1, '张三', '11010519491231002X', '户主', '男', '1949-12-31'),
      (2, 4, 2, '李四', '110105195001010017', '配偶', '女', '1950-01-01');
  `);
}

describe('early migrations on libraries in use', () => {
  it('0010 makes the catalog: the four tiers in one tree, households with members and shared contact persons', () => {
    const db = databaseAt(10);
    seedCatalog(db);
    db.exec(`
      INSERT INTO contact_person (id, name, post, work_unit, phone) VALUES (1, '王帮扶', '科员', '县农业局', '13900000000');
      INSERT INTO household_contact (household_id, role, person_id) VALUES (4, 'helper', 1);
    `);
    // A county has no parent and nothing else lacks one.
    expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (NULL, 'village', '孤村', '999', 'JF·X')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (2, 'hamlet', '某组', '998', 'JF·Y')").run()).toThrow(/CHECK/);
    // 档号 and 户编号 are unique; two villages of one township cannot share a name, two households can.
    expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (2, 'village', '东风村', '202', 'JF·990001101201')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (2, 'village', '红旗村', '203', 'JF·990001101203')").run()).toThrow(/UNIQUE/);
    db.prepare("INSERT INTO unit (id, parent_id, tier, name, code, archive_code) VALUES (5, 3, 'household', '张三', '0002', 'JF·990001101201-0002')").run();
    expect(() => db.prepare("INSERT INTO household (unit_id, household_no) VALUES (5, '990001101201000001')").run()).toThrow(/UNIQUE/);
    // Members are numbered once per household.
    expect(() => db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (4, 2, '张小三', '110105200001010011', '之子')").run()).toThrow(/UNIQUE/);
    // A village with households cannot be deleted out from under them; a contact person serving a household neither.
    expect(() => db.prepare('DELETE FROM unit WHERE id = 3').run()).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('DELETE FROM contact_person WHERE id = 1').run()).toThrow(/FOREIGN KEY/);
    // Removing a household takes its members and links along, not the contact person who serves others too.
    db.prepare('DELETE FROM unit WHERE id = 4').run();
    expect(db.prepare('SELECT (SELECT count(*) FROM household) AS h, (SELECT count(*) FROM member) AS m, (SELECT count(*) FROM household_contact) AS c, (SELECT count(*) FROM contact_person) AS p').get()).toEqual({ h: 0, m: 0, c: 0, p: 1 });
  });

  it('0030 queues the documents a library already has for the first search, and its triggers queue every change', () => {
    const db = databaseAt(20);
    seedCatalog(db);
    db.exec(`
      INSERT INTO blob (sha256, size, mime) VALUES ('${SHA_A}', 1000, 'image/jpeg');
      INSERT INTO document (id, unit_id, item, title, source) VALUES (1, 4, '申请/申请书', '贫困户申请书', 'file'), (2, NULL, NULL, 'scan1', 'hotFolder');
      INSERT INTO page (id, document_id, seq, master_sha256, ocr_status, ocr_text) VALUES (1, 1, 1, '${SHA_A}', 'done', '本人张三申请');
    `);
    migrateTo(db, 30);
    const queue = () => db.prepare('SELECT kind, id FROM search_queue ORDER BY kind, id').all();
    expect(queue()).toEqual([{ kind: 'document', id: 1 }, { kind: 'document', id: 2 }]);
    expect(db.prepare('SELECT title FROM document WHERE id = 1').get()).toEqual({ title: '贫困户申请书' });
    db.exec('DELETE FROM search_queue');

    // New OCR text or a correction is queued; reordering pages is not (the hit reads seq).
    db.prepare("UPDATE page SET corrected_text = '本人张三自愿申请' WHERE id = 1").run();
    expect(queue()).toEqual([{ kind: 'page', id: 1 }]);
    db.exec('DELETE FROM search_queue');
    db.prepare('UPDATE page SET seq = 2 WHERE id = 1').run();
    expect(queue()).toEqual([]);
    // Filing an inbox document, renaming a village: both change what a search finds under a unit.
    db.prepare("UPDATE document SET unit_id = 4, item = '申请/申请书' WHERE id = 2").run();
    db.prepare("UPDATE unit SET name = '红星村' WHERE id = 3").run();
    expect(queue()).toEqual([{ kind: 'document', id: 2 }, { kind: 'unit', id: 3 }]);
    // An indexed page that is deleted can never be found again.
    db.prepare("INSERT INTO search_index (rowid, body, digits, title, place, scope) VALUES (1, '本人 人张', '', '', '', 'u4')").run();
    db.prepare('DELETE FROM page WHERE id = 1').run();
    expect(db.prepare("SELECT count(*) AS n FROM search_index WHERE search_index MATCH 'u4'").get()).toEqual({ n: 0 });
  });

  it('0040 keeps a scanner folder per computer sharing the library', () => {
    const db = databaseAt(30);
    seedCatalog(db);
    db.prepare("INSERT INTO meta (key, value) VALUES ('created_by', 'dangka 0.1.0')").run();
    migrateTo(db, 40);
    expect(db.prepare("SELECT value FROM meta WHERE key = 'created_by'").get()).toEqual({ value: 'dangka 0.1.0' });
    expect(db.prepare('SELECT count(*) AS n FROM member').get()).toEqual({ n: 2 });
    const put = db.prepare("INSERT OR REPLACE INTO workstation_setting (host, key, value) VALUES (?, 'hotFolder', ?)");
    put.run('dangan-pc1', '/home/clerk/扫描');
    put.run('dangan-pc2', 'D:\\扫描仪');
    put.run('dangan-pc1', '/media/usb/扫描');
    expect(db.prepare('SELECT host, value FROM workstation_setting ORDER BY host').all()).toEqual([
      { host: 'dangan-pc1', value: '/media/usb/扫描' },
      { host: 'dangan-pc2', value: 'D:\\扫描仪' },
    ]);
    expect(() => db.prepare("INSERT INTO workstation_setting (host, key, value) VALUES ('dangan-pc2', 'hotFolder', '/tmp')").run()).toThrow(/UNIQUE|PRIMARY KEY/);
  });

  it('0050 adds form records, the problem ledger and review sign-offs to a library with households and scans', () => {
    const db = databaseAt(40);
    seedCatalog(db);
    db.exec(`
      INSERT INTO blob (sha256, size, mime) VALUES ('${SHA_A}', 1000, 'image/jpeg');
      INSERT INTO document (id, unit_id, item, title, source) VALUES (1, 4, '申请/申请书', '贫困户申请书', 'file');
    `);
    migrateTo(db, 50);
    expect(db.prepare('SELECT title FROM document').get()).toEqual({ title: '贫困户申请书' });
    db.prepare("INSERT INTO form_record (id, unit_id, document_id, form_type, fields, source) VALUES (1, 4, 1, 'application', ?, 'manual')").run(
      JSON.stringify({ applicant: '张三', date: '2016-03-02' }),
    );
    // A withdrawn scan leaves the typed facts in place, no longer pointing at it.
    db.prepare('DELETE FROM document WHERE id = 1').run();
    expect(db.prepare('SELECT document_id, fields FROM form_record WHERE id = 1').get()).toEqual({ document_id: null, fields: '{"applicant":"张三","date":"2016-03-02"}' });
    expect(() => db.prepare("INSERT INTO form_record (unit_id, form_type, fields, source) VALUES (4, 'application', '{}', 'guess')").run()).toThrow(/CHECK/);

    // The same finding found again is the same problem.
    const problem = db.prepare("INSERT INTO problem (unit_id, rule_id, finding_key, severity, description) VALUES (4, 'D1', 'D1:4', 'error', '申请书日期晚于评议会议')");
    problem.run();
    expect(() => problem.run()).toThrow(/UNIQUE/);
    expect(db.prepare('SELECT status, created_by FROM problem').get()).toEqual({ status: 'open', created_by: '系统检查' });
    expect(() => db.prepare("INSERT INTO problem (unit_id, severity, description) VALUES (4, 'fatal', '缺')").run()).toThrow(/CHECK/);
    // 核查 → 复核 → 审核 with 通过 or 不通过 only.
    db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result, note) VALUES (3, '核查', '李核查', '不通过', '缺公示照片')").run();
    expect(() => db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result) VALUES (3, '验收', '李核查', '通过')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result) VALUES (3, '复核', '李核查', '基本通过')").run()).toThrow(/CHECK/);
    // Removing a household takes its forms, problems and check results along.
    db.prepare("INSERT INTO check_result (unit_id, required, present, errors, warnings, checked_at) VALUES (4, 10, 7, 1, 0, '2020-05-01')").run();
    db.prepare('DELETE FROM unit WHERE id = 4').run();
    expect(db.prepare('SELECT (SELECT count(*) FROM form_record) AS f, (SELECT count(*) FROM problem) AS p, (SELECT count(*) FROM check_result) AS c').get()).toEqual({ f: 0, p: 0, c: 0 });
  });

  it('0060 keeps the rows it finds unrecorded and puts every later change in a hash-chained trail, signed by who made it', () => {
    const db = databaseAt(50);
    seedCatalog(db);
    migrateTo(db, 60);
    // What was there before the trail existed is kept, with no invented history.
    expect(db.prepare('SELECT count(*) AS n FROM member').get()).toEqual({ n: 2 });
    expect(db.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 0 });

    const clerk = { userId: 1, name: '王录入（录入员）', displayName: '王录入', role: 'clerk' as const, action: 'household.correct' };
    runAs(clerk, () => {
      db.prepare("UPDATE member SET name = '李思' WHERE id = 2").run();
      db.prepare("UPDATE household SET phone = '13811111111' WHERE unit_id = 4").run();
    });
    // An update that changes nothing leaves no record.
    db.prepare("UPDATE member SET name = '李思' WHERE id = 2").run();
    const rows = db.prepare('SELECT actor, action, tbl, op, row_id, unit_id, before, after FROM audit ORDER BY id').all() as Record<string, unknown>[];
    expect(rows.map((r) => [r.actor, r.action, r.tbl, r.op, r.row_id, r.unit_id])).toEqual([
      ['王录入（录入员）', 'household.correct', 'member', 'update', 2, 4],
      ['王录入（录入员）', 'household.correct', 'household', 'update', 4, 4],
    ]);
    expect(JSON.parse(rows[0]!.before as string)).toMatchObject({ name: '李四' });
    expect(JSON.parse(rows[0]!.after as string)).toMatchObject({ name: '李思' });

    // A password change is recorded without the hash; user names are unique whatever their case.
    db.prepare("INSERT INTO app_user (id, username, display_name, role, password_hash) VALUES (1, 'wang', '王录入', 'clerk', 'scrypt$1')").run();
    db.prepare("UPDATE app_user SET password_hash = 'scrypt$2' WHERE id = 1").run();
    expect(db.prepare("SELECT count(*) AS n FROM audit WHERE tbl = 'app_user' AND (before LIKE '%scrypt%' OR after LIKE '%scrypt%')").get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT op FROM audit WHERE tbl = 'app_user' ORDER BY id").all()).toEqual([{ op: 'insert' }, { op: 'update' }]);
    expect(() => db.prepare("INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('WANG', '王二', 'clerk', 'x')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('zhao', '赵', 'boss', 'x')").run()).toThrow(/CHECK/);

    // The chain holds, and a record changed behind Dangka's back is named.
    expect(verifyAudit(db)).toMatchObject({ records: 4, ok: true });
    db.prepare("UPDATE audit SET actor = '系统' WHERE id = 1").run();
    const report = verifyAudit(db);
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.message).toMatch(/第 1 条记录.*被改动过/);
  });
});
