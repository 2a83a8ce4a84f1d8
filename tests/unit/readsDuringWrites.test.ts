// Issue 13, "one writer": a long write (a roster import, a full check) does not hold the reads of the same process.
// The write runs on a connection of its own and pauses between chunks; a read made meanwhile is answered from the
// last committed catalog, and the write shows whole when it commits. Deterministic: the read is made when the job
// reports a chunk written, not after a timer.
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import type { JobState, RosterImportResult } from '../../shared/domain';
import { householdRows, rosterXlsx, type RosterRow } from '../fixtures/rosterFile';
import { detachedContext } from '../../engine/jobs/jobs';
import { packUnit } from '../../engine/pack/pack';
import { tempDir, tempEngine } from './helpers';

const HOUSEHOLDS = 160;

function manyHouseholds(): RosterRow[] {
  const rows: RosterRow[] = [];
  for (let i = 1; i <= HOUSEHOLDS; i++) rows.push(...householdRows(`41999900${String(i).padStart(5, '0')}`, { size: 2, seq: i }));
  return rows;
}

const householdCount = (engine: Engine) => (engine.lib.db.prepare('SELECT count(*) AS n FROM household').get() as { n: number }).n;

describe('reads during a long write', () => {
  it('answers a catalog read while a roster import is writing, from the catalog as it was until the import commits', async () => {
    const engine = tempEngine();
    const bytes = await rosterXlsx(manyHouseholds());
    const { jobId } = unwrap(await engine.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes.toString('base64'), keepValid: false }));
    let readDuringWrite: Promise<{ answeredWhile: JobState; households: number; topUnits: number }> | null = null;
    const final = await engine.jobs.wait(jobId, (state) => {
      // The first chunk written: the transaction is open and more chunks follow.
      if (readDuringWrite || state.phase !== '写入数据库' || state.done === 0) return;
      readDuringWrite = engine.call('catalog.children', { parentId: null }).then((answer) => ({
        answeredWhile: engine.jobs.get(jobId),
        households: householdCount(engine),
        topUnits: unwrap(answer).length,
      }));
    });
    expect(readDuringWrite).not.toBeNull();
    const during = await readDuringWrite!;
    expect(during.answeredWhile).toMatchObject({ status: 'running', phase: '写入数据库' });
    expect(during.answeredWhile.done).toBeLessThan(HOUSEHOLDS);
    // Nothing of the import is visible before its commit: no half-imported county.
    expect(during).toMatchObject({ households: 0, topUnits: 0 });
    expect(final.status).toBe('done');
    expect((final.result as RosterImportResult).households.created).toBe(HOUSEHOLDS);
    expect(householdCount(engine)).toBe(HOUSEHOLDS);
    engine.close();
  });

  it('a cancel during the write rolls the whole import back', async () => {
    const engine = tempEngine();
    const bytes = await rosterXlsx(manyHouseholds());
    const { jobId } = unwrap(await engine.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes.toString('base64'), keepValid: false }));
    let cancelled = false;
    const final = await engine.jobs.wait(jobId, (state) => {
      if (cancelled || state.phase !== '写入数据库' || state.done === 0) return;
      cancelled = true;
      engine.jobs.cancel(jobId);
    });
    expect(final.status).toBe('cancelled');
    expect(final.error?.message).toContain('未做任何修改');
    expect(householdCount(engine)).toBe(0);
    // The library is free again: the next import writes.
    const again = await engine.jobs.wait(unwrap(await engine.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes.toString('base64'), keepValid: false })).jobId);
    expect(again.status).toBe('done');
    expect(householdCount(engine)).toBe(HOUSEHOLDS);
    engine.close();
  });

  it('answers a read while a full check is running and shows its results when it commits', async () => {
    const engine = tempEngine();
    const bytes = await rosterXlsx(manyHouseholds().map((r) => ({ ...r, 行政村: `村${Number(String(r.户编号).slice(-3)) % 8}` })));
    expect((await engine.jobs.wait(unwrap(await engine.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes.toString('base64'), keepValid: false })).jobId)).status).toBe('done');
    let checkOver = false;
    const checking = engine.call('check.run', {}).then((r) => {
      checkOver = true;
      return unwrap(r);
    });
    // The check pauses between villages: a read made now is answered before it ends.
    const read = unwrap(await engine.call('catalog.children', { parentId: null }));
    expect(read.length).toBe(1);
    expect(checkOver).toBe(false);
    const run = await checking;
    expect(run.unitsChecked).toBeGreaterThan(HOUSEHOLDS);
    const stored = (engine.lib.db.prepare('SELECT count(*) AS n FROM check_result').get() as { n: number }).n;
    expect(stored).toBe(run.unitsChecked);
    engine.close();
  });

  /** A package of the roster's county (its units and households), and a second, empty library to import it into. */
  async function countyPackage(): Promise<{ dir: string; into: Engine }> {
    const from = tempEngine();
    const bytes = await rosterXlsx(manyHouseholds());
    expect((await from.jobs.wait(unwrap(await from.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes.toString('base64'), keepValid: false })).jobId)).status).toBe('done');
    const [county] = unwrap(await from.call('catalog.children', { parentId: null }));
    const outDir = tempDir();
    const packed = await packUnit(from.lib, { unitId: county!.id, outDir, include: { masters: true, pdfs: false }, maxPartBytes: null }, detachedContext());
    from.close();
    return { dir: packed.bags[0]!.path, into: tempEngine() };
  }

  it('answers a catalog read while a package import is writing, and a cancel there leaves the library as it was', async () => {
    const { dir, into } = await countyPackage();
    const start = async () => unwrap(await into.call('pack.importStart', { dir, onConflict: 'newer' })).jobId;

    const cancelledId = await start();
    let cancelled = false;
    const stopped = await into.jobs.wait(cancelledId, (state) => {
      if (cancelled || state.phase !== '写入档案库' || state.done === 0) return;
      cancelled = true;
      into.jobs.cancel(cancelledId);
    });
    expect(stopped.status).toBe('cancelled');
    expect(householdCount(into)).toBe(0);

    const jobId = await start();
    let readDuringWrite: Promise<{ answeredWhile: JobState; households: number; topUnits: number }> | null = null;
    const final = await into.jobs.wait(jobId, (state) => {
      if (readDuringWrite || state.phase !== '写入档案库' || state.done === 0) return;
      readDuringWrite = into.call('catalog.children', { parentId: null }).then((answer) => ({
        answeredWhile: into.jobs.get(jobId),
        households: householdCount(into),
        topUnits: unwrap(answer).length,
      }));
    });
    expect(readDuringWrite).not.toBeNull();
    const during = await readDuringWrite!;
    expect(during.answeredWhile).toMatchObject({ status: 'running', phase: '写入档案库' });
    expect(during).toMatchObject({ households: 0, topUnits: 0 });
    expect(final.status, final.error?.message).toBe('done');
    expect(householdCount(into)).toBe(HOUSEHOLDS);
    into.close();
  });
});
