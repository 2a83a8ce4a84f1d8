import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../engine/api/engine';
import { openLibrary } from '../../engine/library/library';
import { startServer, type RunningServer } from '../../engine/serve/server';
import { tempDir, tempEngine } from './helpers';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(server: RunningServer, path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(port), path, method: init.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...init.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

async function serve(engine = tempEngine()): Promise<RunningServer> {
  const rendererDir = tempDir();
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>档卡</title>');
  const server = await startServer(engine, { rendererDir });
  return server;
}

describe('dangka serve', () => {
  it('listens on 127.0.0.1 only', async () => {
    const server = await serve();
    const address = server.server.address();
    expect(typeof address === 'object' && address?.address).toBe('127.0.0.1');
    await server.close();
  });

  it('refuses pages and API calls without the token', async () => {
    const server = await serve();
    const page = await call(server, '/');
    expect(page.status).toBe(401);
    expect(page.body).toContain('未授权');
    const api = await call(server, '/api/library.info', { method: 'POST', body: '{}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    const wrong = await call(server, '/api/library.info', { method: 'POST', body: '{}', headers: { 'x-dangka-token': 'guess' } });
    expect(wrong.status).toBe(401);
    const wrongQuery = await call(server, '/?token=guess');
    expect(wrongQuery.status).toBe(401);
    await server.close();
  });

  it('swaps the one-time URL token for an HttpOnly cookie and answers with it', async () => {
    const server = await serve();
    const first = await call(server, `/?token=${server.token}`);
    expect(first.status).toBe(302);
    expect(first.headers.location).toBe('/');
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const cookieHeader = cookie.split(';')[0]!;
    const page = await call(server, '/', { headers: { cookie: cookieHeader } });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    const api = await call(server, '/api/library.info', { method: 'POST', body: '{}', headers: { cookie: cookieHeader } });
    expect(JSON.parse(api.body)).toMatchObject({ ok: true, value: { counts: { households: 0 } } });
    await server.close();
  });

  it('refuses other host names (DNS rebinding) and cross-site posts', async () => {
    const server = await serve();
    const { port } = new URL(server.url);
    const rebound = await call(server, '/', { headers: { host: `evil.example:${port}`, 'x-dangka-token': server.token } });
    expect(rebound.status).toBe(403);
    const crossSite = await call(server, '/api/library.info', {
      method: 'POST',
      body: '{}',
      headers: { 'x-dangka-token': server.token, origin: 'http://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    await server.close();
  });

  it('answers bad requests with Chinese errors, never a crash', async () => {
    const server = await serve();
    const headers = { 'x-dangka-token': server.token };
    const badJson = await call(server, '/api/library.info', { method: 'POST', body: '{nope', headers });
    expect(badJson.status).toBe(400);
    expect(JSON.parse(badJson.body).error.message).toContain('JSON');
    const unknown = await call(server, '/api/drop.tables', { method: 'POST', body: '{}', headers });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const badInput = await call(server, '/api/catalog.unit', { method: 'POST', body: '{"id":"1; DROP"}', headers });
    expect(JSON.parse(badInput.body)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const traversal = await call(server, '/..%2f..%2fetc%2fpasswd', { headers });
    expect([403, 404]).toContain(traversal.status);
    expect(traversal.body).not.toContain('root:');
    await server.close();
  });

  it('behind the token, every call but signing in needs the session of a signed-in user', async () => {
    const engine = createEngine(openLibrary(join(tempDir(), 'library'), { create: true }), { auth: 'sessions' });
    const server = await serve(engine);
    const headers = { 'x-dangka-token': server.token, 'content-type': 'application/json' };
    const anonymous = await call(server, '/api/catalog.children', { method: 'POST', body: '{"parentId":null}', headers });
    expect(JSON.parse(anonymous.body)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    const setup = JSON.parse((await call(server, '/api/auth.setup', { method: 'POST', body: JSON.stringify({ username: 'admin', displayName: '张管理', password: 'admin password' }), headers })).body);
    expect(setup.ok).toBe(true);
    const forged = await call(server, '/api/catalog.children', { method: 'POST', body: '{"parentId":null}', headers: { ...headers, 'x-dangka-session': 'forged' } });
    expect(JSON.parse(forged.body)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    const signedIn = await call(server, '/api/catalog.children', { method: 'POST', body: '{"parentId":null}', headers: { ...headers, 'x-dangka-session': setup.value.session } });
    expect(JSON.parse(signedIn.body)).toEqual({ ok: true, value: [] });
    await server.close();
    engine.close();
  });

  describe('hostile requests (issue 17)', () => {
    /** A raw request: headers as given, the body only if given — to see what the server answers before reading. */
    function raw(server: RunningServer, head: string, body = ''): Promise<string> {
      const { port } = new URL(server.url);
      return new Promise((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write(`${head.replace(/PORT/g, port)}\r\n\r\n${body}`));
        let reply = '';
        socket.on('data', (c: Buffer) => (reply += c.toString()));
        // The server closes the connection after answering: the body it did not read cannot be left in it.
        socket.on('end', () => resolve(reply));
        socket.on('error', reject);
        setTimeout(() => {
          socket.destroy();
          reject(new Error(`no reply: ${reply}`));
        }, 5000);
      });
    }

    it('a malformed address answers 400 in Chinese, never a 500', async () => {
      const server = await serve();
      const headers = { 'x-dangka-token': server.token };
      for (const path of ['/%', '/%E4%B8', '/api/%zz']) {
        const r = await call(server, path, { method: path.startsWith('/api/') ? 'POST' : 'GET', headers });
        expect(r.status, path).toBe(400);
        expect(r.body).toBe('请求地址格式不对');
      }
      await server.close();
    });

    it('an upload larger than allowed is refused by its declared size with the Chinese 413, before it is read', async () => {
      const server = await serve();
      const reply = await raw(server, `POST /api/ingest.upload HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nx-dangka-token: ${server.token}\r\nContent-Type: application/json\r\nContent-Length: ${150 * 1024 * 1024}`);
      expect(reply).toMatch(/^HTTP\/1\.1 413/);
      expect(reply).toContain('上传内容过大（超过100MB）');
      await server.close();
    });

    it('reads no body for a caller without a session', async () => {
      const engine = createEngine(openLibrary(join(tempDir(), 'library'), { create: true }), { auth: 'sessions' });
      const server = await serve(engine);
      // Declares a body it never sends: a server that waited to read it would not answer.
      const reply = await raw(server, `POST /api/catalog.children HTTP/1.1\r\nHost: 127.0.0.1:PORT\r\nx-dangka-token: ${server.token}\r\nContent-Type: application/json\r\nContent-Length: 1000000`);
      expect(reply).toContain('"SIGN_IN_REQUIRED"');
      expect(reply).toContain('请先登录');
      await server.close();
      engine.close();
    });
  });
});

