// Prints the one closing line CI reads, "N passed, N failed, N skipped, N flaky", from the type check and the vitest
// and Playwright JSON reports (CI parses the "N passed, N failed" prefix). A flaky test — failed, then passed on a
// retry — is counted apart from the passed ones; it does not fail the run. Vitest runs without retries, so a unit
// test that fails once is failed, never flaky. Exits 1 when anything failed or a report is missing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2];
let passed = 0;
let failed = 0;
let skipped = 0;
let flaky = 0;
let missing = false;

const typecheck = join(dir, 'typecheck');
if (existsSync(typecheck) && readFileSync(typecheck, 'utf8').trim() === 'ok') passed++;
else failed++;

const vitestFile = join(dir, 'vitest.json');
if (existsSync(vitestFile)) {
  const v = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += v.numPassedTests;
  // A file that failed to load has no failed test but fails the run: it counts as one failure.
  failed += v.numFailedTests + (v.numTotalTestSuites > 0 && v.success === false && v.numFailedTests === 0 ? 1 : 0);
  skipped += v.numPendingTests + v.numTodoTests;
} else missing = true;

const pwFile = join(dir, 'playwright.json');
if (existsSync(pwFile)) {
  const p = JSON.parse(readFileSync(pwFile, 'utf8'));
  passed += p.stats.expected;
  failed += p.stats.unexpected;
  skipped += p.stats.skipped;
  flaky += p.stats.flaky;
} else missing = true;

if (missing) {
  console.error('测试报告缺失（vitest 或 Playwright 没有运行完）');
  failed++;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped, ${flaky} flaky`);
process.exit(failed > 0 ? 1 : 0);
