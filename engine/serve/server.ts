// `dangka serve`: the built renderer and the API over HTTP, on 127.0.0.1 only, behind a random per-run token.
// The printed URL carries the token once; the server swaps it for an HttpOnly, SameSite=Strict cookie and
// redirects to a clean URL. Every request — page, asset or API — needs the cookie or the X-Dangka-Token header.
// GET /api/events streams the engine's events (server-sent events) to a signed-in session.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { HTTP_SESSION_HEADER, HTTP_TOKEN_COOKIE, HTTP_TOKEN_HEADER, MAX_UPLOAD_BYTES } from '../../shared/api';
import { EVENTS_PATH } from '../../shared/ipc';
import type { AuthStatus } from '../../shared/domain';
import { GENERIC_MESSAGE } from '../../shared/errors';
import { CONTENT_SECURITY_POLICY } from '../../shared/security';
import type { EngineDoor } from '../host/host';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

/** JSON bodies carry base64 uploads: allow the largest upload plus its base64 overhead. */
const MAX_BODY_BYTES = Math.ceil(MAX_UPLOAD_BYTES * 1.4) + 1024 * 1024;
const TOO_LARGE = '上传内容过大（超过100MB）';

export interface ServeOptions {
  port?: number;
  rendererDir: string;
  token?: string;
}

