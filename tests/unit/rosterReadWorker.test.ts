// The .xlsx roster reader runs exceljs in a worker thread with a bounded heap (engine/roster/read.ts): rows still
// reach the caller in file order one at a time, a cancel stops the read and leaves no thread behind, and a workbook
// too big for the worker's heap is refused in Chinese instead of taking the engine down.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { streamRosterRows, type SheetRow } from '../../engine/roster/read';
import { DangkaError } from '../../shared/errors';
import { householdRows, rosterXlsx } from '../fixtures/rosterFile';

/** 3 persons a household: 1,000 households are 3,001 rows with the header, three batches and a part. */
async function countyXlsx(households: number): Promise<Buffer> {
  return rosterXlsx(Array.from({ length: households }, (_, i) => householdRows(String(4199990000001 + i), { size: 3, seq: i + 1 })).flat());
}

/** The threads this process runs now (Linux): a worker left running would be one more. */
function threadCount(): number {
  return Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
}

describe('roster .xlsx reader in a worker', () => {
  it('visits every row in file order, one at a time, and leaves the caller’s bytes intact', async () => {
    const bytes = await countyXlsx(1000);
    const before = Buffer.from(bytes);
    const seen: number[] = [];
    let visiting = false;
    await streamRosterRows('花名册.xlsx', bytes, async (row: SheetRow, sheet) => {
      // Each visit is awaited before the next row arrives, as callers that yield to the event loop rely on.
      expect(visiting).toBe(false);
      visiting = true;
      expect(sheet).toEqual({ index: 0, name: '人员信息' });
      seen.push(row.rowNumber);
      await new Promise((resolve) => setImmediate(resolve));
      visiting = false;
    });
    expect(seen).toEqual(Array.from({ length: 3001 }, (_, i) => i + 1));
    // The worker gets a copy of its own: the caller's buffer is neither moved away nor changed.
    expect(bytes.equals(before)).toBe(true);
  });

  it('a visitor error (a cancel) passes through unchanged, stops the read and ends the worker thread', async () => {
    const bytes = await countyXlsx(1000);
    // A first full read starts the threads Node keeps for good (its thread pool), so the count below is the worker's.
    await streamRosterRows('花名册.xlsx', bytes, () => undefined);
    const threadsBefore = threadCount();
    const cancel = new Error('已取消');
    let visits = 0;
    let failure: unknown = null;
    try {
      await streamRosterRows('花名册.xlsx', bytes, (row) => {
        visits++;
        if (row.rowNumber === 1500) throw cancel;
      });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBe(cancel);
    expect(visits).toBe(1500);
    expect(threadCount()).toBe(threadsBefore);
  });

  it('a workbook too big for the worker’s heap is refused in Chinese, with nothing visited, and the engine carries on', async () => {
    const bytes = await countyXlsx(1000);
    let visits = 0;
    let failure: unknown = null;
    try {
      // A heap far smaller than the default stands in for a county's file too big for the default (measured: a
      // 198,250-person roster needs more than 48 MB; this 3,001-row one more than 8 MB).
      await streamRosterRows('花名册.xlsx', bytes, () => void visits++, undefined, { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 });
    } catch (err) {
      failure = err;
    }
    expect(failure).toBeInstanceOf(DangkaError);
    expect((failure as DangkaError).code).toBe('ROSTER_INVALID');
    expect((failure as DangkaError).message).toMatch(/太大或太复杂.*没有导入任何内容/);
    expect(visits).toBe(0);
    // The same file reads in full with the default heap right after.
    let rows = 0;
    await streamRosterRows('花名册.xlsx', bytes, () => void rows++);
    expect(rows).toBe(3001);
  });

  it('a damaged workbook is still refused with the Chinese message, whether cut early or near its end', async () => {
    const bytes = await countyXlsx(300);
    for (const cut of [3000, Math.round(bytes.length * 0.95)]) {
      await expect(streamRosterRows('花名册.xlsx', bytes.subarray(0, cut), () => undefined)).rejects.toThrow(/无法读取该 Excel 文件：文件可能已损坏或不完整/);
    }
  });
});
