// The engine's side of the high-accuracy recognizer's thread (paddleWorker.ts): the same PaddleRecognizer, its pages
// read off the event loop. The thread starts with the first page (its models load there, lazily) and ends with
// release(); a thread that stops (a crash) fails the pages it held, and the next page starts a new one.
import { Worker } from 'node:worker_threads';
import { DangkaError } from '../../shared/errors';
import type { Grey } from '../imaging/raster';
import { workerEntry } from '../workerEntry';
import type { PaddleRecognizer } from './paddle';
import type { PaddleReply, PaddleRequest } from './paddleWorker';
import type { Reading } from './reading';

export function createPaddleThread(): PaddleRecognizer {
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(reading: Reading): void; reject(err: unknown): void }>();

  const stopped = (why: string) => {
    worker = null;
    const error = new DangkaError('INTERNAL', `高精度识别意外停止（${why}），该页未识别：请重新识别，或在设置中改用“快速”识别`);
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const entry = workerEntry('paddleWorker', import.meta.url);
    // From source the worker's own imports need tsx's loader, which a worker does not inherit under vitest.
    const started = new Worker(entry.url, entry.fromSource ? { execArgv: ['--import', 'tsx'] } : {});
    started.on('message', (reply: PaddleReply) => {
      const waiting = pending.get(reply.id);
      pending.delete(reply.id);
      if (!waiting) return;
      if ('reading' in reply) waiting.resolve(reply.reading);
      else waiting.reject(new DangkaError(reply.error.code, reply.error.message));
    });
    started.on('error', (err) => worker === started && stopped(String(err)));
    started.on('exit', (code) => worker === started && stopped(`退出码 ${code}`));
    return started;
  };

  return {
    read(page: Grey) {
      worker ??= start();
      const id = nextId++;
      // A copy of its own is moved to the thread: the page's pixels may be a view into the caller's PGM buffer.
      const data = new Uint8Array(page.data);
      const request: PaddleRequest = { id, page: { width: page.width, height: page.height, data } };
      return new Promise<Reading>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker!.postMessage(request, [data.buffer]);
      });
    },
    async release() {
      const ending = worker;
      worker = null;
      await ending?.terminate();
      for (const { reject } of pending.values()) reject(new DangkaError('INTERNAL', '文字识别已关闭'));
      pending.clear();
    },
  };
}
