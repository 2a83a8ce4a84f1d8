// The county-wide 操作记录 (issue 15 item 6): every record of the trail, filtered by who, when, what and unit, paged.
import { z } from 'zod';
import { method } from '../contract';
import type { AuditEntry } from '../domain';

export interface AuditLogPage {
  total: number;
  entries: (AuditEntry & { place: string })[];
  refs: Record<string, string>;
  /** Everyone who appears in the trail, for the 操作人 filter. */
  actors: string[];
  /** The kinds of record (table key → Chinese), for the 内容 filter. */
  kinds: Record<string, string>;
}

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const auditLogMethods = {
  'audit.search': method<AuditLogPage>()(
    z
      .object({
        actor: z.string().trim().max(100).optional(),
        from: day.optional(),
        to: day.optional(),
        kind: z.string().regex(/^[a-z_]+$/).max(40).optional(),
        /** Everything recorded on this unit and below it. */
        unitId: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .refine((v) => !v.from || !v.to || v.from <= v.to, '起始日期不能晚于结束日期'),
    'reviewer',
  ),
} as const;
