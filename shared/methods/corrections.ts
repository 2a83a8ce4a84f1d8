// Safe corrections (issue 15 item 3): household and member data, 户类型 as dated events, the 回收站, moving a
// document — each with the reason the clerk types — and the 家庭户档 handover (issue 14 item 7).
import { z } from 'zod';
import type { BinEntry, HomeCopy, StatusEvent } from '../corrections';
import { method } from '../contract';
import { HOUSEHOLD_STATUSES, type DocumentDetail, type HouseholdDetail } from '../domain';
import { isoDate } from '../forms';
import { normalizePhone, PHONE_MESSAGE } from '../phone';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);
/** Why the clerk corrects: kept in the 操作记录 beside the old and new values. */
const reason = text(200).min(2, '请填写更正理由（至少2个字）');
const optionalPhone = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    if (raw === '') return '';
    const phone = normalizePhone(raw);
    if (phone === null) {
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });

export const correctionMethods = {
  /** 自然村, 联系电话, 人数 of a household. */
  'household.correct': method<HouseholdDetail>()(
    z.object({
      id,
      naturalVillage: text(40).optional(),
      phone: optionalPhone.optional(),
      declaredSize: z.number().int('人数应为整数').min(1, '人数至少为1').max(30, '人数不能超过30').nullable().optional(),
      reason,
    }),
  ),
  /** 姓名, 身份证号 (checked per GB 11643), 与户主关系 of a member. */
  'member.correct': method<HouseholdDetail>()(
    z.object({
      memberId: id,
      name: text(20).min(1, '请填写姓名').optional(),
      idNumber: z.string().trim().max(24, '身份证号应为18位').optional(),
      relation: text(10).min(1, '请填写与户主关系').optional(),
      reason,
    }),
  ),
  /** 动态调整: a new 户类型 from a date, for a reason; `confirmed` is the clerk's answer to 确认调整. */
  'household.changeStatus': method<HouseholdDetail>()(
    z.object({ id, status: z.enum(HOUSEHOLD_STATUSES), effectiveDate: isoDate, reason, confirmed: z.literal(true, { message: '请确认户类型调整' }) }),
  ),
  'household.statusEvents': method<StatusEvent[]>()(z.object({ id })),
  /** 删除: the document goes to the 回收站 (nothing is lost until an administrator purges it). */
  'documents.withdraw': method<{ documentId: number }>()(z.object({ id, reason })),
  /** Files a document elsewhere (another unit or item, or the inbox); the trail says from where to where and why. */
  'documents.move': method<DocumentDetail>()(z.object({ id, unitId: id.nullable(), item: text(200).nullable(), reason })),
  'recycleBin.list': method<BinEntry[]>()(z.object({})),
  'recycleBin.restore': method<{ documentId: number; unitId: number | null }>()(z.object({ documentId: id }), 'admin'),
  /** For good, after the administrator confirmed; files shared with another document stay. */
  'recycleBin.purge': method<{ filesRemoved: number }>()(
    z.object({ documentId: id, confirmed: z.literal(true, { message: '请确认彻底删除' }) }),
    'admin',
  ),
  'homeCopy.get': method<HomeCopy | null>()(z.object({ householdId: id })),
  /** 家庭户档 made and handed to the household: completeness then asks for no scan of it. */
  'homeCopy.set': method<HomeCopy>()(
    z
      .object({ householdId: id, madeOn: isoDate, handedOn: isoDate, handedTo: text(20).min(1, '请填写接收人') })
      .refine((v) => v.handedOn >= v.madeOn, { message: '交付日期不能早于制作日期', path: ['handedOn'] }),
  ),
} as const;
