// One set of numbers (issue 15 item 5, issue 14 item 7): the page's completeness (completeness.unit) and 检查's
// (check.summary after check.run) count the same entries for the same unit — a village's 十有 entries, a
// household's 明白卡 and its 家庭户档 handover included — and move together when something is filed or recorded.
import { describe, expect, it } from 'vitest';
import { unwrap, type Engine } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { storeBlob } from '../../engine/library/blobs';
import { tempEngine } from './helpers';

async function demo(): Promise<{ engine: Engine; villageId: number; householdIds: number[] }> {
  const engine = tempEngine();
  await buildDemoLibrary(engine.lib, generateCounty({ households: 30, seed: 7 }));
  const [county] = unwrap(await engine.call('catalog.children', { parentId: null }));
  const [town] = unwrap(await engine.call('catalog.children', { parentId: county!.id }));
  const village = unwrap(await engine.call('catalog.children', { parentId: town!.id })).find((v) => v.childCount > 1)!;
  const households = unwrap(await engine.call('catalog.children', { parentId: village.id }));
  return { engine, villageId: village.id, householdIds: households.map((h) => h.id) };
}

/** The page's and the check's figures of a unit, side by side; a village's check figures cover its households too. */
async function both(engine: Engine, unitId: number) {
  unwrap(await engine.call('check.run', { unitId }));
  const page = unwrap(await engine.call('completeness.unit', { unitId }));
  const check = unwrap(await engine.call('check.summary', { unitId }));
  const below = await Promise.all(check.children.map(async (c) => unwrap(await engine.call('completeness.unit', { unitId: c.unit.id }))));
  return {
    page: { required: page.required + below.reduce((n, c) => n + c.required, 0), present: page.present + below.reduce((n, c) => n + c.present, 0), missing: page.missing },
    check: { required: check.required, present: check.present, missing: check.missing },
    entries: page.entries,
  };
}

function fileDocument(engine: Engine, unitId: number, item: string): void {
  const sha = storeBlob(engine.lib, Buffer.from(`${unitId}/${item}`), 'image/png');
  const doc = Number(engine.lib.db.prepare("INSERT INTO document (unit_id, item, title, source) VALUES (?, ?, '扫描件', 'file')").run(unitId, item).lastInsertRowid);
  engine.lib.db.prepare('INSERT INTO page (document_id, seq, master_sha256) VALUES (?, 1, ?)').run(doc, sha);
}

describe('the unit page and 检查 give the same numbers', () => {
  it('for a village: its template items and its 十有 entries, and its households below it', async () => {
    const { engine, villageId } = await demo();
    let n = await both(engine, villageId);
    expect(n.page).toEqual(n.check);
    // The village's own count includes the 十有 entries, not only the 22 template items.
    expect(n.entries.filter((e) => e.kind === 'checklist').length).toBeGreaterThan(0);
    const checklist = n.entries.find((e) => e.kind === 'checklist' && !e.present)!;
    fileDocument(engine, villageId, checklist.path);
    n = await both(engine, villageId);
    expect(n.page).toEqual(n.check);
    expect(n.entries.find((e) => e.path === checklist.path)!.present).toBe(true);
  });

  it('for a household: its 村级户档 items, its three 明白卡 and the 家庭户档 handover, not the home copy’s scans', async () => {
    const { engine, householdIds } = await demo();
    const id = householdIds[0]!;
    let n = await both(engine, id);
    expect(n.page).toEqual(n.check);
    expect(n.entries.filter((e) => e.kind === 'card')).toHaveLength(3);
    const homeCopy = n.entries.find((e) => e.kind === 'homeCopy')!;
    expect(homeCopy.present).toBe(false);
    // No item of the 家庭户档 itself (its 明白卡, 帮扶手册, 政策宣传资料) is asked for as a scan.
    expect(n.entries.some((e) => e.path.startsWith('家庭户档/') && e.kind !== 'homeCopy')).toBe(false);
    expect(n.check.missing).toContain(homeCopy.path);

    unwrap(await engine.call('homeCopy.set', { householdId: id, madeOn: '2020-03-01', handedOn: '2020-03-05', handedTo: '户主本人' }));
    fileDocument(engine, id, '村级户档/贫困户申请书');
    const after = await both(engine, id);
    expect(after.page).toEqual(after.check);
    expect(after.check.present).toBe(n.check.present + 2);
    expect(after.check.missing).not.toContain(homeCopy.path);
  });
});
