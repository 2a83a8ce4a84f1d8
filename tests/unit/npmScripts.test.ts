// `npm start`, `npm test`, `npm run bench`… as the README names them: every file a script runs must exist. A script
// naming a file that is not there (package.json once said scripts/start.js for scripts/start.mjs) fails here.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };

/** The files a script line runs: the first non-option argument of node/bash/sh. */
function filesRun(line: string): string[] {
  const files: string[] = [];
  for (const command of line.split(/&&|\|\||;/)) {
    const words = command.trim().split(/\s+/);
    if (!['node', 'bash', 'sh'].includes(words[0]!)) continue;
    for (let i = 1; i < words.length; i++) {
      const word = words[i]!;
      if (word === '--import' || word === '-r' || word === '--require') i++;
      else if (!word.startsWith('-')) {
        files.push(word);
        break;
      }
    }
  }
  return files;
}

describe('npm scripts', () => {
  it('every file a script runs exists (npm start opens scripts/start.mjs)', () => {
    expect(filesRun(pkg.scripts.start!)).toEqual(['scripts/start.mjs']);
    for (const [name, line] of Object.entries(pkg.scripts)) {
      for (const file of filesRun(line)) expect(existsSync(join(root, file)), `npm run ${name}: ${file}`).toBe(true);
    }
    for (const file of Object.values(pkg.bin)) expect(existsSync(join(root, file)), file).toBe(true);
  });

  it('the README names only scripts that exist', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    for (const m of readme.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, `npm run ${m[1]}`).toHaveProperty([m[1]!]);
  });
});
