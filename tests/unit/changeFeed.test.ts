// The change feed (engine/api/changeFeed.ts): every committed write is announced with its tables and units, and
// completeness, problems and the search index follow it — no handler re-checks by itself, and no `check.run` is
// needed for the village page, the household page and 检查 to agree.
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../shared/events';
import { unwrap, type Engine } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { tempEngine } from './helpers';

async function demo(): Promise<Engine> {
  const engine = tempEngine();
  await buildDemoLibrary(engine.lib, generateCounty({ households: 40, seed: 5 }));
  unwrap(await engine.call('check.run', {}));
  return engine;
}

function changes(engine: Engine): Extract<EngineEvent, { type: 'change' }>[] {
  const seen: Extract<EngineEvent, { type: 'change' }>[] = [];
  engine.subscribe((e) => {
    if (e.type === 'change') seen.push(e);
  });
  return seen;
}

/** How many households the village's open K2 problem (三张明白卡不全) counts; 0 when none is open. */
async function incompleteCards(engine: Engine, villageId: number): Promise<number> {
  const open = unwrap(await engine.call('problems.list', { unitId: villageId, status: 'open', limit: 500 })).problems;
  // A problem the check no longer finds waits for a person's acceptance (已整改待验收): it counts as none left.
  const k2 = open.find((p) => p.ruleId === 'K2' && p.unit.id === villageId && p.stage !== 'rectified');
  return k2 ? Number(/有(\d+)户/.exec(k2.description)?.[1]) : 0;
}

describe('change feed', () => {
  it('re-checks the household when its contact person gets a photo: household, village and 检查 agree without check.run', async () => {
    const engine = await demo();
    const db = engine.lib.db;
    // A household whose 帮扶责任人 has no photo: its 明白卡 entry lacks 照片.
    const row = db
      .prepare(
        `SELECT hc.household_id AS householdId, p.id AS personId, u.parent_id AS villageId FROM household_contact hc
           JOIN contact_person p ON p.id = hc.person_id JOIN unit u ON u.id = hc.household_id
          WHERE p.photo_sha256 IS NULL ORDER BY hc.household_id LIMIT 1`,
      )
      .get() as { householdId: number; personId: number; villageId: number } | undefined;
    expect(row, 'the demo has a contact without a photo').toBeDefined();
    const households = (db.prepare('SELECT household_id AS id FROM household_contact WHERE person_id = ?').all(row!.personId) as { id: number }[]).map((h) => h.id);
    const before = unwrap(await engine.call('check.summary', { unitId: row!.householdId }));
    expect(before.missing.join('；')).toContain('照片');
    const villageBefore = unwrap(await engine.call('check.summary', { unitId: row!.villageId }));
    const cardsBefore = await incompleteCards(engine, row!.villageId);
    expect(cardsBefore).toBeGreaterThan(0);

    const seen = changes(engine);
    const photo = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#d0d8e0' } }).jpeg().toBuffer();
    unwrap(await engine.call('contact.setPhoto', { personId: row!.personId, fileName: 'p.jpg', contentBase64: photo.toString('base64') }));

    // No check.run: the household's own figures, its village's roll-up and its open problems all moved.
    const after = unwrap(await engine.call('check.summary', { unitId: row!.householdId }));
    expect(after.missing.join('；')).not.toContain('照片');
    expect(after.checkedAt).not.toBe(before.checkedAt);
    const villageAfter = unwrap(await engine.call('check.summary', { unitId: row!.villageId }));
    expect(villageAfter.present).toBeGreaterThan(villageBefore.present);
    // The village's 明白卡 problem (K2) counts fewer households, or waits for acceptance as rectified.
    expect(await incompleteCards(engine, row!.villageId)).toBeLessThan(cardsBefore);

    // One announcement: the person's table, the problems the re-check closed, and every household the person serves
    // with its village, township and county.
    expect(seen).toHaveLength(1);
    expect(seen[0]!.tables).toEqual(expect.arrayContaining(['contact_person', 'problem']));
    expect(seen[0]!.unitIds).toEqual(expect.arrayContaining([...households, row!.villageId]));
    const county = db.prepare("SELECT id FROM unit WHERE tier = 'county'").get() as { id: number };
    expect(seen[0]!.unitIds).toContain(county.id);
  });

  it('announces nothing for reads, and writes from outside a call (another process) on the next look', async () => {
    const engine = await demo();
    const seen = changes(engine);
    const village = engine.lib.db.prepare("SELECT id FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number };
    unwrap(await engine.call('catalog.children', { parentId: village.id }));
    unwrap(await engine.call('check.summary', { unitId: village.id }));
    expect(seen).toEqual([]);
    // A rename written straight to the database, as another process would: the next call's look announces it.
    engine.lib.db.prepare('UPDATE unit SET name = ? WHERE id = ?').run('改名村', village.id);
    unwrap(await engine.call('catalog.children', { parentId: village.id }));
    expect(seen).toHaveLength(1);
    expect(seen[0]!.tables).toContain('unit');
    expect(seen[0]!.unitIds).toContain(village.id);
  });
});
