// The renderer's one API client. Inside Electron the preload exposes `window.dangka.invoke` (IPC); in a
// browser opened by `dangka serve` it posts to /api/<method> (the token travels in an HttpOnly cookie). The
// signed-in user's session goes with every call; it lives in memory only, so a reload signs out.
import { HTTP_SESSION_HEADER, type ApiInput, type ApiMethod, type ApiOutput } from '../../../shared/api';
import { DangkaError, type Result } from '../../../shared/errors';
import type { EngineEvent, EngineEventListener } from '../../../shared/events';

declare global {
  interface Window {
    dangka?: {
      invoke(method: string, input: unknown, session?: string): Promise<Result<unknown>>;
      /** The engine's events forwarded by the shell; returns the function that stops listening. */
      onEvent?(listener: (event: EngineEvent) => void): () => void;
    };
  }
}

let session: string | undefined;
let onSessionLost: ((why: 'SIGN_IN_REQUIRED' | 'LOCKED', message: string) => void) | undefined;

/** The auth store's handler for a call refused because the session is gone or locked (with the engine's words). */
export function onSessionEnded(handler: (why: 'SIGN_IN_REQUIRED' | 'LOCKED', message: string) => void): void {
  onSessionLost = handler;
}

/** Set by the auth store on sign-in, cleared on sign-out. */
export function setSession(token: string | undefined): void {
  session = token;
}

async function overHttp(method: string, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(session ? { [HTTP_SESSION_HEADER]: session } : {}) },
      credentials: 'same-origin',
      body: JSON.stringify(input),
    });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: '无法连接档卡服务：请确认 dangka serve 仍在运行' } };
  }
  try {
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'INTERNAL', message: `档卡服务返回了无法识别的内容（HTTP ${response.status}）` } };
  }
}

export function callApi<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<Result<ApiOutput<M>>> {
  const result = (window.dangka ? window.dangka.invoke(method, input, session) : overHttp(method, input)) as Promise<Result<ApiOutput<M>>>;
  return result.then((r) => {
    // A call refused because the session ended or locked: the auth gate shows the sign-in or unlock screen.
    if (!r.ok && (r.error.code === 'SIGN_IN_REQUIRED' || r.error.code === 'LOCKED')) onSessionLost?.(r.error.code, r.error.message);
    return r;
  });
}

/** For callers that show errors through a thrown DangkaError (e.g. with a message toast). */
export async function api<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await callApi(method, input);
  if (result.ok) return result.value;
  throw new DangkaError(result.error.code, result.error.message, result.error.fields);
}

const listeners = new Set<EngineEventListener>();
let stopSource: (() => void) | null = null;

/**
 * Listens to the engine's events — committed changes and job progress — instead of asking on a timer: IPC events
 * in the app, server-sent events (GET /api/events) from `dangka serve`. One connection serves every listener.
 */
export function subscribe(listener: EngineEventListener): () => void {
  listeners.add(listener);
  stopSource ??= connect((event) => {
    for (const l of listeners) l(event);
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      stopSource?.();
      stopSource = null;
    }
  };
}

function connect(deliver: EngineEventListener): () => void {
  if (window.dangka) return window.dangka.onEvent?.(deliver) ?? (() => undefined);
  // EventSource reconnects by itself when serve restarts; the cookie carries the token.
  const source = new EventSource('/api/events');
  source.onmessage = (message: MessageEvent<string>) => deliver(JSON.parse(message.data) as EngineEvent);
  return () => source.close();
}
