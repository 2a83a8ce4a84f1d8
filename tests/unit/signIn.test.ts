// Sign-in under attack (issue 17): hashing off the main thread, a growing delay per account (and per unknown name), a
// lockout only an administrator lifts, and every failed attempt in the trail.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roleAllows } from '../../shared/api';
import { createEngine, unwrap } from '../../engine/api/engine';
import { delayAfter, FREE_FAILURES, LOCK_AFTER, SignInThrottle } from '../../engine/auth/throttle';
import { openLibrary } from '../../engine/library/library';
import { tempDir } from './helpers';

async function library() {
  const engine = createEngine(openLibrary(join(tempDir(), 'library'), { create: true }), { auth: 'sessions' });
  const admin = unwrap(await engine.call('auth.setup', { username: 'admin', displayName: '张管理', password: 'admin password' })).session;
  unwrap(await engine.call('users.create', { username: 'clerk', displayName: '王录入', role: 'clerk', password: 'clerk password' }, admin));
  return { engine, admin };
}

describe('sign-in throttling', () => {
  it('20 parallel wrong guesses lock the account: the right password is then refused until an administrator lifts it', async () => {
    const { engine, admin } = await library();
    const guesses = await Promise.all(Array.from({ length: 20 }, (_, i) => engine.call('auth.login', { username: 'clerk', password: `guess ${i}` })));
    expect(guesses.every((g) => !g.ok)).toBe(true);
    const right = await engine.call('auth.login', { username: 'clerk', password: 'clerk password' });
    expect(right).toMatchObject({ ok: false, error: { message: expect.stringMatching(/已被锁定.*解除锁定/) } });

    // Every failed attempt is in the trail, the refused ones too.
    const failed = engine.lib.db.prepare("SELECT count(*) AS n FROM audit WHERE tbl = 'event' AND after LIKE '%登录失败%'").get() as { n: number };
    expect(failed.n).toBe(21);

    expect(roleAllows('reviewer', 'users.locked')).toBe(false);
    expect(roleAllows('reviewer', 'users.unlock')).toBe(false);
    const locked = unwrap(await engine.call('users.locked', {}, admin));
    expect(locked).toEqual([expect.objectContaining({ username: 'clerk', displayName: '王录入', failures: LOCK_AFTER })]);
    expect(unwrap(await engine.call('users.unlock', { id: locked[0]!.id }, admin))).toEqual([]);
    expect((await engine.call('auth.login', { username: 'clerk', password: 'clerk password' })).ok).toBe(true);
    const lifted = engine.lib.db.prepare("SELECT actor FROM audit WHERE after LIKE '%解除账户锁定%'").get() as { actor: string };
    expect(lifted.actor).toBe('张管理（管理员）');

    // A locked administrator resets the password at the console (dangka user passwd), which lifts the lock.
    await Promise.all(Array.from({ length: 12 }, () => engine.call('auth.login', { username: 'admin', password: 'guess' })));
    expect(await engine.call('auth.login', { username: 'admin', password: 'admin password' })).toMatchObject({ ok: false, error: { message: expect.stringMatching(/已被锁定/) } });
    const adminId = (engine.lib.db.prepare("SELECT id FROM app_user WHERE username = 'admin'").get() as { id: number }).id;
    const atConsole = createEngine(engine.lib);
    unwrap(await atConsole.call('users.update', { id: adminId, password: 'a new admin password' }));
    expect((await engine.call('auth.login', { username: 'admin', password: 'a new admin password' })).ok).toBe(true);
    engine.close();
  });

  it('the delay grows after three failures, an attempt inside it is refused and counts, a good sign-in forgives', () => {
    expect([1, 2, 3, 4, 5, 6, 12].map(delayAfter)).toEqual([0, 0, 1000, 2000, 4000, 8000, 60_000]);
    const engine = createEngine(openLibrary(join(tempDir(), 'library'), { create: true }));
    engine.lib.db.prepare("INSERT INTO app_user (username, display_name, role, password_hash) VALUES ('clerk', '王录入', 'clerk', 'x')").run();
    const throttle = new SignInThrottle(engine.lib.db);
    let now = 1_000_000;
    for (let i = 0; i < FREE_FAILURES; i++) throttle.begin('clerk', now);
    expect(() => throttle.begin('clerk', now + 500)).toThrow('请 1 秒后再试');
    now += 500 + 2000; // after failure 4, wait 2 s
    throttle.begin('clerk', now);
    expect(() => throttle.begin('CLERK', now + 100)).toThrow(/请 4 秒后再试/);
    throttle.succeeded('clerk');
    throttle.begin('clerk', now + 200);
    // A name that is no account is delayed alike, with the same words.
    for (let i = 0; i < FREE_FAILURES; i++) throttle.begin('ghost', now);
    expect(() => throttle.begin('ghost', now + 1)).toThrow('请 1 秒后再试');
    engine.close();
  });

  it('hashes off the main thread: other work runs while a password is checked', async () => {
    const { engine } = await library();
    let otherWorkRan = false;
    setImmediate(() => (otherWorkRan = true));
    await engine.call('auth.login', { username: 'clerk', password: 'clerk password' });
    expect(otherWorkRan).toBe(true);
    engine.close();
  });
});
