import { resolve } from 'node:path';
import type { BagImportPlan } from '../../../shared/importPlan';
import type { importPlanMethods } from '../../../shared/methods/importPlan';
import { planBagImport } from '../../pack/importBag';
import type { HandlersOf } from './index';

export const importPlanHandlers: HandlersOf<keyof typeof importPlanMethods> = {
  'pack.importPlanStart': ({ lib, jobs }, { dir, onConflict }) => ({
    jobId: jobs.start<BagImportPlan>('pack.importPlan', (ctx) => planBagImport(lib, resolve(dir), { onConflict }, ctx)).id,
  }),
};
