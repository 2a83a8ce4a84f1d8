// Test helpers: a fresh library in a temporary folder per test, removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createEngine, type Engine } from '../../engine/api/engine';
import { openLibrary } from '../../engine/library/library';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export function tempDir(prefix = 'dangka-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function tempEngine(): Engine {
  const dir = join(tempDir(), 'library');
  const engine = createEngine(openLibrary(dir, { create: true }));
  cleanups.unshift(() => engine.close());
  return engine;
}
