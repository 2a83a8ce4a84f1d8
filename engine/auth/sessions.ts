// Who is signed in at each front door (the app's window, a browser of `dangka serve`): a random token the renderer
// holds in memory and sends with every call. A session locks after idle minutes without a call the clerk made, and
// the renderer locks it sooner when nobody touches mouse or keyboard; the same user unlocks it with the password.
import { randomBytes } from 'node:crypto';
import { DangkaError } from '../../shared/errors';

export const IDLE_LOCK_MINUTES = 15;

interface Session {
  userId: number;
  lastSeen: number;
  locked: boolean;
}

export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    readonly idleLockMinutes = IDLE_LOCK_MINUTES,
    private readonly now: () => number = Date.now,
  ) {}

  create(userId: number): string {
    const token = randomBytes(24).toString('base64url');
    this.sessions.set(token, { userId, lastSeen: this.now(), locked: false });
    return token;
  }

  /** The session of a token, or null; a session idle past the limit is locked now. */
  find(token: string | undefined): (Session & { token: string }) | null {
    const s = token ? this.sessions.get(token) : undefined;
    if (!s) return null;
    if (this.now() - s.lastSeen > this.idleLockMinutes * 60_000) s.locked = true;
    return { ...s, token: token! };
  }

  /** A call the session made: keeps it from idling. */
  touch(token: string): void {
    const s = this.sessions.get(token);
    if (s && !s.locked) s.lastSeen = this.now();
  }

  lock(token: string): void {
    const s = this.sessions.get(token);
    if (s) s.locked = true;
  }

  unlock(token: string): void {
    const s = this.sessions.get(token);
    if (!s) throw new DangkaError('UNAUTHORIZED', '请重新登录');
    s.locked = false;
    s.lastSeen = this.now();
  }

  drop(token: string): void {
    this.sessions.delete(token);
  }

  /** A user disabled or changed by an administrator is signed out everywhere. */
  dropUser(userId: number): void {
    for (const [token, s] of this.sessions) if (s.userId === userId) this.sessions.delete(token);
  }
}
