// The high-accuracy recognizer's own thread. onnxruntime-node runs an inference synchronously on the thread that
// calls it: on the engine's thread a page's inferences held the event loop (10 of 18.5 s on the bench's 18 pages)
// while the second core waited — requests, the next page's clean-up and Tesseract's script reading all queued
// behind it. Here PP-OCRv4 reads one page at a time beside the engine (paddleThread.ts is the other side).
import { parentPort } from 'node:worker_threads';
import { DangkaError } from '../../shared/errors';
import type { Grey } from '../imaging/raster';
import { createPaddleRecognizer } from './paddle';
import type { Reading } from './reading';

export interface PaddleRequest {
  id: number;
  page: Grey;
}

export type PaddleReply = { id: number; reading: Reading } | { id: number; error: { code: DangkaError['code']; message: string } };

if (parentPort) {
  const port = parentPort;
  // Loaded once, with the thread; a failure (models missing) is the answer to every page.
  const recognizer = createPaddleRecognizer();
  recognizer.catch(() => undefined);
  port.on('message', ({ id, page }: PaddleRequest) => {
    void recognizer
      .then((r) => r.read(page))
      .then(
        (reading) => port.postMessage({ id, reading } satisfies PaddleReply),
        (err: unknown) =>
          port.postMessage({
            id,
            error: err instanceof DangkaError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: `高精度识别失败（${String(err)}）` },
          } satisfies PaddleReply),
      );
  });
}
