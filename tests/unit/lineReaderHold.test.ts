// The orientation probe's Tesseract worker is held for a whole PDF: between two pages lie the next page's rendering
// and clean-up, which on a busy machine outlast the idle time, and a worker started again for every page cost
// seconds a page (issue 17, item 5). Released, it stops after the idle time as before.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const starts = vi.fn();
const terminations = vi.fn();
vi.mock('../../engine/ocr/worker', () => ({
  startWorker: async () => {
    starts();
    return {
      setParameters: async () => undefined,
      recognize: async () => ({ data: { confidence: 90 } }),
      terminate: async () => terminations(),
    };
  },
}));

const { closeLineReader, holdLineReader, lineConfidence } = await import('../../engine/ocr/lineReader');

describe('orientation reader held through a long file', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    starts.mockClear();
    terminations.mockClear();
  });
  afterEach(async () => {
    vi.useRealTimers();
    await closeLineReader();
  });

  it('keeps one worker across pages however long a page takes, and stops it once released and idle', async () => {
    const release = holdLineReader();
    await lineConfidence(Buffer.from('page 1'));
    await vi.advanceTimersByTimeAsync(60_000); // the next page renders slowly
    await lineConfidence(Buffer.from('page 2'));
    expect(starts).toHaveBeenCalledTimes(1);
    expect(terminations).not.toHaveBeenCalled();

    release();
    release(); // a second release changes nothing
    await vi.advanceTimersByTimeAsync(60_000);
    expect(terminations).toHaveBeenCalledTimes(1);
  });

  it('without a hold, stops the idle worker between reads (an app left open does not keep it)', async () => {
    await lineConfidence(Buffer.from('page 1'));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(terminations).toHaveBeenCalledTimes(1);
    await lineConfidence(Buffer.from('page 2'));
    expect(starts).toHaveBeenCalledTimes(2);
  });
});
