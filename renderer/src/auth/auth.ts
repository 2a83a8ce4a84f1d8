// Who is signed in (auth.status), and the ways in and out: first-run setup, sign-in, sign-out, lock and unlock.
// The session token goes straight to the API client (setSession) and is kept nowhere else: it lives in memory only,
// so a reload signs out. A call the engine refuses because the session ended or locked makes the store ask the
// engine again (auth.status) — an answer to a call sent before a sign-in or an unlock must not undo it.
import { create } from 'zustand';
import { roleAllows, type ApiMethod } from '../../../shared/api';
import type { AuthStatus, UserView } from '../../../shared/domain';
import { DangkaError, type ApiError } from '../../../shared/errors';
import { api, callApi, onSessionEnded, setSession } from '../api/client';
import { useRoute } from '../stores/route';

interface AuthState {
  status: AuthStatus | null;
  /** auth.status failed with something else than a session problem: the library cannot be opened. */
  fatal: ApiError | null;
  /** Why the clerk is back at the sign-in screen without having signed out (Chinese), e.g. 该账户已停用. */
  notice: string | null;
  load(): Promise<void>;
  setup(input: { username: string; displayName: string; password: string }): Promise<void>;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
  lock(): Promise<void>;
  unlock(password: string): Promise<void>;
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
}

const signedOut = (status: AuthStatus | null): AuthStatus | null => (status ? { ...status, user: null, locked: false } : status);

export const useAuth = create<AuthState>((set, get) => ({
  status: null,
  fatal: null,
  notice: null,
  load: async () => {
    const result = await callApi('auth.status', {}).catch(
      (): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'INTERNAL', message: '无法连接档卡服务' } }),
    );
    if (result.ok) {
      const before = get().status;
      // The engine no longer knows this session (signed out elsewhere, account changed by an administrator).
      const lost = before?.user && !result.value.user;
      if (!result.value.user) setSession(undefined);
      set({ status: result.value, fatal: null, ...(lost ? { notice: get().notice ?? '登录已失效，请重新登录' } : {}) });
    } else {
      set({ fatal: result.error });
    }
  },
  setup: async (input) => {
    const { session, status } = await api('auth.setup', input);
    setSession(session);
    set({ status, notice: null });
  },
  login: async (username, password) => {
    const { session, status } = await api('auth.login', { username, password });
    setSession(session);
    set({ status, notice: null });
  },
  logout: async () => {
    // Sent with the session (read when the call is made), then signed out at once on screen, whatever the engine
    // answers and however long it takes, as 锁定 does.
    const ended = api('auth.logout', {}).catch(() => null);
    setSession(undefined);
    set({ status: signedOut(get().status), notice: null });
    // The next person starts at the beginning, not on the page (perhaps 用户管理) the last one left open.
    useRoute.getState().home();
    const status = await ended;
    // The engine's answer (first-run state, idle minutes) unless someone has signed in meanwhile.
    if (status && !get().status?.user) set({ status: signedOut(status) });
  },
  lock: async () => {
    const before = get().status;
    if (!before?.user || before.locked) return;
    // Locked at once on screen, whatever the engine answers.
    set({ status: { ...before, locked: true } });
    const status = await api('auth.lock', {}).catch(() => null);
    if (status?.user) set({ status: { ...status, locked: true } });
  },
  unlock: async (password) => {
    const status = await api('auth.unlock', { password });
    set({ status });
  },
  changePassword: async (oldPassword, newPassword) => {
    const status = await api('auth.changePassword', { oldPassword, newPassword });
    set({ status });
  },
}));

onSessionEnded((why, message) => {
  const { status } = useAuth.getState();
  if (!status?.user) return;
  // LOCKED: the engine locked the session (idle on its side); it says so again in auth.status.
  if (why === 'LOCKED') {
    if (!status.locked) void useAuth.getState().load();
    return;
  }
  // SIGN_IN_REQUIRED: keep the engine's words (该账户已停用…) for the sign-in screen, then ask who is signed in.
  useAuth.setState({ notice: message && message !== '请先登录' ? message : null });
  void useAuth.getState().load();
});

/** The signed-in user, or null. */
export function useCurrentUser(): UserView | null {
  return useAuth((s) => s.status?.user ?? null);
}

/** Whether the signed-in user's role may call the method (REQUIRED_ROLE): hides what they could not do anyway. */
export function useCan(method: ApiMethod): boolean {
  return useAuth((s) => (s.status?.user ? roleAllows(s.status.user.role, method) : false));
}

/** The field errors of an engine refusal, for antd's form.setFields; empty when it named no field it knows. */
export function fieldErrors(err: unknown, known: readonly string[]): { name: string; errors: string[] }[] {
  const fields = err instanceof DangkaError ? (err.fields ?? {}) : {};
  return Object.entries(fields)
    .filter(([name]) => known.includes(name))
    .map(([name, message]) => ({ name, errors: [message] }));
}
