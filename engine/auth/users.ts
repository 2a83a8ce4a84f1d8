// Local accounts: 录入员 (clerk), 审核员 (reviewer), 管理员 (admin). Passwords are stored as scrypt hashes
// (node:crypto; N=2^15, r=8, p=1, 16-byte salt) and compared in constant time. Hashing runs on libuv's thread pool
// (async crypto.scrypt): ~100 ms of CPU a guess on the main thread froze every other request while someone guessed. The first account of a library is
// its administrator, created on the first run; there is always at least one active administrator.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Role, UserView } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { stmt } from '../library/sql';
import { clearSignInFailures } from './throttle';

const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password.normalize('NFC'), salt, length, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, KEY_LENGTH, SCRYPT);
  return `scrypt$${SCRYPT.N}$${SCRYPT.r}$${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: SCRYPT.maxmem });
  return timingSafeEqual(actual, expected);
}

/** Compared against for an unknown name, so the time taken does not tell which names exist. */
let unknownUserHash: Promise<string> | null = null;

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
  created_at: string;
}

const view = (u: UserRow): UserView => ({ id: u.id, username: u.username, displayName: u.display_name, role: u.role, active: u.active === 1, createdAt: u.created_at });

export function userCount(db: Database.Database): number {
  return (stmt(db, 'SELECT count(*) AS n FROM app_user').get() as { n: number }).n;
}

export function getUser(db: Database.Database, id: number): UserView {
  const row = stmt(db, 'SELECT * FROM app_user WHERE id = ?').get(id) as UserRow | undefined;
  if (!row) throw new DangkaError('NOT_FOUND', '没有这个用户');
  return view(row);
}

export function listUsers(db: Database.Database): UserView[] {
  return (stmt(db, 'SELECT * FROM app_user ORDER BY active DESC, role DESC, id').all() as UserRow[]).map(view);
}

export interface NewUser {
  username: string;
  displayName: string;
  role: Role;
  password: string;
}

export async function createUser(db: Database.Database, u: NewUser): Promise<UserView> {
  return insertUser(db, { ...u, passwordHash: await hashPassword(u.password) });
}

/** The insert alone, for a caller that hashed first and must check and insert in one transaction. */
export function insertUser(db: Database.Database, u: Omit<NewUser, 'password'> & { passwordHash: string }): UserView {
  try {
    const id = Number(
      stmt(db, 'INSERT INTO app_user (username, display_name, role, password_hash) VALUES (?, ?, ?, ?)').run(u.username, u.displayName, u.role, u.passwordHash).lastInsertRowid,
    );
    return getUser(db, id);
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DangkaError('INVALID_INPUT', `用户名“${u.username}”已被使用`, { username: '用户名已被使用' });
    throw err;
  }
}

/** The user whose name and password match; the same Chinese message whichever was wrong. */
export async function authenticate(db: Database.Database, username: string, password: string): Promise<UserView> {
  const row = stmt(db, 'SELECT * FROM app_user WHERE username = ?').get(username.trim()) as UserRow | undefined;
  // Hash even for an unknown name, so the time taken does not tell which names exist.
  const ok = await passwordMatches(password, row?.password_hash ?? (await (unknownUserHash ??= hashPassword('-'))));
  if (!row || !ok) throw new DangkaError('UNAUTHORIZED', '用户名或密码不对');
  if (row.active !== 1) throw new DangkaError('UNAUTHORIZED', '该账户已停用，请联系管理员');
  return view(row);
}

export async function checkPassword(db: Database.Database, userId: number, password: string): Promise<void> {
  const row = stmt(db, 'SELECT password_hash FROM app_user WHERE id = ?').get(userId) as { password_hash: string } | undefined;
  if (!row || !(await passwordMatches(password, row.password_hash))) throw new DangkaError('UNAUTHORIZED', '密码不对');
}

export interface UserChange {
  displayName?: string;
  role?: Role;
  active?: boolean;
  password?: string;
}

export async function updateUser(db: Database.Database, id: number, change: UserChange): Promise<UserView> {
  const passwordHash = change.password === undefined ? undefined : await hashPassword(change.password);
  const before = getUser(db, id);
  db.transaction(() => {
    if (change.displayName !== undefined) stmt(db, 'UPDATE app_user SET display_name = ? WHERE id = ?').run(change.displayName, id);
    if (change.role !== undefined) stmt(db, 'UPDATE app_user SET role = ? WHERE id = ?').run(change.role, id);
    if (change.active !== undefined) stmt(db, 'UPDATE app_user SET active = ? WHERE id = ?').run(change.active ? 1 : 0, id);
    if (passwordHash !== undefined) {
      stmt(db, 'UPDATE app_user SET password_hash = ? WHERE id = ?').run(passwordHash, id);
      // A new password also lifts a lockout (engine/auth/throttle.ts): an administrator locked out resets theirs
      // with `dangka user passwd` at the console.
      clearSignInFailures(db, id);
    }
    const admins = (stmt(db, "SELECT count(*) AS n FROM app_user WHERE role = 'admin' AND active = 1").get() as { n: number }).n;
    if (admins === 0) throw new DangkaError('INVALID_INPUT', before.role === 'admin' ? '至少要保留一个启用的管理员账户' : '至少要有一个启用的管理员账户');
  })();
  return getUser(db, id);
}