export interface RunningServer {
  server: Server;
  url: string;
  /** The URL to open once: carries the token. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

export async function startServer(engine: EngineDoor, options: ServeOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const tokenBytes = Buffer.from(token);
  const tokenMatches = (candidate: string | undefined) => {
    if (!candidate) return false;
    const bytes = Buffer.from(candidate);
    return bytes.length === tokenBytes.length && timingSafeEqual(bytes, tokenBytes);
  };
  let port = 0;
  /** Open event streams: ended on close, or the server would wait for them forever. */
  const streams = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      console.error('[dangka serve]', err);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', '服务器内部错误');
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS-rebinding guard: only our own loopback host names.
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return send(res, 403, 'text/plain; charset=utf-8', '禁止访问');
    const url = new URL(req.url ?? '/', `http://${host}`);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return send(res, 400, 'text/plain; charset=utf-8', '请求地址格式不对');
    }

    const queryToken = url.searchParams.get('token');
    if (req.method === 'GET' && queryToken !== null) {
      if (!tokenMatches(queryToken)) return send(res, 401, 'text/html; charset=utf-8', unauthorizedPage());
      res.writeHead(302, {
        'Set-Cookie': `${HTTP_TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname,
        'Cache-Control': 'no-store',
      });
      res.end();
      return;
    }

    const header = req.headers[HTTP_TOKEN_HEADER];
    const authorized = tokenMatches(typeof header === 'string' ? header : undefined) || tokenMatches(readCookie(req, HTTP_TOKEN_COOKIE));
    if (!authorized) {
      if (url.pathname.startsWith('/api/')) {
        return sendJson(res, 401, { ok: false, error: { code: 'UNAUTHORIZED', message: '未授权：请使用 dangka serve 打印的完整地址打开' } });
      }
      return send(res, 401, 'text/html; charset=utf-8', unauthorizedPage());
    }

    if (pathname === EVENTS_PATH && req.method === 'GET') return streamEvents(req, res);

    if (pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', '只接受 POST');
      const origin = req.headers.origin;
      if (origin && origin !== `http://${host}`) return send(res, 403, 'text/plain; charset=utf-8', '禁止跨站请求');
      const method = pathname.slice('/api/'.length);
      const session = req.headers[HTTP_SESSION_HEADER];
      // Who first, then size, and only then the body: a caller without a session cannot make the server read
      // (or hold) anything, and an upload too large is refused by its declared length before a byte is read.
      const refusal = engine.refusal(method, session);
      if (refusal) return sendJson(res, 200, { ok: false, error: refusal }, true);
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_BODY_BYTES) return sendJson(res, 413, { ok: false, error: { code: 'INVALID_INPUT', message: TOO_LARGE } }, true);
      let input: unknown;
      try {
        const body = await readBody(req, MAX_BODY_BYTES);
        input = body.length ? JSON.parse(body.toString('utf8')) : {};
      } catch (err) {
        const tooLarge = err instanceof BodyTooLargeError;
        return sendJson(
          res,
          tooLarge ? 413 : 400,
          { ok: false, error: { code: 'INVALID_INPUT', message: tooLarge ? TOO_LARGE : '请求内容不是有效的 JSON' } },
          tooLarge,
        );
      }
      return sendJson(res, 200, await engine.callUntyped(method, input, typeof session === 'string' ? session : undefined));
    }

    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', '不支持的请求');
    serveStatic(res, options.rendererDir, pathname);
  }

  /** The engine's events as server-sent events, for a caller with a session (checked as every call is). */
  async function streamEvents(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const header = req.headers[HTTP_SESSION_HEADER];
    const status = await engine.callUntyped('auth.status', {}, typeof header === 'string' ? header : undefined);
    if (!status.ok) return sendJson(res, 200, status);
    if (!(status.value as AuthStatus).user) return sendJson(res, 401, { ok: false, error: { code: 'SIGN_IN_REQUIRED', message: GENERIC_MESSAGE.SIGN_IN_REQUIRED } });
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': CONTENT_SECURITY_POLICY });
    // A first line at once: the browser's fetch resolves when the stream is open.
    res.write(': 已连接\n\n');
    streams.add(res);
    const stop = engine.subscribe((event) => {
      // A job's result can hold personal data: the page reads it with job.get, under the signed-in session.
      const sent = event.type === 'job' ? { ...event, job: { ...event.job, result: null } } : event;
      res.write(`data: ${JSON.stringify(sent)}\n\n`);
    });
    req.on('close', () => {
      stop();
      streams.delete(res);
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    server,
    url,
    openUrl: `${url}?token=${token}`,
    token,
    close: () =>
      new Promise((resolve) => {
        for (const stream of streams) stream.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function serveStatic(res: ServerResponse, root: string, pathname: string): void {
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = normalize(join(root, relative));
  if (!file.startsWith(normalize(root) + sep)) return send(res, 403, 'text/plain; charset=utf-8', '禁止访问');
  if (!existsSync(file) || !statSync(file).isFile()) {
    if (!existsSync(join(root, 'index.html'))) {
      return send(res, 500, 'text/plain; charset=utf-8', '界面文件缺失：请先运行 npm run build');
    }
    return send(res, 404, 'text/plain; charset=utf-8', '找不到该文件');
  }
  res.writeHead(200, {
    'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  createReadStream(file).pipe(res);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': type, 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** closeAfter: the request's body was not (all) read — the connection cannot carry another request. */
function sendJson(res: ServerResponse, status: number, value: unknown, closeAfter = false): void {
  if (closeAfter) res.shouldKeepAlive = false;
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

class BodyTooLargeError extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping it; the 413 is sent with Connection: close, which ends the upload once it is read.
        chunks.length = 0;
        reject(new BodyTooLargeError());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function unauthorizedPage(): string {
  return `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>档卡 · 未授权</title>
<style>
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f3f4f6;
font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;color:#1f2937}
main{background:#fff;border-radius:8px;box-shadow:0 1px 4px rgba(0,0,0,.15);padding:32px 40px;max-width:520px}
h1{margin:0 0 4px;font-size:22px;color:#1f3a5f}h2{margin:0 0 16px;font-size:16px;font-weight:normal;color:#b91c1c}
p{line-height:1.7;margin:8px 0}code{background:#f3f4f6;padding:1px 6px;border-radius:4px}
</style>
<main><h1>档卡</h1><h2>未授权：这个地址缺少本次启动的令牌</h2>
<p>请使用启动档卡时终端里打印的完整地址打开，形如 <code>http://127.0.0.1:端口/?token=…</code>。</p>
<p>每次运行 <code>dangka serve</code>（或 <code>bash scripts/run.sh</code>）令牌都会更换，旧地址不再有效。</p></main></html>`;
}
