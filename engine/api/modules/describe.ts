// Handlers of 著录 (shared/methods/describe.ts).
import type { describeMethods } from '../../../shared/methods/describe';
import { describedDocument, dossierDescription, saveDescriptions } from '../../describe/store';
import type { HandlersOf } from './index';

export const describeHandlers: HandlersOf<keyof typeof describeMethods> = {
  'describe.dossier': ({ lib }, { unitId }) => dossierDescription(lib, unitId),
  'describe.get': ({ lib }, { id }) => describedDocument(lib, id),
  'describe.save': ({ lib }, input) => {
    saveDescriptions(lib, { unitId: input.unitId, rows: input.rows, ...(input.order ? { order: input.order } : {}) });
    return input.unitId === null ? null : dossierDescription(lib, input.unitId);
  },
};
