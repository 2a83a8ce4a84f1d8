// 三算 (seed 000: 算收入、支出、债务): incomes that cannot be — a transfer income larger than the net income, the
// parts of the income not adding up to the net income, a per-head income with a digit too many against the village.
import { numberParam } from '../config';
import { formsOf, type HouseholdData } from '../model';
import type { Rule } from '../rule';

/** The household's per-head income: the information form's, else the roster's. */
function perHead(h: HouseholdData): { value: number; formId: number | null } | null {
  const s = formsOf(h.forms, 'survey').find((f) => f.fields.perCapitaIncome !== null);
  if (s) return { value: s.fields.perCapitaIncome!, formId: s.id };
  return h.perCapitaIncome === null ? null : { value: h.perCapitaIncome, formId: null };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const I1: Rule = {
  id: 'I1',
  check(village, ctx, emit) {
    const tolerance = numberParam(ctx.setting, 'toleranceYuan', 1);
    const digitFactor = numberParam(ctx.setting, 'digitFactor', 8);
    const aboveMaxFactor = numberParam(ctx.setting, 'aboveMaxFactor', 1.5);
    const minHouseholds = numberParam(ctx.setting, 'minHouseholdsForSpread', 5);
    for (const h of village.households) {
      for (const s of formsOf(h.forms, 'survey')) {
        const f = s.fields;
        const wrong: { text: string; field: string }[] = [];
        if (f.transferIncome !== null && f.netIncome !== null && f.transferIncome > f.netIncome + tolerance) {
          wrong.push({ text: `转移性收入${f.transferIncome}元大于家庭纯收入${f.netIncome}元`, field: 'transferIncome' });
        }
        const parts = [f.wageIncome, f.businessIncome, f.propertyIncome, f.transferIncome];
        if (f.netIncome !== null && parts.every((p) => p !== null) && f.productionExpense !== null) {
          const sum = parts.reduce((a, b) => a! + b!, 0)! - f.productionExpense;
          if (Math.abs(sum - f.netIncome) > tolerance) {
            wrong.push({ text: `工资性、经营性、财产性、转移性收入合计减生产经营支出为${Math.round(sum)}元，与家庭纯收入${f.netIncome}元不符`, field: 'netIncome' });
          }
        }
        if (wrong.length === 0) continue;
        emit({ unitId: h.id, key: `I1:${s.id}`, message: `${h.name}户信息采集表收入有误：${wrong.map((w) => w.text).join('；')}`, refs: wrong.map((w) => ({ formId: s.id, field: w.field })) });
      }
    }
    // A digit too many: far above what every other household of the village earns per head — either many times
    // the village's median, or well above the village's highest while the figure without its last digit is an
    // income the village has, within the same margin below its lowest (a poor household's 2,800 written 28,000
    // is not 8× a median of 6,000, but it is a digit too many).
    const incomes = village.households.map((h) => ({ h, income: perHead(h) })).filter((x) => x.income !== null && x.income.value > 0);
    if (incomes.length < minHouseholds) return;
    for (const { h, income } of incomes) {
      const others = incomes.filter((x) => x.h !== h).map((x) => x.income!.value);
      const typical = median(others);
      // The village's spread leaves out the figures that are themselves far above its median (two households
      // mistyped in one village must not hide each other).
      const spread = others.filter((v) => typical <= 0 || v < typical * digitFactor);
      const highest = Math.max(...spread);
      const shortened = income!.value / 10;
      const farAboveMedian = typical > 0 && income!.value >= typical * digitFactor;
      const aboveSpread = income!.value >= highest * aboveMaxFactor && shortened >= Math.min(...spread) / aboveMaxFactor && shortened <= highest;
      if (!farAboveMedian && !aboveSpread) continue;
      emit({
        unitId: h.id,
        key: `I1:${h.id}:digit`,
        message: farAboveMedian
          ? `${h.name}户人均纯收入${income!.value}元，是本村其他户中位数（${Math.round(typical)}元）的${(income!.value / typical).toFixed(0)}倍：是否多写了一位数？`
          : `${h.name}户人均纯收入${income!.value}元，是本村其他户最高值（${Math.round(highest)}元）的${(income!.value / highest).toFixed(1)}倍，而少写一位（${Math.round(shortened)}元）正在本村其他户的范围内：是否多写了一位数？`,
        refs: income!.formId === null ? [] : [{ formId: income!.formId, field: 'perCapitaIncome' }],
      });
    }
  },
};
