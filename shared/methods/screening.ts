// The screening checklists of a household (issue 14 item 6; shared/screening.ts): read them with the lists the rules
// file names, save one list whole.
import { z } from 'zod';
import { method } from '../contract';
import { isoDate } from '../forms';
import type { HouseholdScreening } from '../screening';

const id = z.number().int().positive();

export const screeningAnswerInput = z.object({
  item: z.string().trim().min(1).max(100),
  result: z.boolean({ message: '请选择核查结果' }),
  note: z.string().trim().max(200, '说明不能超过200个字').default(''),
  checkedBy: z.string().trim().min(1, '请填写核查人').max(20, '核查人不能超过20个字'),
  checkedOn: isoDate,
});

export const screeningMethods = {
  'screening.get': method<HouseholdScreening>()(z.object({ householdId: id })),
  /** One list, every item answered; re-checks the village. */
  'screening.save': method<HouseholdScreening>()(
    z.object({ householdId: id, checklist: z.string().trim().min(1), answers: z.array(screeningAnswerInput).min(1, '请填写核查结果').max(100) }),
  ),
} as const;
