// Where the shipped resources (templates, fonts, OCR data) are: beside the source in development and tests,
// beside out/ in a build, or DANGKA_RESOURCES when a packaged app says so.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

export function resourcesDir(): string {
  if (cached) return cached;
  const fromEnv = process.env.DANGKA_RESOURCES;
  if (fromEnv && existsSync(join(fromEnv, 'templates'))) return (cached = fromEnv);
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'templates'))) return (cached = candidate);
    dir = dirname(dir);
  }
  throw new Error('找不到 resources 文件夹（模板、字体）：安装不完整');
}
