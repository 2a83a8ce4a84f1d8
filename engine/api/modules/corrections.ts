// Handlers of shared/methods/corrections.ts: safe corrections with a reason, the 回收站, the 家庭户档 handover.
// Every change that alters what completeness counts re-checks the village it touched.
import type { correctionMethods } from '../../../shared/methods/corrections';
import { changeHouseholdStatus, correctHousehold, correctMember, statusEvents } from '../../catalog/corrections';
import { getHomeCopy, setHomeCopy } from '../../catalog/homeCopy';
import { householdDetail } from '../../catalog/households';
import { documentDetail, fileDocument } from '../../ingest/documents';
import { describePlace, isInBin, listBin, purgeDocument, restoreDocument, withdrawDocument } from '../../ingest/recycleBin';
import { recordEvent } from '../../audit/trail';
import { writeTransaction } from '../../library/library';
import { DangkaError } from '../../../shared/errors';
import { recheckUnit } from '../../validate/check';
import type { HandlersOf } from './index';

export const correctionHandlers: HandlersOf<keyof typeof correctionMethods> = {
  'household.correct': ({ lib }, { id, reason, ...change }) => {
    writeTransaction(lib.db, (db) => correctHousehold(db, id, change, reason));
    recheckUnit(lib, id);
    return householdDetail(lib, id);
  },
  'member.correct': ({ lib }, { memberId, reason, ...change }) => {
    const row = lib.db.prepare('SELECT household_id FROM member WHERE id = ?').get(memberId) as { household_id: number } | undefined;
    if (!row) throw new DangkaError('NOT_FOUND', `没有找到该家庭成员（编号 ${memberId}）`);
    writeTransaction(lib.db, (db) => correctMember(db, memberId, change, reason));
    recheckUnit(lib, row.household_id);
    return householdDetail(lib, row.household_id);
  },
  'household.changeStatus': ({ lib }, { id, status, effectiveDate, reason }) => {
    writeTransaction(lib.db, (db) => changeHouseholdStatus(db, id, status, effectiveDate, reason));
    return householdDetail(lib, id);
  },
  'household.statusEvents': ({ lib }, { id }) => statusEvents(lib.db, id),
  'documents.withdraw': ({ lib }, { id, reason }) => {
    const left = withdrawDocument(lib.db, id, reason);
    if (left !== null) recheckUnit(lib, left);
    return { documentId: id };
  },
  'documents.move': ({ lib }, { id, unitId, item, reason }) => {
    if (isInBin(lib.db, id)) throw new DangkaError('INVALID_INPUT', '该文件在回收站中，请先恢复');
    const before = documentDetail(lib, id);
    const from = describePlace(lib.db, before.unitId, before.item);
    lib.db
      .transaction(() => {
        fileDocument(lib, id, { unitId, item });
        recordEvent(lib.db, '移动文件', { documentId: id, title: before.title, from, to: describePlace(lib.db, unitId, item), reason }, unitId ?? before.unitId);
      })
      .immediate();
    for (const unit of new Set([before.unitId, unitId])) if (unit !== null) recheckUnit(lib, unit);
    return documentDetail(lib, id);
  },
  'recycleBin.list': ({ lib }) => listBin(lib.db),
  'recycleBin.restore': ({ lib }, { documentId }) => {
    const unitId = restoreDocument(lib.db, documentId);
    if (unitId !== null) recheckUnit(lib, unitId);
    return { documentId, unitId };
  },
  'recycleBin.purge': ({ lib }, { documentId }) => purgeDocument(lib, documentId),
  'homeCopy.get': ({ lib }, { householdId }) => getHomeCopy(lib.db, householdId),
  'homeCopy.set': ({ lib }, { householdId, madeOn, handedOn, handedTo }) => {
    const record = setHomeCopy(lib.db, householdId, { madeOn, handedOn, handedTo });
    recheckUnit(lib, householdId);
    return record;
  },
};
