// The engine host (engine/host/host.ts): a library that cannot be opened leaves the host answering why, 重试
// (library.reopen) opens it once it is back without signing anyone out, 选择其他档案库 (library.open) refuses a folder
// that is no library in Chinese and keeps the open one, and the engine's events reach the host's listeners across a
// reopen. `dangka serve` streams them as server-sent events to a signed-in session.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import { createEngineHost, type EngineHost } from '../../engine/host/host';
import { openLibrary } from '../../engine/library/library';
import { startServer } from '../../engine/serve/server';
import { tempDir } from './helpers';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'correct-horse-1' };

const hosts: EngineHost[] = [];
afterEach(async () => {
  while (hosts.length) await hosts.pop()!.shutdown();
});

function newLibrary(): string {
  const dir = join(tempDir(), 'library');
  openLibrary(dir, { create: true }).close();
  return dir;
}

async function startHost(dir: string): Promise<{ host: EngineHost; events: EngineEvent[] }> {
  const host = createEngineHost({ dir, engine: { auth: 'sessions' } });
  hosts.push(host);
  const events: EngineEvent[] = [];
  host.subscribe((e) => events.push(e));
  await host.start();
  return { host, events };
}

async function signUp(host: EngineHost): Promise<string> {
  const r = await host.callUntyped('auth.setup', ADMIN);
  if (!r.ok) throw new Error(r.error.message);
  return (r.value as { session: string }).session;
}

describe('engine host', () => {
  it('answers every call with why the library cannot be opened, and 重试 opens it once it is back', async () => {
    const dir = newLibrary();
    const away = `${dir}-on-the-usb-stick`;
    renameSync(dir, away);
    const { host, events } = await startHost(dir);

    const status = await host.callUntyped('auth.status', {});
    expect(status).toMatchObject({ ok: false, error: { code: 'LIBRARY_MISSING' } });
    expect(!status.ok && status.error.message).toContain(dir);
    expect(events).toEqual([{ type: 'library', path: dir, error: expect.objectContaining({ code: 'LIBRARY_MISSING' }) }]);

    // Still gone: 重试 says so again, in the screen's words (not the command line's `dangka init` advice).
    const again = await host.callUntyped('library.reopen', {});
    expect(again).toMatchObject({ ok: false, error: { code: 'LIBRARY_MISSING', message: `找不到档案库：${dir}（文件夹不存在，或里面没有档卡的数据库）` } });

    renameSync(away, dir);
    expect(await host.callUntyped('library.reopen', {})).toEqual({ ok: true, value: { path: dir } });
    expect(await host.callUntyped('auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: true, user: null } });
    expect(events.at(-1)).toEqual({ type: 'library', path: dir, error: null });
  });

  it('reopening the same library keeps the clerk signed in', async () => {
    const { host } = await startHost(newLibrary());
    const session = await signUp(host);
    expect(await host.callUntyped('library.reopen', {})).toMatchObject({ ok: true });
    expect(await host.callUntyped('library.info', {}, session)).toMatchObject({ ok: true, value: { counts: { households: 0 } } });
  });

  it('选择其他档案库 refuses a folder that is not a library, in Chinese, and keeps the open library', async () => {
    const dir = newLibrary();
    const { host } = await startHost(dir);
    const session = await signUp(host);

    const notLibrary = tempDir();
    writeFileSync(join(notLibrary, '扫描件.pdf'), 'not a library');
    const refused = await host.callUntyped('library.open', { path: notLibrary });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { path: expect.stringContaining('不是档卡档案库') } } });

    const missing = await host.callUntyped('library.open', { path: join(notLibrary, '没有这个文件夹') });
    expect(missing).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringContaining('找不到这个文件夹') } });

    const relative = await host.callUntyped('library.open', { path: '档案库' });
    expect(relative).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', fields: { path: expect.stringContaining('完整的文件夹位置') } } });

    // Nothing changed: the same library, the same sign-in.
    expect(host.dir).toBe(dir);
    expect(await host.callUntyped('library.info', {}, session)).toMatchObject({ ok: true, value: { path: dir } });
  });

  it('opens another library; the sign-ins of the first one end', async () => {
    const { host, events } = await startHost(newLibrary());
    const session = await signUp(host);
    const other = newLibrary();
    expect(await host.callUntyped('library.open', { path: other })).toEqual({ ok: true, value: { path: other } });
    expect(host.dir).toBe(other);
    expect(events.at(-1)).toEqual({ type: 'library', path: other, error: null });
    expect(await host.callUntyped('library.info', {}, session)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });
    expect(await host.callUntyped('auth.status', {})).toMatchObject({ ok: true, value: { needsSetup: true } });
  });

  it('opens another library from the recovery state', async () => {
    const { host } = await startHost(join(tempDir(), 'unplugged'));
    expect(host.openError?.code).toBe('LIBRARY_MISSING');
    const other = newLibrary();
    expect(await host.callUntyped('library.open', { path: other })).toMatchObject({ ok: true });
    expect(host.openError).toBeNull();
    expect(await host.callUntyped('auth.status', {})).toMatchObject({ ok: true });
  });

  it("forwards the engine's events to its listeners, also after a reopen", async () => {
    const { host, events } = await startHost(newLibrary());
    host.engine!.emit({ type: 'change', tables: ['units'], unitIds: [1] });
    await host.reopen();
    host.engine!.emit({ type: 'change', tables: ['members'], unitIds: [2] });
    expect(events.filter((e) => e.type === 'change')).toEqual([
      { type: 'change', tables: ['units'], unitIds: [1] },
      { type: 'change', tables: ['members'], unitIds: [2] },
    ]);
  });

  it('opens the library even when it cannot be remembered for the next start', async () => {
    const dir = newLibrary();
    const remembered: string[] = [];
    const host = createEngineHost({
      dir,
      onOpened: (opened) => {
        remembered.push(opened);
        throw new Error('EACCES: settings.json');
      },
    });
    hosts.push(host);
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    await host.start();
    quiet.mockRestore();
    expect(remembered).toEqual([dir]);
    expect(host.openError).toBeNull();
    expect(await host.callUntyped('library.info', {})).toMatchObject({ ok: true, value: { path: dir } });
  });

  it('the CLI engine, which has no host, says where a library is chosen', async () => {
    const { createEngine } = await import('../../engine/api/engine');
    const engine = createEngine(openLibrary(newLibrary()));
    expect(await engine.call('library.reopen', {})).toMatchObject({ ok: false, error: { message: expect.stringContaining('--library') } });
    engine.close();
  });
});

