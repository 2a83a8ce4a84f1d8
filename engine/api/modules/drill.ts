import type { drillMethods } from '../../../shared/methods/drill';
import { pagesToCheck } from '../../ocr/pagesToCheck';
import type { HandlersOf } from './index';

export const drillHandlers: HandlersOf<keyof typeof drillMethods> = {
  'pages.toCheck': ({ lib }, { limit, offset }) => pagesToCheck(lib, limit, offset),
};
