// 全面检查 as a job (issue 15 item 6): the renderer follows its progress (villages checked, ETA) and can cancel it.
import { z } from 'zod';
import { method } from '../contract';

export interface CheckRunResult {
  unitsChecked: number;
  errors: number;
  warnings: number;
}

export const checkJobMethods = {
  /** Checks every unit of the library as a job; its result is a CheckRunResult. */
  'check.runStart': method<{ jobId: string }>()(z.object({})),
} as const;