describe('dangka serve events', () => {
  it('streams the engine events to a signed-in session only', async () => {
    const { host } = await startHost(newLibrary());
    const session = await signUp(host);
    const rendererDir = tempDir();
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>档卡</title>');
    const server = await startServer(host, { rendererDir });
    const { port } = new URL(server.url);
    const headers = (extra: Record<string, string>) => ({ host: `127.0.0.1:${port}`, 'x-dangka-token': server.token, ...extra });

    const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      request({ host: '127.0.0.1', port: Number(port), path: '/api/events', headers: headers({}) }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
        .on('error', reject)
        .end();
    });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body)).toMatchObject({ ok: false, error: { code: 'SIGN_IN_REQUIRED' } });

    const received = await new Promise<EngineEvent>((resolve, reject) => {
      request({ host: '127.0.0.1', port: Number(port), path: '/api/events', headers: headers({ 'x-dangka-session': session }) }, (res) => {
        expect(res.headers['content-type']).toContain('text/event-stream');
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          // The stream is open (its first comment line): now something happens in the engine.
          if (text.startsWith(':') && !text.includes('data:')) host.engine!.emit({ type: 'change', tables: ['households'], unitIds: [7] });
          const data = /^data: (.*)$/m.exec(text);
          if (data) resolve(JSON.parse(data[1]!) as EngineEvent);
        });
      })
        .on('error', reject)
        .end();
    });
    expect(received).toEqual({ type: 'change', tables: ['households'], unitIds: [7] });
    await server.close();
  });
});
