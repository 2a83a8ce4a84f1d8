// Prints the one closing line CI reads, "N passed, N failed", from the type check and the vitest and
// Playwright JSON reports. Exits 1 when anything failed or a report is missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let missing = false;

const typecheck = join(dir, 'typecheck');
if (existsSync(typecheck) && readFileSync(typecheck, 'utf8').trim() === 'ok') passed++;
else failed++;

const vitestFile = join(dir, 'vitest.json');
if (existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests + (v.numTotalTestSuites > 0 && v.success === false && v.numFailedTests === 0 ? 1 : 0);
} else missing = true;

const pwFile = join(dir, 'playwright.json');
if (existsSync(pwFile)) {
  const p = JSON.parse(readFileSync(pwFile, 'utf8'));
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
} else missing = true;

if (missing) {
  console.error('测试报告缺失（vitest 或 Playwright 没有运行完）');
  failed++;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
