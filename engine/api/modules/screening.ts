// Handlers of shared/methods/screening.ts. Saving a list re-checks the village: H1–H3 read the answers.
import type { screeningMethods } from '../../../shared/methods/screening';
import { getScreening, saveScreening } from '../../catalog/screening';
import { loadRules } from '../../validate/config';
import { recheckUnit } from '../../validate/check';
import type { HandlersOf } from './index';

export const screeningHandlers: HandlersOf<keyof typeof screeningMethods> = {
  'screening.get': ({ lib }, { householdId }) => getScreening(lib.db, loadRules(lib), householdId),
  'screening.save': ({ lib }, { householdId, checklist, answers }) => {
    const saved = saveScreening(lib.db, loadRules(lib), householdId, checklist, answers);
    recheckUnit(lib, householdId);
    return saved;
  },
};
