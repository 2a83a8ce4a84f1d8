// P1: the identification procedure complete and in order (seed 001 识别程序; 两公示一公告): 申请 → 入户调查 → 提议 →
// 商议 → 审议 → 决议 → 第一次公示 → 乡镇审核 → 第二次公示 → 县审定 → 公告 (and 决议公开 / 实施结果公开 where a
// province asks for them). The steps, their order and which are required are the rules file's (params.steps,
// params.optional); a step is missing when a later step of the round is recorded (the procedure went past it).
// 公示 periods are D4's (params.minDays). 申请 and 入户调查 are each household's: a household listed in a round's
// 公示/公告 must have its own, dated before the village's next step (the village's earliest date alone would let
// one household's application stand for all).
import { formsOf, type HouseholdData, type VillageData } from '../model';
import { cnDate, yearOf, type Rule } from '../rule';
import { headOf } from './national';

/** The steps each household takes itself, with their dates (per identification round). */
const HOUSEHOLD_STEPS = ['申请', '入户调查'] as const;

function householdStepDates(h: HouseholdData, round: number): Map<string, { date: string; formId: number }> {
  const dates = new Map<string, { date: string; formId: number }>();
  const put = (step: string, date: string, formId: number) => {
    const had = dates.get(step);
    if (!had || date < had.date) dates.set(step, { date, formId });
  };
  for (const a of formsOf(h.forms, 'application')) if ((a.fields.round ?? yearOf(a.fields.date)) === round) put('申请', a.fields.date, a.id);
  for (const c of formsOf(h.forms, 'census')) if (yearOf(c.fields.date) === round) put('入户调查', c.fields.date, c.id);
  return dates;
}

const DEFAULT_STEPS = ['申请', '入户调查', '提议', '商议', '审议', '决议', '决议公开', '第一次公示', '乡镇审核', '第二次公示', '县审定', '公告', '实施结果公开'];
const DEFAULT_OPTIONAL = ['决议公开', '实施结果公开'];

/** Each step's earliest date per identification round, with the record it comes from. */
function stepDates(village: VillageData): Map<number, Map<string, { date: string; formId: number }>> {
  const rounds = new Map<number, Map<string, { date: string; formId: number }>>();
  const put = (round: number, step: string, date: string, formId: number) => {
    let r = rounds.get(round);
    if (!r) rounds.set(round, (r = new Map()));
    const had = r.get(step);
    if (!had || date < had.date) r.set(step, { date, formId });
  };
  for (const m of formsOf(village.forms, 'meeting')) put(m.fields.round, m.fields.stage, m.fields.date, m.id);
  for (const n of formsOf(village.forms, 'notice')) put(n.fields.round, n.fields.kind, n.fields.date, n.id);
  for (const s of formsOf(village.forms, 'step')) put(s.fields.round, s.fields.step, s.fields.date, s.id);
  for (const h of village.households) {
    for (const a of formsOf(h.forms, 'application')) put(a.fields.round ?? yearOf(a.fields.date), '申请', a.fields.date, a.id);
    for (const c of formsOf(h.forms, 'census')) put(yearOf(c.fields.date), '入户调查', c.fields.date, c.id);
  }
  return rounds;
}

/** The households a round's 公示/公告 list (by the roster's head). */
function listedIn(village: VillageData, round: number): HouseholdData[] {
  const heads = new Set(formsOf(village.forms, 'notice').flatMap((n) => (n.fields.round === round ? (n.fields.households ?? []).map((e) => e.head) : [])));
  return village.households.filter((h) => heads.has(headOf(h)));
}

export const P1: Rule = {
  id: 'P1',
  check(village, ctx, emit) {
    const steps = (ctx.setting?.params.steps as string[] | undefined) ?? DEFAULT_STEPS;
    const optional = new Set((ctx.setting?.params.optional as string[] | undefined) ?? DEFAULT_OPTIONAL);
    for (const [round, dates] of stepDates(village)) {
      const last = Math.max(...steps.map((s, i) => (dates.has(s) ? i : -1)));
      const missing = steps.slice(0, last).filter((s) => !optional.has(s) && !dates.has(s));
      if (missing.length) {
        emit({
          unitId: village.id,
          key: `P1:${village.id}:${round}:missing`,
          message: `${round}年度识别程序缺少：${missing.join('、')}（已有${steps[last]}的记录）`,
          refs: [{ formId: dates.get(steps[last]!)!.formId }],
        });
      }
      // Out of order: a recorded step dated before a recorded step that must come first (the households' own
      // steps are judged per household below).
      const held = steps.filter((s) => dates.has(s) && !(HOUSEHOLD_STEPS as readonly string[]).includes(s));
      for (let i = 1; i < held.length; i++) {
        const after = dates.get(held[i]!)!;
        const before = held.slice(0, i).find((s) => dates.get(s)!.date > after.date);
        if (!before) continue;
        emit({
          unitId: village.id,
          key: `P1:${village.id}:${round}:order:${held[i]}`,
          message: `${round}年度${held[i]}（${cnDate(after.date)}）早于${before}（${cnDate(dates.get(before)!.date)}）：顺序应为 ${held.join('→')}`,
          refs: [{ formId: dates.get(before)!.formId, field: 'date' }, { formId: after.formId, field: 'date' }],
        });
      }
      // Each listed household's own 申请 and 入户调查: there, and before the village's next recorded step.
      for (const h of listedIn(village, round)) {
        const own = householdStepDates(h, round);
        const lacking = HOUSEHOLD_STEPS.filter((s) => steps.includes(s) && !optional.has(s) && !own.has(s));
        if (lacking.length) {
          emit({ unitId: h.id, key: `P1:${h.id}:${round}:missing`, message: `${h.name}户列入${round}年度公示公告，但缺少本户的${lacking.join('、')}记录`, refs: [] });
        }
        for (const [step, at] of own) {
          const next = steps.slice(steps.indexOf(step) + 1).find((s) => !(HOUSEHOLD_STEPS as readonly string[]).includes(s) && dates.has(s));
          if (next === undefined || at.date <= dates.get(next)!.date) continue;
          emit({
            unitId: h.id,
            key: `P1:${h.id}:${round}:order:${step}`,
            message: `${h.name}户的${step}（${cnDate(at.date)}）晚于本村${round}年度${next}（${cnDate(dates.get(next)!.date)}）：应先${step}，再${next}`,
            refs: [{ formId: at.formId, field: 'date' }, { formId: dates.get(next)!.formId, field: 'date' }],
          });
        }
      }
    }
  },
};
