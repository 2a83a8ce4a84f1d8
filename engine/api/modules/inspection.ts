// Handlers of shared/methods/inspection.ts: 验收销号 by people and review rounds.
import type { inspectionMethods } from '../../../shared/methods/inspection';
import { writeTransaction } from '../../library/library';
import { loadRules, signatureSlots } from '../../validate/config';
import { reportRectified, returnProblem } from '../../validate/ledger';
import { createRound, listRounds, roundProgress } from '../../validate/review';
import { signer } from '../handlers';
import type { HandlersOf } from './index';

export const inspectionHandlers: HandlersOf<keyof typeof inspectionMethods> = {
  'problems.report': ({ lib }, { id }) => writeTransaction(lib.db, (db) => reportRectified(db, id)),
  'problems.return': (ctx, { id, by, reason }) => writeTransaction(ctx.lib.db, (db) => returnProblem(db, id, signer(ctx, by), reason)),
  'rounds.list': ({ lib }) => listRounds(lib.db),
  'forms.signatureSlots': ({ lib }) => signatureSlots(loadRules(lib)),
  'rounds.create': (ctx, input) => createRound(ctx.lib.db, { ...input, createdBy: ctx.actor.displayName }),
  'rounds.progress': ({ lib }, { unitId }) => roundProgress(lib.db, unitId),
};
