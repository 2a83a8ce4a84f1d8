// `dangka serve`'s event stream (GET /api/events): the engine's changes and job progress as server-sent events for
// the renderer's subscribe — behind the token and a signed-in session, without job results (read with job.get under a session), and closed
// with the server.
import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import { unwrap } from '../../engine/api/engine';
import { startServer } from '../../engine/serve/server';
import { tempDir, tempEngine } from './helpers';

function open(url: string, path: string, headers: Record<string, string>): Promise<IncomingMessage> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(port), path, headers: { host: `127.0.0.1:${port}`, ...headers } }, resolve);
    req.on('error', reject);
    req.end();
  });
}

describe('serve events', () => {
  it('streams changes and job progress to a signed-in holder of the token, without job results', async () => {
    const engine = tempEngine();
    const rendererDir = tempDir();
    mkdirSync(rendererDir, { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>档卡</title>');
    const server = await startServer(engine, { rendererDir, token: 'test-token' });
    try {
      expect((await open(server.url, '/api/events', {})).statusCode).toBe(401);
      // The token alone (no one signed in) is not enough either.
      expect((await open(server.url, '/api/events', { 'x-dangka-token': 'test-token' })).statusCode).toBe(401);
      const { session } = unwrap(await engine.call('auth.setup', { username: 'admin', displayName: '管理员', password: 'correct horse battery' }));
      const res = await open(server.url, '/api/events', { 'x-dangka-token': 'test-token', 'x-dangka-session': session });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
      const events: EngineEvent[] = [];
      let buffer = '';
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (block.startsWith('data: ')) events.push(JSON.parse(block.slice(6)) as EngineEvent);
        }
      });
      const job = engine.jobs.start('test.secret', async () => ({ names: ['张三'] }));
      await engine.jobs.wait(job.id);
      engine.emit({ type: 'change', tables: ['household'], unitIds: [1] });
      while (!events.some((e) => e.type === 'change')) await new Promise((resolve) => setTimeout(resolve, 10));
      const ended = events.find((e) => e.type === 'job' && e.job.status === 'done');
      expect(ended).toMatchObject({ type: 'job', job: { id: job.id, status: 'done', result: null } });
      expect(JSON.stringify(events)).not.toContain('张三');
      expect(events.at(-1)).toEqual({ type: 'change', tables: ['household'], unitIds: [1] });
    } finally {
      // An open stream does not hold the server open.
      await server.close();
    }
  });
});
