// The house rules that keep the engine plain Node and the renderer a plain web page: checked on every import.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, dir))) {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|tsx|mts)$/.test(name)) out.push(path);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3]!,
  );
}

const NODE_BUILTIN = /^(node:|fs$|path$|os$|crypto$|child_process$|http$|net$|url$|worker_threads$)/;

describe('architecture', () => {
  it('the engine and shared code never import electron', () => {
    for (const file of [...sources('engine'), ...sources('shared')]) {
      expect(imports(file).filter((s) => s === 'electron' || s.startsWith('electron/')), file).toEqual([]);
    }
  });

  it('shared code is pure: no Node built-ins, no engine, no electron, no renderer', () => {
    for (const file of sources('shared')) {
      const bad = imports(file).filter((s) => NODE_BUILTIN.test(s) || /(^|\/)(engine|electron|renderer)\//.test(s));
      expect(bad, file).toEqual([]);
    }
  });

  it('the renderer is a web page: no Node built-ins, nothing from engine or electron', () => {
    for (const file of sources('renderer/src')) {
      const bad = imports(file).filter((s) => NODE_BUILTIN.test(s) || s === 'electron' || /\/(engine|electron)\//.test(s));
      expect(bad, relative(root, join(root, file))).toEqual([]);
    }
  });

  it('the main process imports nothing from the engine: the engine runs in the engine process (electron/host.ts)', () => {
    for (const file of ['electron/main.ts', 'electron/hostProtocol.ts', 'electron/security.ts', 'electron/preload.ts']) {
      expect(imports(file).filter((s) => /(^|\/)engine\//.test(s)), file).toEqual([]);
    }
  });

  it('only the preload and main shell import electron, and the preload imports nothing else with code', () => {
    const preload = imports('electron/preload.ts');
    expect(preload.filter((s) => s !== 'electron')).toEqual(['../shared/ipc']);
    expect(imports('electron/security.ts')).not.toContain('electron');
  });
});
