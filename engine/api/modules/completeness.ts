// Handlers of shared/methods/completeness.ts.
import type { completenessMethods } from '../../../shared/methods/completeness';
import { ownCompleteness } from '../../validate/unitCompleteness';
import type { HandlersOf } from './index';

export const completenessHandlers: HandlersOf<keyof typeof completenessMethods> = {
  'completeness.unit': ({ lib }, { unitId }) => ownCompleteness(lib, unitId),
};
