// The renderer's one API client. Inside Electron the preload exposes `window.dangka.invoke` (IPC); in a
// browser opened by `dangka serve` it posts to /api/<method> (the token travels in an HttpOnly cookie).
import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api';
import { DangkaError, type Result } from '../../../shared/errors';

declare global {
  interface Window {
    dangka?: { invoke(method: string, input: unknown): Promise<Result<unknown>> };
  }
}

async function overHttp(method: string, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch(`/api/${encodeURIComponent(method)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
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
  const transport = window.dangka ? window.dangka.invoke.bind(window.dangka) : overHttp;
  return transport(method, input) as Promise<Result<ApiOutput<M>>>;
}

/** For callers that show errors through a thrown DangkaError (e.g. with a message toast). */
export async function api<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
  const result = await callApi(method, input);
  if (result.ok) return result.value;
  throw new DangkaError(result.error.code, result.error.message, result.error.fields);
}
