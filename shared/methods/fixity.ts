// 四性检测 of the library's stored files (engine/library/fixity.ts): a job; its result is a FixityReport.
import { z } from 'zod';
import { method } from '../contract';

export const fixityMethods = {
  'library.fixityStart': method<{ jobId: string }>()(z.object({}), 'admin'),
} as const;
