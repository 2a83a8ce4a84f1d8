// Test helpers: a fresh library in a temporary folder per test, removed afterwards.
import { mkdtempSync, readdirSync, rmSync, type Dirent } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach } from 'vitest';
import type { BagImportResult } from '../../shared/domain';
import { createEngine, unwrap, type Engine } from '../../engine/api/engine';
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

/** Imports a package into the engine's library and returns the result; a refused import throws its message. */
export async function importInto(engine: Engine, dir: string, onConflict: 'newer' | 'package' | 'library' = 'newer'): Promise<BagImportResult> {
  const state = await engine.jobs.wait(unwrap(await engine.call('pack.importStart', { dir, onConflict })).jobId);
  if (state.status !== 'done') throw new Error(state.error?.message ?? state.status);
  return state.result as BagImportResult;
}

/** Every file under a folder, as sorted '/'-separated relative paths. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}
