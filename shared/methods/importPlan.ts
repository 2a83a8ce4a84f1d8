// The preview before a package is merged (issue 15 item 6): counts and named conflicts, nothing written.
import { z } from 'zod';
import { CONFLICT_RULES } from '../domain';
import { method } from '../contract';

export const importPlanMethods = {
  /** Verifies a package and rehearses its merge under the chosen rule, as a job; its result is a BagImportPlan. */
  'pack.importPlanStart': method<{ jobId: string }>()(
    z.object({
      dir: z.string().trim().min(1, '请选择要导入的数据包').max(1000),
      onConflict: z.enum(CONFLICT_RULES).default('newer'),
    }),
    'reviewer',
  ),
} as const;
