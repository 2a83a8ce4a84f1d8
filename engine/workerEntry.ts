// Where a worker thread's entry file is, in the three ways the engine runs: from source (vitest, `node --import
// tsx`) it is the .ts file beside its caller; built, it is the build's own entry out/main/<name>.js
// (electron.vite.config.ts), beside the bundle holding the caller when that is an entry (out/main/cli.js, host.js)
// or one folder up when it is a chunk (out/main/chunks/). Built from variables so that the bundler leaves the URLs
// alone.
import { existsSync } from 'node:fs';

export function workerEntry(name: string, callerUrl: string): { url: URL; fromSource: boolean } {
  for (const candidate of [`./${name}.ts`, `./${name}.js`, `../${name}.js`]) {
    const url = new URL(candidate, callerUrl);
    if (existsSync(url)) return { url, fromSource: candidate.endsWith('.ts') };
  }
  throw new Error(`${name} not found beside ${callerUrl} (is the build complete?)`);
}
