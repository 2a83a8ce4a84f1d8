// The household and its people: causes from the template's list (F1), ID numbers (F2), one person in two
// households (F3), one head and a valid phone (F4), a cause or measure that does not fit the family (F5).
import { parseIdNumber, ID_PROBLEM_MESSAGE, maskIdNumber } from '../../../shared/idNumber';
import { normalizePhone } from '../../../shared/phone';
import { numberParam } from '../config';
import { formsOf, type HouseholdData, type MemberData, type VillageData } from '../model';
import type { Rule } from '../rule';

export const F1: Rule = {
  id: 'F1',
  check(village, ctx, emit) {
    const causes = new Set(ctx.template.enums['致贫原因'] ?? []);
    for (const h of village.households) {
      const survey = formsOf(h.forms, 'survey')[0];
      const main = survey?.fields.mainCause || h.mainCause || '';
      const wrong: string[] = [];
      if (main && causes.size > 0 && !causes.has(main)) wrong.push(`主要致贫原因“${main}”不在规定选项内（${[...causes].join('、')}）`);
      if (main.includes('、') || main.includes(',') || main.includes('，')) wrong.push(`主要致贫原因只能填一项（填了“${main}”）`);
      const others = survey?.fields.otherCauses ?? [];
      if (others.length > 2) wrong.push(`其他致贫原因最多两项（填了${others.length}项）`);
      if (main && others.includes(main)) wrong.push(`其他致贫原因与主要致贫原因重复（${main}）`);
      for (const o of others) if (causes.size > 0 && !causes.has(o)) wrong.push(`其他致贫原因“${o}”不在规定选项内`);
      if (wrong.length === 0) continue;
      emit({ unitId: h.id, key: `F1:${h.id}`, message: `${h.name}户：${wrong.join('；')}`, refs: survey ? [{ formId: survey.id, field: 'mainCause' }] : [] });
    }
  },
};

export const F2: Rule = {
  id: 'F2',
  check(village, _ctx, emit) {
    for (const h of village.households) {
      for (const m of h.members) {
        const parsed = parseIdNumber(m.idNumber);
        let why: string | null = null;
        if (!parsed.ok) why = ID_PROBLEM_MESSAGE[parsed.problem];
        else if (m.sex && m.sex !== parsed.info.sex) why = `性别填“${m.sex}”，身份证号显示为${parsed.info.sex}`;
        else if (m.birthDate && m.birthDate !== parsed.info.birthDate && !parsed.info.birthDate.startsWith(m.birthDate)) {
          why = `出生日期填${m.birthDate}，身份证号显示为${parsed.info.birthDate}`;
        }
        if (!why) continue;
        emit({ unitId: h.id, key: `F2:${h.id}:${m.idNumber}`, message: `${h.name}户成员${m.name}（${maskIdNumber(m.idNumber)}）：${why}`, refs: [] });
      }
    }
  },
};

export const F3: Rule = {
  id: 'F3',
  check(village, ctx, emit) {
    for (const h of village.households) {
      for (const m of h.members) {
        const holders = ctx.sharedIds.get(m.idNumber);
        if (!holders) continue;
        const others = holders.filter((o) => o.householdId !== h.id);
        if (others.length === 0) continue;
        emit({
          unitId: h.id,
          key: `F3:${h.id}:${m.idNumber}`,
          message: `${h.name}户成员${m.name}（${maskIdNumber(m.idNumber)}）同时登记在${others.map((o) => `${o.name}户`).join('、')}：请核实是否一户两拆或空挂户`,
          refs: [],
        });
      }
    }
  },
};

export const F4: Rule = {
  id: 'F4',
  check(village, _ctx, emit) {
    for (const h of village.households) {
      const heads = h.members.filter((m) => m.relation === '户主').length;
      const wrong: string[] = [];
      if (h.members.length > 0 && heads !== 1) wrong.push(heads === 0 ? '没有户主' : `有${heads}名户主`);
      if (h.phone && normalizePhone(h.phone) === null) wrong.push(`联系电话“${h.phone}”格式不对`);
      if (wrong.length === 0) continue;
      emit({ unitId: h.id, key: `F4:${h.id}`, message: `${h.name}户：${wrong.join('；')}`, refs: [] });
    }
  },
};

/** Measures that need a member able to work: training, a job, a business. */
const NEEDS_WORKER = /技能培训|职业培训|厨师|务工|就业|公益岗|创业/;
const CANNOT_WORK = new Set(['丧失劳动力', '无劳动力']);

/**
 * The seed's case: two members over 70, both chronically ill, cause 缺技术, measures cooking training and a
 * restaurant job. When no member can work (all at or over the age in params, or 丧失/无劳动力), 缺技术 as the cause
 * or a measure that needs a worker does not fit the family.
 */
export const F5: Rule = {
  id: 'F5',
  check(village, ctx, emit) {
    const elderly = numberParam(ctx.setting, 'elderlyAge', 60);
    for (const h of village.households) {
      // Ages as they were when the household was identified: a family identified in 2015 has aged since.
      const at = identificationDate(village, h) ?? ctx.today;
      if (h.members.length === 0 || !h.members.every((m) => cannotWork(m, elderly, at))) continue;
      const survey = formsOf(h.forms, 'survey')[0];
      const cause = survey?.fields.mainCause || h.mainCause || '';
      const card = formsOf(h.forms, 'householdCard')[0];
      const measures = (card?.fields.measures ?? []).filter((m) => NEEDS_WORKER.test(`${m.category}${m.content}`));
      const wrong: string[] = [];
      if (cause === '缺技术') wrong.push('主要致贫原因填“缺技术”');
      if (measures.length > 0) wrong.push(`帮扶措施有“${measures.map((m) => m.content || m.category).join('、')}”`);
      if (wrong.length === 0) continue;
      emit({
        unitId: h.id,
        key: `F5:${h.id}`,
        message: `${h.name}户家庭成员都已年老或无劳动能力，但${wrong.join('，')}：与家庭实际不符，请核实致贫原因和帮扶措施`,
        refs: [...(survey ? [{ formId: survey.id, field: 'mainCause' }] : []), ...(card ? [{ formId: card.id, field: 'measures' }] : [])],
      });
    }
  },
};

/** When the household was identified: its application's date, else the first 公示/公告 that lists its head. */
function identificationDate(village: VillageData, h: HouseholdData): Date | null {
  const dates = formsOf(h.forms, 'application').map((a) => a.fields.date);
  if (dates.length === 0) for (const n of formsOf(village.forms, 'notice')) if (n.fields.households.some((x) => x.head === h.name)) dates.push(n.fields.date);
  const first = dates.sort()[0];
  return first ? new Date(`${first}T00:00:00Z`) : null;
}

function cannotWork(m: MemberData, elderlyAge: number, today: Date): boolean {
  if (m.labourSkill && CANNOT_WORK.has(m.labourSkill)) return true;
  const parsed = parseIdNumber(m.idNumber);
  const birth = parsed.ok ? parsed.info.birthDate : m.birthDate;
  if (!birth || birth.length < 10) return false;
  const [y, mo, d] = birth.split('-').map(Number) as [number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < mo || (today.getUTCMonth() + 1 === mo && today.getUTCDate() < d)) age--;
  return age >= elderlyAge;
}
