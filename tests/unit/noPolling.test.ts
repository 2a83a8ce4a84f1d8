// The renderer follows the engine's events instead of asking on a timer (issue 13): no setInterval but the idle
// lock's own clock (it reads no data), and one place that reads a job's state (followJob, under useJob and the
// stores), never in a loop of its own.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

const files = sources(join(root, 'renderer', 'src')).map((f) => ({ path: relative(root, f), text: readFileSync(f, 'utf8') }));

describe('the renderer does not poll', () => {
  it('has no interval timer but the idle lock’s clock', () => {
    expect(files.filter((f) => /\bsetInterval\s*\(/.test(f.text)).map((f) => f.path)).toEqual(['renderer/src/auth/useIdleLock.ts']);
  });

  it('reads job states in one place only', () => {
    expect(files.filter((f) => /['"]job\.get['"]/.test(f.text)).map((f) => f.path)).toEqual(['renderer/src/api/followJob.ts']);
  });
});
