// 全程留痕 and 谁签字谁负责: every change leaves a hash-chained record in the same transaction, tampering behind
// Dangka's back is found, and with sessions (the app, `dangka serve`) nothing happens without a signed-in user
// whose role allows it — signatures carry the signed-in name.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unwrap, createEngine, type Engine } from '../../engine/api/engine';
import { Sessions } from '../../engine/auth/sessions';
import { createUnit } from '../../engine/catalog/units';
import { DB_FILE, openLibrary } from '../../engine/library/library';
import { tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

function household(engine: Engine) {
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
  const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村' });
  const h = createUnit(fixtureWriter(db), { parentId: village.id, tier: 'household', name: '王芳' });
  db.prepare("INSERT INTO household (unit_id, household_no, phone) VALUES (?, '3601241012010001', '13812345678')").run(h.id);
  db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, '王芳', '11010519491231002X', '户主')").run(h.id);
  return { village, household: h };
}

function sessionEngine(): Engine {
  const engine = createEngine(openLibrary(join(tempDir(), 'library'), { create: true }), { auth: 'sessions' });
  return engine;
}

describe('audit trail', () => {
  it('records who changed what, before and after, and shows it masked in the unit history', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    unwrap(await engine.call('household.setStatus', { id: h.id, status: 'monitored' }));
    const history = unwrap(await engine.call('audit.history', { unitId: h.id }));
    const change = history.entries.find((e) => e.table === 'household' && e.what === '修改户信息')!;
    expect(change.actor).toMatch(/^命令行（.+）$/);
    expect(change.action).toBe('household.setStatus');
    expect(change.changes).toEqual([{ field: 'status', before: 'ordinary', after: 'monitored' }]);
    // Lists mask: the member's ID number and the phone appear masked in the history.
    const json = JSON.stringify(history);
    expect(json).not.toContain('11010519491231002X');
    expect(json).toContain('1101**********002X');
    expect(json).not.toContain('13812345678');
    // A 户编号 is a code, not a person's number: whole, though it is as long as an old ID number.
    expect(history.entries.find((e) => e.what === '新增户信息')!.after!.household_no).toBe('3601241012010001');
  });

  it('a household’s history shows its contact person’s new phone, and ID numbers typed into free text are masked', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    const assigned = unwrap(await engine.call('contact.assign', { householdId: h.id, role: 'helper', person: { name: '赵帮扶', post: '科员', phone: '13900001111' } }));
    const personId = assigned.contacts.helper!.id;
    unwrap(await engine.call('contact.update', { personId, person: { name: '赵帮扶', post: '科员', phone: '13900002222' } }));
    const doc = Number(engine.lib.db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '申请书', 'file')").run(h.id).lastInsertRowid);
    engine.lib.db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 0, 'image/png')").run('a'.repeat(64));
    const page = Number(engine.lib.db.prepare("INSERT INTO page (document_id, seq, master_sha256) VALUES (?, 1, ?)").run(doc, 'a'.repeat(64)).lastInsertRowid);
    unwrap(await engine.call('pages.correct', { pageId: page, text: '申请人王芳，身份证号11010519491231002X' }));

    const entries = unwrap(await engine.call('audit.history', { unitId: h.id })).entries;
    const phone = entries.find((e) => e.table === 'contact_person' && e.what === '修改联系人')!;
    expect(phone.changes).toEqual([{ field: 'phone', before: '139****1111', after: '139****2222' }]);
    const corrected = unwrap(await engine.call('audit.history', { documentId: doc })).entries.find((e) => e.table === 'page' && e.what === '修改页')!;
    expect(corrected.changes).toEqual([{ field: 'corrected_text', before: null, after: '申请人王芳，身份证号1101**********002X' }]);
  });

  it('names what an id points to: the contact person swapped in, the document whose pages were merged in and deleted', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    unwrap(await engine.call('contact.assign', { householdId: h.id, role: 'helper', person: { name: '赵帮扶', post: '科员', phone: '13900001111' } }));
    unwrap(await engine.call('contact.assign', { householdId: h.id, role: 'helper', person: { name: '钱接替', post: '干部', phone: '13900003333' } }));
    const history = unwrap(await engine.call('audit.history', { unitId: h.id }));
    const swap = history.entries.find((e) => e.table === 'household_contact' && e.changes.some((c) => c.field === 'person_id'))!;
    const change = swap.changes.find((c) => c.field === 'person_id')!;
    expect(history.refs[`person_id:${String(change.before)}`]).toBe('赵帮扶');
    expect(history.refs[`person_id:${String(change.after)}`]).toBe('钱接替');

    engine.lib.db.prepare("INSERT INTO blob (sha256, size, mime) VALUES (?, 0, 'image/png')").run('b'.repeat(64));
    const makeDoc = (title: string) => {
      const doc = Number(engine.lib.db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, ?, 'file')").run(h.id, title).lastInsertRowid);
      engine.lib.db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (?, 1, ?)').run(doc, 'b'.repeat(64));
      return doc;
    };
    const kept = makeDoc('入户调查表第一页');
    const merged = makeDoc('入户调查表第二页');
    unwrap(await engine.call('documents.merge', { id: kept, otherId: merged }));
    const docHistory = unwrap(await engine.call('audit.history', { documentId: kept }));
    expect(docHistory.entries.some((e) => e.changes.some((c) => c.field === 'document_id' && c.before === merged))).toBe(true);
    expect(docHistory.refs[`document_id:${merged}`]).toBe('入户调查表第二页（已删除）');
    expect(docHistory.refs[`document_id:${kept}`]).toBe('入户调查表第一页');
  });

  it('writes nothing for a change that is rolled back: the record is in the same transaction', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    const count = () => (engine.lib.db.prepare('SELECT count(*) AS n FROM audit').get() as { n: number }).n;
    const before = count();
    expect(() =>
      engine.lib.db.transaction(() => {
        engine.lib.db.prepare("UPDATE household SET status = 'returned' WHERE unit_id = ?").run(h.id);
        throw new Error('导入中途出错');
      })(),
    ).toThrow('导入中途出错');
    expect(count()).toBe(before);
    expect((engine.lib.db.prepare('SELECT status FROM household WHERE unit_id = ?').get(h.id) as { status: string }).status).toBe('ordinary');
  });

  it('audit verify names a record changed or deleted behind Dangka’s back, and a deleted last record', async () => {
    const engine = tempEngine();
    const { household: h } = household(engine);
    for (const status of ['stable', 'monitored', 'returned', 'marginal'] as const) unwrap(await engine.call('household.setStatus', { id: h.id, status }));
    expect(unwrap(await engine.call('audit.verify', {}))).toMatchObject({ ok: true, problems: [] });
    const records = unwrap(await engine.call('audit.verify', {})).records;

    // Someone opens dangka.sqlite with another tool: no Dangka functions on that connection.
    const raw = new Database(join(engine.lib.dir, DB_FILE));
    try {
      // Writing an audited table there fails rather than go unrecorded.
      expect(() => raw.prepare("UPDATE household SET status = 'stable' WHERE unit_id = ?").run(h.id)).toThrow(/dangka_/);
      raw.prepare("UPDATE audit SET after = replace(after, 'returned', 'stable') WHERE id = ?").run(records - 1);
      raw.prepare('DELETE FROM audit WHERE id = ?').run(records - 3);
      raw.prepare('DELETE FROM audit WHERE id = ?').run(records);
    } finally {
      raw.close();
    }
    const report = unwrap(await engine.call('audit.verify', {}));
    expect(report.ok).toBe(false);
    expect(report.problems.map((p) => p.message)).toEqual([
      `第 ${records - 3} 条记录被删除`,
      expect.stringMatching(new RegExp(`^第 ${records - 1} 条记录（.+，命令行（.+））被改动过$`)),
      `最后的第 ${records} 条记录被删除`,
    ]);
  });
});

