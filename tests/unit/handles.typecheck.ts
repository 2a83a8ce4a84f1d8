// Compile-time guard of the typed handles (engine/library/handles.ts), checked by `npx tsc -b` (this file is part of
// the tests project; nothing here runs). Each @ts-expect-error line must stay an error: if the types ever let it
// through — an owner's write callable with a plain or read-only connection, a read function able to run a write —
// tsc fails with "Unused '@ts-expect-error' directive".
import type Database from 'better-sqlite3';
import { addProblem } from '../../engine/validate/ledger';
import { syncProblems } from '../../engine/validate/problems';
import { createUnit, getUnit, touchUnit } from '../../engine/catalog/units';
import { replaceMembers, setHouseholdStatusRow } from '../../engine/catalog/householdRecords';
import { assignContact, createPerson } from '../../engine/catalog/households';
import { correctHousehold } from '../../engine/catalog/corrections';
import { saveForm } from '../../engine/validate/formRecords';
import type { ReadDb, WriteDb } from '../../engine/library/handles';
import { writeTransaction } from '../../engine/library/library';
import { stmt } from '../../engine/library/sql';

export function ownersRefuseAPlainConnection(db: Database.Database): void {
  // @ts-expect-error an owner's write needs the writable handle: a connection outside a write transaction is refused
  createUnit(db, { parentId: null, tier: 'county', name: '示例县' });
  // @ts-expect-error
  touchUnit(db, 1);
  // @ts-expect-error
  replaceMembers(db, 1, []);
  // @ts-expect-error
  setHouseholdStatusRow(db, 1, 'ordinary');
  // @ts-expect-error
  createPerson(db, { name: '张三', post: '', workUnit: '', phone: '' });
  // @ts-expect-error
  assignContact(db, 1, 'helper', 1);
  // @ts-expect-error
  correctHousehold(db, 1, { phone: '13800000000' }, '更正');
  // @ts-expect-error
  syncProblems(db, [], [], new Set());
  // @ts-expect-error
  addProblem(db, { unitId: 1, severity: 'warning', description: '缺少照片', createdBy: '李四' });
  // @ts-expect-error
  saveForm(db, { unitId: 1, documentId: null, type: 'householdCard', fields: {}, source: 'manual' });
}

export function ownersRefuseAReadOnlyConnection(db: ReadDb): void {
  // @ts-expect-error the read side's handle cannot be passed where a write is made
  createUnit(db, { parentId: null, tier: 'county', name: '示例县' });
  // @ts-expect-error
  syncProblems(db, [], [], new Set());
}

export function theReadSideCannotWrite(db: ReadDb): void {
  getUnit(db, 1);
  stmt(db, 'SELECT 1 FROM unit').get();
  // @ts-expect-error a read-only handle's statements have no run()
  stmt(db, 'DELETE FROM unit').run();
  // @ts-expect-error
  db.prepare('UPDATE unit SET name = name').run();
  // @ts-expect-error a read-only handle has no exec()
  db.exec('DELETE FROM unit');
  // @ts-expect-error nor transactions
  db.transaction(() => undefined);
}

export function aWriteTransactionHandsOutTheWritableHandle(db: Database.Database): void {
  writeTransaction(db, (w: WriteDb) => {
    createUnit(w, { parentId: null, tier: 'county', name: '示例县' });
    getUnit(w, 1);
  });
}
