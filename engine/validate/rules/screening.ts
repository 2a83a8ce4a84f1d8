// The seeds' screening checklists as the inspectors read them (issue 14 item 6): each registered household has the
// lists its rules file requires (H1); nobody the lists exclude (十一种人, 五不录) stays registered poor (H2); nobody
// counts as 脱贫 while part of 两不愁三保障 is not secured (H3). The lists come from rule H1's params.checklists.
import { SCREENING_ANSWER_LABEL, type ScreeningChecklist, type ScreeningKind } from '../../../shared/screening';
import type { HouseholdData } from '../model';
import type { Rule, RuleContext } from '../rule';

/** A 边缘户 is watched, not registered: the lists that screen registration do not apply to it. */
function registered(h: HouseholdData): boolean {
  return h.status !== 'marginal';
}

function listsOf(ctx: RuleContext, kind?: ScreeningKind): ScreeningChecklist[] {
  return (ctx.checklists ?? []).filter((l) => kind === undefined || l.kind === kind);
}

/** H1: a required list not recorded, recorded in part, or (a list of steps) with steps not done. */
export const H1: Rule = {
  id: 'H1',
  check(village, ctx, emit) {
    const required = new Set(Array.isArray(ctx.setting?.params.required) ? (ctx.setting!.params.required as string[]) : []);
    for (const h of village.households) {
      if (!registered(h)) continue;
      for (const list of listsOf(ctx)) {
        if (!required.has(list.id)) continue;
        const answers = h.screening.get(list.id);
        if (!answers || answers.size === 0) {
          emit({ unitId: h.id, key: `H1:${list.id}`, message: `${h.name}户没有“${list.title}”核查记录`, refs: [] });
          continue;
        }
        const unanswered = list.items.filter((item) => !answers.has(item));
        if (unanswered.length) {
          emit({ unitId: h.id, key: `H1:${list.id}`, message: `${h.name}户“${list.title}”核查记录缺${unanswered.length}项：${unanswered.join('、')}`, refs: [] });
          continue;
        }
        const notDone = list.kind === 'steps' ? list.items.filter((item) => answers.get(item) === false) : [];
        if (notDone.length) {
          emit({ unitId: h.id, key: `H1:${list.id}`, message: `${h.name}户“${list.title}”有${notDone.length}项${SCREENING_ANSWER_LABEL.steps.no}：${notDone.join('、')}`, refs: [] });
        }
      }
    }
  },
};

/** H2: a registered household that a list of exclusions says is one of them (十一种人, 五不录). */
export const H2: Rule = {
  id: 'H2',
  check(village, ctx, emit) {
    for (const h of village.households) {
      if (!registered(h)) continue;
      for (const list of listsOf(ctx, 'exclusion')) {
        const cases = list.items.filter((item) => h.screening.get(list.id)?.get(item) === true);
        if (cases.length === 0) continue;
        emit({
          unitId: h.id,
          key: `H2:${list.id}`,
          message: `${h.name}户“${list.title}”核查为${cases.map((c) => `“${c}”`).join('、')}，按规定不应识别为贫困户，却登记在册`,
          refs: [],
        });
      }
    }
  },
};

/** Marked 脱贫: a 脱贫年度 not after the year checked, or 户类型 稳定脱贫. */
function exited(h: HouseholdData, today: Date): boolean {
  return h.status === 'stable' || (h.exitYear !== null && h.exitYear <= today.getUTCFullYear());
}

/** H3: a household marked 脱贫 whose 明白卡 says part of 两不愁三保障 is not secured. */
export const H3: Rule = {
  id: 'H3',
  check(village, ctx, emit) {
    for (const h of village.households) {
      if (!exited(h, ctx.today)) continue;
      for (const list of listsOf(ctx, 'guarantee')) {
        const unmet = list.items.filter((item) => h.screening.get(list.id)?.get(item) === false);
        if (unmet.length === 0) continue;
        const when = h.status === 'stable' ? '已标为稳定脱贫' : `已于${h.exitYear}年脱贫`;
        emit({ unitId: h.id, key: `H3:${list.id}`, message: `${h.name}户${when}，但“${list.title}”中${unmet.join('、')}未达到`, refs: [] });
      }
    }
  },
};
