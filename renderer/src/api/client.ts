// The renderer's one API client. Inside Electron the preload exposes `window.dangka.invoke` (IPC); in a
// browser opened by `dangka serve` it posts to /api/<method> (the token travels in an HttpOnly cookie). The
// signed-in user's session goes with every call; it lives in memory only, so a reload signs out.
// `subscribe` hands out the engine's events: IPC events in the app, server-sent events of `dangka serve` (for a
// signed-in session) in a browser.
import { HTTP_SESSION_HEADER, type ApiInput, type ApiMethod, type ApiOutput } from '../../../shared/api';
import { DangkaError, type Result } from '../../../shared/errors';
import type { EngineEvent } from '../../../shared/events';
import { EVENTS_PATH } from '../../../shared/ipc';

declare global {
  interface Window {
    dangka?: {
      invoke(method: string, input: unknown, session?: string): Promise<Result<unknown>>;
      onEvent(listener: (event: EngineEvent) => void): () => void;
      /** The system's folder picker (the app only); null when the clerk cancels. */
      chooseFolder(): Promise<string | null>;
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
  if (token === session) return;
  session = token;
  // The event stream of `dangka serve` belongs to a session: follow the new one.
  if (!window.dangka) restartEventStream();
}

/**
 * What `subscribe` hands out: the engine's events, and `reopened` when the browser's event stream has (re)connected —
 * anything the engine said before may have been missed (the stream was down, or not yet open when a job ended), so
 * whoever follows something reads it again.
 */
export type ClientEvent = EngineEvent | { type: 'reopened' };

const listeners = new Set<(event: ClientEvent) => void>();
/** The app's IPC subscription, or the browser's open event stream: one for all listeners. */
let stopEvents: (() => void) | null = null;
/** After a dropped stream (serve restarting), try again this much later. */
const RECONNECT_MS = 3000;

/** The engine's events (changes, jobs, the library opened or lost) until the returned function is called. */
export function subscribe(listener: (event: ClientEvent) => void): () => void {
  listeners.add(listener);
  if (!stopEvents) stopEvents = window.dangka ? window.dangka.onEvent(dispatch) : streamOverHttp();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      stopEvents?.();
      stopEvents = null;
    }
  };
}

function dispatch(event: ClientEvent): void {
  for (const listener of [...listeners]) listener(event);
}

function restartEventStream(): void {
  if (!stopEvents) return;
  stopEvents();
  stopEvents = streamOverHttp();
}

/** Reads GET /api/events (server-sent events) with the session; none without one — events are for the signed-in. */
function streamOverHttp(): () => void {
  const controller = new AbortController();
  let retry: ReturnType<typeof setTimeout> | undefined;
  const connect = async () => {
    if (!session) return;
    try {
      const response = await fetch(EVENTS_PATH, { headers: { [HTTP_SESSION_HEADER]: session }, credentials: 'same-origin', signal: controller.signal });
      // Refused (signed out, library closed): the next sign-in opens a new stream.
      if (!response.ok || !response.body || !response.headers.get('Content-Type')?.startsWith('text/event-stream')) return;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      // The server subscribes before its first line: from here on nothing is missed.
      dispatch({ type: 'reopened' });
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const message = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = message.split('\n').filter((line) => line.startsWith('data: ')).map((line) => line.slice(6)).join('\n');
          if (data) dispatch(JSON.parse(data) as EngineEvent);
        }
      }
    } catch {
      if (controller.signal.aborted) return;
    }
    // The stream ended (serve stopped or restarted): try again while someone listens.
    if (!controller.signal.aborted) retry = setTimeout(() => void connect(), RECONNECT_MS);
  };
  void connect();
  return () => {
    clearTimeout(retry);
    controller.abort();
  };
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
