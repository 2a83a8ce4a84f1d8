// The seeds' screening checklists kept as records on a household (issue 14 item 6): 一进二看三算四比五议 and 十一种人
// (seed 000), 五看·五不录·六优先 (seed 001), 两不愁三保障 on the household's 明白卡 (seed 001). The lists themselves
// live in the rules file (rule H1's params.checklists) so a province can name its own; this file says what an answer means.
import { z } from 'zod';

/**
 * What a 是 answer means per kind of list:
 * - steps: the step was done at the visit (一进…五议, 五看) — a 否 leaves the screening incomplete;
 * - exclusion: the household falls under this case (十一种人, 五不录) — a 是 excludes it from registration;
 * - priority: the household is one to favour (六优先) — informative only;
 * - guarantee: this part of 两不愁三保障 is secured — a 否 means the household cannot count as 脱贫.
 */
export const SCREENING_KINDS = ['steps', 'exclusion', 'priority', 'guarantee'] as const;
export type ScreeningKind = (typeof SCREENING_KINDS)[number];

export const SCREENING_ANSWER_LABEL: Record<ScreeningKind, { yes: string; no: string }> = {
  steps: { yes: '已做', no: '未做' },
  exclusion: { yes: '属于', no: '不属于' },
  priority: { yes: '符合', no: '不符合' },
  guarantee: { yes: '有保障', no: '未保障' },
};

/** One checklist as the rules file describes it. */
export const screeningChecklist = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  title: z.string().min(1),
  kind: z.enum(SCREENING_KINDS),
  /** Where the seeds put it: 入户核查 (the visit) or 明白卡. */
  source: z.string().default(''),
  items: z.array(z.string().min(1)).min(1),
});
export type ScreeningChecklist = z.infer<typeof screeningChecklist>;

export interface ScreeningAnswer {
  item: string;
  /** true = 是 in the list's own sense (SCREENING_ANSWER_LABEL). */
  result: boolean;
  note: string;
  /** Who checked it (the 调查人/核查人 by name) and when. */
  checkedBy: string;
  checkedOn: string;
}

export interface ScreeningRecord {
  checklist: ScreeningChecklist;
  /** Whether H1 asks this household for this list. */
  required: boolean;
  answers: ScreeningAnswer[];
  recordedBy: string | null;
  recordedAt: string | null;
}

export interface HouseholdScreening {
  householdId: number;
  lists: ScreeningRecord[];
}
