// Writes a generated sample county into an empty library in one transaction: units through createUnit (so 档号
// follow the one scheme in engine/catalog/units.ts), then households, members and the shared contact persons
// with prepared statements. Refuses a library that already holds units: demo data never mixes with a clerk's.
import type Database from 'better-sqlite3';
import { CONTACT_ROLES } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { createPerson, replaceContacts } from '../catalog/households';
import { recordBlob } from '../library/blobs';
import { archiveCodeFor, createUnit, insertUnitRecord } from '../catalog/units';
import { writeMeta, writeTransaction, type Library } from '../library/library';
import { stmt } from '../library/sql';
import { insertHouseholdRecord, replaceMembers } from '../catalog/householdRecords';
import type { DemoCounty } from './generate';
import { portraitKey, renderPortrait } from './photos';
import { screeningChecklists, writeAnswers } from '../catalog/screening';
import { loadRules } from '../validate/config';
import type { DemoHousehold } from './generate';
import type { ScreeningChecklist } from '../../shared/screening';

export interface DemoSummary {
  library: string;
  county: string;
  seed: number;
  townships: number;
  villages: number;
  households: number;
  persons: number;
  contacts: number;
  contactsWithoutPhoto: number;
  /** Distinct placeholder portraits in the file store. */
  photos: number;
}

export type DemoProgress = (phase: string, done: number, total: number) => void;

/** meta key holding the note that the library is sample data (JSON: note, city, seed, households). */
export const DEMO_META_KEY = 'demo';

function assertEmpty(db: Database.Database, dir: string): void {
  const { n } = stmt(db, 'SELECT count(*) AS n FROM unit').get() as { n: number };
  if (n > 0) {
    throw new DangkaError(
      'INVALID_INPUT',
      `该档案库中已有档案（${n} 个单位）：${dir}。示例数据只能生成到新的空档案库，以免与真实档案混在一起。请用 --library 指定一个新的空文件夹`,
    );
  }
}

/** Renders each distinct placeholder once and stores it; returns portraitKey → SHA-256. */
async function storePortraits(lib: Library, county: DemoCounty, onProgress: DemoProgress): Promise<Map<string, { sha256: string; size: number }>> {
  const keys = [...new Set(county.contacts.filter((c) => c.hasPhoto).map((c) => portraitKey(c.name, c.sex)))];
  const stored = new Map<string, { sha256: string; size: number }>();
  let done = 0;
  await Promise.all(
    keys.map(async (key) => {
      const bytes = await renderPortrait(key);
      stored.set(key, { sha256: lib.files.put(bytes), size: bytes.length });
      onProgress('生成示例照片', ++done, keys.length);
    }),
  );
  return stored;
}

export async function buildDemoLibrary(lib: Library, county: DemoCounty, onProgress: DemoProgress = () => {}): Promise<DemoSummary> {
  const { db } = lib;
  // Checked before the slow part and again inside the write transaction, where it holds.
  assertEmpty(db, lib.dir);
  const portraits = await storePortraits(lib, county, onProgress);
  const villages = county.townships.flatMap((t) => t.villages);
  const totalHouseholds = villages.reduce((n, v) => n + v.households.length, 0);
  let persons = 0;

  writeTransaction(db, (db) => {
    assertEmpty(db, lib.dir);
    for (const { sha256, size } of portraits.values()) {
      recordBlob(db, sha256, size, 'image/jpeg');
    }
    writeMeta(db, DEMO_META_KEY, JSON.stringify({ note: county.note, city: county.city, seed: county.seed, households: totalHouseholds }));
    const personIds = county.contacts.map((c) =>
      createPerson(
        db,
        { name: c.name, post: c.post, workUnit: c.workUnit, phone: c.phone },
        c.hasPhoto ? portraits.get(portraitKey(c.name, c.sex))!.sha256 : null,
      ),
    );

    const checklists = screeningChecklists(loadRules(lib)).lists;

    let done = 0;
    const countyUnit = createUnit(db, { parentId: null, tier: 'county', name: county.name, officialCode: county.code });
    for (const township of county.townships) {
      const townshipUnit = createUnit(db, { parentId: countyUnit.id, tier: 'township', name: township.name, officialCode: township.regionCode });
      for (const village of township.villages) {
        const villageUnit = createUnit(db, { parentId: townshipUnit.id, tier: 'village', name: village.name, officialCode: village.regionCode });
        village.households.forEach((h, i) => {
          // 案卷号 0001… in roster order: what createUnit would number, without its per-insert scan of siblings.
          const code = String(i + 1).padStart(4, '0');
          const head = h.members[0]!;
          const unitId = insertUnitRecord(db, {
            parentId: villageUnit.id,
            tier: 'household',
            name: head.name,
            code,
            codeOfficial: false,
            archiveCode: archiveCodeFor('household', village.regionCode, code),
          });
          insertHouseholdRecord(db, unitId, {
            householdNo: h.householdNo,
            naturalVillage: h.naturalVillage,
            attribute: h.attribute,
            mainCause: h.mainCause,
            exitYear: h.exitYear,
            perCapitaIncome: h.perCapitaIncome,
            phone: h.phone,
            declaredSize: h.members.length,
            status: h.status,
          });
          replaceMembers(db, unitId, h.members);
          replaceContacts(db, unitId, CONTACT_ROLES.map((role) => ({ role, personId: personIds[h.contacts[role]]! })));
          recordScreening(db, unitId, h, county.contacts[h.contacts.helper]!.name, checklists);
          persons += h.members.length;
        });
        done += village.households.length;
        onProgress('写入档案库', done, totalHouseholds);
      }
    }
  });

  return {
    library: lib.dir,
    county: `${county.city}${county.name}`,
    seed: county.seed,
    townships: county.townships.length,
    villages: villages.length,
    households: totalHouseholds,
    persons,
    contacts: county.contacts.length,
    contactsWithoutPhoto: county.contacts.filter((c) => !c.hasPhoto).length,
    photos: portraits.size,
  };
}

/** The registration year the demo assumes: the 2016 re-identification of seed 001. */
const DEMO_SCREENED_ON = '2016-03-10';

/**
 * A registered demo household was screened as the seeds say and passed: every step done, no exclusion applies, and
 * (for one that has left poverty) 两不愁三保障 secured. A 边缘户 was never registered, so it has no screening.
 */
function recordScreening(db: Database.Database, householdId: number, h: DemoHousehold, checkedBy: string, checklists: readonly ScreeningChecklist[]): void {
  if (h.status === 'marginal') return;
  for (const list of checklists) {
    const answers = list.items.map((item) => ({
      item,
      result: list.kind === 'exclusion' ? false : list.kind === 'priority' ? item.includes(h.mainCause.replace(/^因/, '')) : true,
      note: '',
      checkedBy,
      checkedOn: DEMO_SCREENED_ON,
    }));
    writeAnswers(db, householdId, list, answers, '示例数据');
  }
}
