// Sign-in throttling and lockout (issue 17: 300 wrong passwords, then the right one worked at once). Every attempt
// counts as a failure when it starts and is forgiven only when the password proves right, so guesses sent in parallel
// count at once. The first FREE_FAILURES failures cost nothing; after that each attempt must wait a growing delay
// (1 s, 2 s, 4 s … at most MAX_DELAY_MS) after the last one — an attempt inside the delay is refused without hashing
// and counts too — and after LOCK_AFTER failures the account is locked until an administrator lifts it (用户管理 →
// 解除锁定). Names that are no account are delayed alike, in memory (bounded), so refusals do not reveal which exist.
import type Database from 'better-sqlite3';
import { DangkaError } from '../../shared/errors';
import type { LockedAccount } from '../../shared/signIn';
import { stmt } from '../library/sql';

export const FREE_FAILURES = 3;
export const LOCK_AFTER = 10;
const MAX_DELAY_MS = 60_000;
const MAX_UNKNOWN_NAMES = 1000;

interface Failures {
  failures: number;
  last_at: number;
  locked_at: string | null;
}

/** How long after the last failure the next attempt must wait. */
export function delayAfter(failures: number): number {
  return failures < FREE_FAILURES ? 0 : Math.min(1000 * 2 ** (failures - FREE_FAILURES), MAX_DELAY_MS);
}

const throttles = new WeakMap<Database.Database, SignInThrottle>();

/** The throttle of a library's connection (names that are no account are remembered per open library). */
export function signInThrottle(db: Database.Database): SignInThrottle {
  let throttle = throttles.get(db);
  if (!throttle) throttles.set(db, (throttle = new SignInThrottle(db)));
  return throttle;
}

export class SignInThrottle {
  private readonly unknown = new Map<string, Failures>();

  constructor(private readonly db: Database.Database) {}

  private userId(username: string): number | null {
    return (stmt(this.db, 'SELECT id FROM app_user WHERE username = ?').get(username.trim()) as { id: number } | undefined)?.id ?? null;
  }

  private read(username: string, userId: number | null): Failures | undefined {
    if (userId === null) return this.unknown.get(username.trim().toLowerCase());
    return stmt(this.db, 'SELECT failures, last_at, locked_at FROM sign_in_failure WHERE user_id = ?').get(userId) as Failures | undefined;
  }

  private write(username: string, userId: number | null, f: Failures): void {
    if (userId !== null) {
      stmt(this.db, 'INSERT OR REPLACE INTO sign_in_failure (user_id, failures, last_at, locked_at) VALUES (?, ?, ?, ?)').run(userId, f.failures, f.last_at, f.locked_at);
      return;
    }
    const key = username.trim().toLowerCase();
    this.unknown.delete(key);
    this.unknown.set(key, f);
    if (this.unknown.size > MAX_UNKNOWN_NAMES) this.unknown.delete(this.unknown.keys().next().value!);
  }

  /**
   * Counts an attempt as a failure before its password is checked; throws (Chinese) when the account is locked or
   * the attempt comes inside the delay. The caller calls succeeded() when the password was right.
   */
  begin(username: string, now = Date.now()): void {
    const userId = this.userId(username);
    const before = this.read(username, userId);
    if (before?.locked_at) throw new DangkaError('UNAUTHORIZED', '该账户因多次密码错误已被锁定，请联系管理员在“用户管理”中解除锁定');
    const wait = before ? before.last_at + delayAfter(before.failures) - now : 0;
    const failures = (before?.failures ?? 0) + 1;
    const locked = userId !== null && failures >= LOCK_AFTER ? new Date(now).toISOString() : null;
    this.write(username, userId, { failures, last_at: now, locked_at: locked });
    if (locked) throw new DangkaError('UNAUTHORIZED', '密码错误次数过多，该账户已被锁定，请联系管理员在“用户管理”中解除锁定');
    if (wait > 0) throw new DangkaError('UNAUTHORIZED', `密码错误次数过多，请 ${Math.ceil(wait / 1000)} 秒后再试`);
  }

  succeeded(username: string): void {
    const userId = this.userId(username);
    if (userId === null) this.unknown.delete(username.trim().toLowerCase());
    else stmt(this.db, 'DELETE FROM sign_in_failure WHERE user_id = ?').run(userId);
  }
}

export function lockedAccounts(db: Database.Database): LockedAccount[] {
  return stmt(
    db,
    `SELECT u.id, u.username, u.display_name AS displayName, f.failures, f.locked_at AS lockedAt
       FROM sign_in_failure f JOIN app_user u ON u.id = f.user_id WHERE f.locked_at IS NOT NULL ORDER BY f.locked_at`,
  ).all() as LockedAccount[];
}

/** An administrator lifts a lockout: the account starts again with no failures. */
export function unlockAccount(db: Database.Database, userId: number): LockedAccount {
  const locked = lockedAccounts(db).find((a) => a.id === userId);
  if (!locked) throw new DangkaError('NOT_FOUND', '该账户没有被锁定');
  clearSignInFailures(db, userId);
  return locked;
}

/** The account starts again with no failures (lifted by an administrator, or by a new password). */
export function clearSignInFailures(db: Database.Database, userId: number): void {
  stmt(db, 'DELETE FROM sign_in_failure WHERE user_id = ?').run(userId);
}
