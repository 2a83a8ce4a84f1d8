// scripts/test-summary.mjs: the closing line of scripts/test.sh, which CI parses ("N passed, N failed" first).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'test-summary.mjs');

function summarize(reports: { typecheck?: string; vitest?: object; playwright?: object }) {
  const dir = tempDir();
  if (reports.typecheck) writeFileSync(join(dir, 'typecheck'), reports.typecheck);
  if (reports.vitest) writeFileSync(join(dir, 'vitest.json'), JSON.stringify(reports.vitest));
  if (reports.playwright) writeFileSync(join(dir, 'playwright.json'), JSON.stringify(reports.playwright));
  const run = spawnSync(process.execPath, [script, dir], { encoding: 'utf8' });
  return { line: run.stdout.trim(), status: run.status, stderr: run.stderr };
}

const vitest = (over: object = {}) => ({ numTotalTestSuites: 40, numPassedTests: 250, numFailedTests: 0, numPendingTests: 1, numTodoTests: 1, success: true, ...over });
const playwright = (over: object = {}) => ({ stats: { expected: 31, unexpected: 0, skipped: 0, flaky: 1, ...over } });

describe('test summary line', () => {
  it('shows passed, failed, skipped and flaky; flaky tests are not counted as passed and do not fail the run', () => {
    const { line, status } = summarize({ typecheck: 'ok', vitest: vitest(), playwright: playwright() });
    expect(line).toBe('282 passed, 0 failed, 2 skipped, 1 flaky');
    expect(line).toMatch(/^\d+ passed, \d+ failed/);
    expect(status).toBe(0);
  });

  it('counts failures from the type check, vitest and Playwright, and exits 1', () => {
    const { line, status } = summarize({ typecheck: 'failed', vitest: vitest({ numPassedTests: 248, numFailedTests: 2, success: false }), playwright: playwright({ expected: 30, unexpected: 1, skipped: 2, flaky: 0 }) });
    expect(line).toBe('278 passed, 4 failed, 4 skipped, 0 flaky');
    expect(status).toBe(1);
  });

  it('a test file that did not load is a failure, and so is a missing report', () => {
    expect(summarize({ typecheck: 'ok', vitest: vitest({ success: false }), playwright: playwright() }).line).toBe('282 passed, 1 failed, 2 skipped, 1 flaky');
    const missing = summarize({ typecheck: 'ok', vitest: vitest() });
    expect(missing.line).toBe('251 passed, 1 failed, 2 skipped, 0 flaky');
    expect(missing.stderr).toContain('测试报告缺失');
    expect(missing.status).toBe(1);
  });
});
