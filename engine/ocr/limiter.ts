// Keeps the OCR pool fed without flooding memory: page clean-up runs on the main thread while the pool's workers
// read earlier pages, and at most `limit` cleaned pages are read or waiting at once (each holds a few MB).
export interface InFlightLimiter {
  /** Resolves when fewer than `limit` tracked tasks are unfinished. */
  admit(): Promise<void>;
  /** Counts `task` until it settles; returns it unchanged. */
  track<T>(task: Promise<T>): Promise<T>;
}

export function inFlightLimiter(limit: number): InFlightLimiter {
  const inFlight = new Set<Promise<unknown>>();
  return {
    async admit() {
      while (inFlight.size >= limit) await Promise.race(inFlight);
    },
    track(task) {
      const settled: Promise<unknown> = task.then(
        () => inFlight.delete(settled),
        () => inFlight.delete(settled),
      );
      inFlight.add(settled);
      return task;
    },
  };
}
