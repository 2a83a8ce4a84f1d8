// One set of numbers (issue 15 item 5): a unit's own completeness entry by entry, counted as 检查 counts it.
import { z } from 'zod';
import type { UnitCompleteness } from '../completeness';
import { method } from '../contract';

export const completenessMethods = {
  'completeness.unit': method<UnitCompleteness>()(z.object({ unitId: z.number().int().positive() })),
} as const;