describe('accounts and sessions', () => {
  it('the first run creates the administrator; nothing but auth works without signing in', async () => {
    const engine = sessionEngine();
    expect(unwrap(await engine.call('auth.status', {}))).toMatchObject({ needsSetup: true, user: null });
    const denied = await engine.call('catalog.children', { parentId: null });
    expect(denied).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED', message: '请先登录' } });

    const weak = await engine.call('auth.setup', { username: 'admin', displayName: '张管理', password: 'short' });
    expect(weak).toMatchObject({ ok: false, error: { fields: { password: '密码至少8位' } } });
    const { session, status } = unwrap(await engine.call('auth.setup', { username: 'admin', displayName: '张管理', password: 'correct horse' }));
    expect(status).toMatchObject({ needsSetup: false, locked: false, user: { username: 'admin', role: 'admin', displayName: '张管理' } });
    expect((await engine.call('catalog.children', { parentId: null }, session)).ok).toBe(true);
    // Only once: a second setup is refused.
    expect(await engine.call('auth.setup', { username: 'other', displayName: '李四', password: 'correct horse' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // The password is stored as an scrypt hash, never as given.
    const stored = (engine.lib.db.prepare('SELECT password_hash FROM app_user').get() as { password_hash: string }).password_hash;
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain('correct horse');
    engine.close();
  });

  it('roles decide: a clerk cannot sign a review, see full ID numbers or manage users; a reviewer signs with their own name', async () => {
    const engine = sessionEngine();
    const { village, household: h } = household(engine);
    const admin = unwrap(await engine.call('auth.setup', { username: 'admin', displayName: '张管理', password: 'admin password' })).session;
    unwrap(await engine.call('users.create', { username: 'clerk', displayName: '王录入', role: 'clerk', password: 'clerk password' }, admin));
    unwrap(await engine.call('users.create', { username: 'reviewer', displayName: '赵审核', role: 'reviewer', password: 'review password' }, admin));

    expect(await engine.call('auth.login', { username: 'clerk', password: 'wrong password' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: '用户名或密码不对' } });
    const clerk = unwrap(await engine.call('auth.login', { username: 'clerk', password: 'clerk password' })).session;
    const signoff = { unitId: village.id, stage: '核查' as const, reviewer: '冒名者', result: '通过' as const };
    expect(await engine.call('review.signoff', signoff, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await engine.call('household.idNumbers', { id: h.id }, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await engine.call('users.list', {}, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await engine.call('household.setStatus', { id: h.id, status: 'stable' }, clerk)).ok).toBe(true);

    const reviewer = unwrap(await engine.call('auth.login', { username: 'REVIEWER', password: 'review password' })).session;
    const signed = unwrap(await engine.call('review.signoff', signoff, reviewer));
    expect(signed.at(-1)!.reviewer).toBe('赵审核');
    expect(unwrap(await engine.call('household.idNumbers', { id: h.id }, reviewer))).toEqual([expect.objectContaining({ name: '王芳', idNumber: '11010519491231002X' })]);

    const history = unwrap(await engine.call('audit.history', { unitId: h.id }, admin)).entries;
    expect(history.map((e) => `${e.actor} ${e.what}`)).toEqual(expect.arrayContaining(['赵审核（审核员） 查看完整身份证号', '王录入（录入员） 修改户信息']));
    const failed = engine.lib.db.prepare("SELECT actor, after FROM audit WHERE tbl = 'event' AND after LIKE '%登录失败%'").all() as { actor: string; after: string }[];
    expect(failed).toEqual([{ actor: '未登录', after: JSON.stringify({ what: '登录失败', username: 'clerk', reason: '用户名或密码不对' }) }]);

    // Disabling an account signs it out at once; the last administrator cannot be disabled.
    const clerkId = unwrap(await engine.call('users.list', {}, admin)).find((u) => u.username === 'clerk')!.id;
    unwrap(await engine.call('users.update', { id: clerkId, active: false }, admin));
    expect(await engine.call('catalog.children', { parentId: null }, clerk)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect(await engine.call('auth.login', { username: 'clerk', password: 'clerk password' })).toMatchObject({ ok: false, error: { message: '该账户已停用，请联系管理员' } });
    const adminId = unwrap(await engine.call('users.list', {}, admin)).find((u) => u.username === 'admin')!.id;
    expect(await engine.call('users.update', { id: adminId, role: 'clerk' }, admin)).toMatchObject({ ok: false, error: { message: '至少要保留一个启用的管理员账户' } });
    engine.close();
  });

  it('a locked session answers nothing until its own user unlocks it with the password', async () => {
    const engine = sessionEngine();
    const session = unwrap(await engine.call('auth.setup', { username: 'admin', displayName: '张管理', password: 'admin password' })).session;
    unwrap(await engine.call('auth.lock', {}, session));
    expect(await engine.call('catalog.children', { parentId: null }, session)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await engine.call('auth.unlock', { password: 'guess guess' }, session)).toMatchObject({ ok: false, error: { message: '密码不对' } });
    expect(unwrap(await engine.call('auth.unlock', { password: 'admin password' }, session)).locked).toBe(false);
    expect((await engine.call('catalog.children', { parentId: null }, session)).ok).toBe(true);
    // 退出登录 ends the session for good; the trail says who left.
    expect(unwrap(await engine.call('auth.logout', {}, session)).user).toBeNull();
    expect(await engine.call('catalog.children', { parentId: null }, session)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    const last = engine.lib.db.prepare("SELECT actor, after FROM audit WHERE tbl = 'event' ORDER BY id DESC LIMIT 1").get() as { actor: string; after: string };
    expect(last).toMatchObject({ actor: '张管理（管理员）' });
    expect(JSON.parse(last.after).what).toBe('退出登录');
    engine.close();
  });

  it('the screen’s own polls do not keep an unattended session open; the clerk’s calls do', async () => {
    const engine = createEngine(openLibrary(join(tempDir(), 'library'), { create: true }), { auth: 'sessions', idleLockMinutes: 0.005 }); // 300 ms
    const session = unwrap(await engine.call('auth.setup', { username: 'admin', displayName: '张管理', password: 'admin password' })).session;
    const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    for (let i = 0; i < 4; i++) {
      await wait(100);
      expect((await engine.call('catalog.children', { parentId: null }, session)).ok).toBe(true); // the clerk at work
    }
    for (let i = 0; i < 5; i++) {
      await wait(100);
      await engine.call('ocr.status', {}, session); // the header's OCR count, every few seconds in the app
    }
    expect(await engine.call('catalog.children', { parentId: null }, session)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    engine.close();
  });

  it('a session idle longer than the limit locks by itself', () => {
    let now = 0;
    const sessions = new Sessions(15, () => now);
    const token = sessions.create(1);
    now = 14 * 60_000;
    expect(sessions.find(token)!.locked).toBe(false);
    sessions.touch(token);
    now += 15 * 60_000 + 1;
    expect(sessions.find(token)!.locked).toBe(true);
    sessions.touch(token); // a locked session is not kept alive by calls
    expect(sessions.find(token)!.locked).toBe(true);
    expect(sessions.find('forged')).toBeNull();
  });
});
