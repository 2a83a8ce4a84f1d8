// Inspection as the seeds run it (issue 14): 验收销号 by people (report done, accept, send back) and review rounds
// (核查轮次) with their stages, groups and signatures.
import { z } from 'zod';
import { method } from '../contract';
import { REVIEW_STAGES, type Problem } from '../domain';
import { isoDate, type FormType } from '../forms';
import type { ReviewRound, RoundProgress } from '../inspection';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);

export const inspectionMethods = {
  /** 整改完成: the clerk reports the rectification done; the problem waits for a reviewer's acceptance. */
  'problems.report': method<Problem>()(z.object({ id })),
  /** 退回整改: a reviewer does not accept the rectification, with the reason. */
  'problems.return': method<Problem>()(z.object({ id, by: text(20).min(1, '请填写退回人'), reason: text(500).min(1, '请填写退回理由') }), 'reviewer'),
  'rounds.list': method<ReviewRound[]>()(z.object({})),
  /** A review round: its name, scope, and per stage a deadline and the group (复核 two people, 审核 a leader). */
  'rounds.create': method<ReviewRound>()(
    z.object({
      name: text(60).min(1, '请填写轮次名称'),
      note: text(500).default(''),
      unitIds: z.array(id).min(1, '请选择轮次范围内的单位').max(10_000),
      stages: z
        .array(
          z.object({
            stage: z.enum(REVIEW_STAGES),
            deadline: isoDate.nullable().default(null),
            members: z.array(z.object({ person: text(20).min(1, '请填写姓名'), leader: z.boolean().default(false) })).min(1).max(50),
          }),
        )
        .length(3, '请为核查、复核、审核三个环节分别安排人员'),
    }),
    'reviewer',
  ),
  /** The signature slots of each form type, as the rules file names them (rule S1). */
  'forms.signatureSlots': method<Partial<Record<FormType, string[]>>>()(z.object({})),
  /** How far each round covering the unit got on it. */
  'rounds.progress': method<RoundProgress[]>()(z.object({ unitId: id })),
} as const;
