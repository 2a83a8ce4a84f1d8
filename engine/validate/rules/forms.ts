// Forms filled in full: the fields the seeds name as often left blank (R1), and the signatures each form
// requires (S1, slots from the rules file).
import { FORM_LABEL, type FormType } from '../../../shared/forms';
import { formsOf, type FormRecord } from '../model';
import type { Rule } from '../rule';

export const R1: Rule = {
  id: 'R1',
  check(village, _ctx, emit) {
    for (const h of village.households) {
      for (const s of formsOf(h.forms, 'survey')) {
        const blank: string[] = [];
        if (s.fields.exitYear === null) blank.push('脱贫年度');
        if (!s.fields.mainCause) blank.push('主要致贫原因');
        if (s.fields.transferIncome === null) blank.push('转移性收入');
        if (blank.length) emit({ unitId: h.id, key: `R1:${s.id}`, message: `${h.name}户信息采集表未填：${blank.join('、')}`, refs: [{ formId: s.id }] });
      }
      for (const c of formsOf(h.forms, 'householdCard')) {
        const blank: string[] = [];
        if (c.fields.measures.length === 0) blank.push('帮扶措施');
        if (!c.fields.effect) blank.push('帮扶成效');
        if (blank.length) emit({ unitId: h.id, key: `R1:${c.id}`, message: `${h.name}户贫困户精准扶贫明白卡未填：${blank.join('、')}`, refs: [{ formId: c.id }] });
      }
    }
  },
};

export const S1: Rule = {
  id: 'S1',
  check(village, ctx, emit) {
    const required = (ctx.setting?.params.required ?? {}) as Partial<Record<FormType, string[]>>;
    const checkForm = (form: FormRecord, unitId: number, owner: string) => {
      const slots = required[form.type] ?? [];
      const signatures = (form.fields as { signatures?: Record<string, boolean> }).signatures ?? {};
      const missing = slots.filter((slot) => signatures[slot] !== true);
      if (missing.length === 0) return;
      emit({
        unitId,
        key: `S1:${form.id}`,
        message: `${owner}${FORM_LABEL[form.type]}缺少签字：${missing.join('、')}`,
        refs: [{ formId: form.id, field: 'signatures', ...(form.documentId ? { documentId: form.documentId } : {}) }],
      });
    };
    for (const f of village.forms) checkForm(f, village.id, `${village.name}`);
    for (const h of village.households) for (const f of h.forms) checkForm(f, h.id, `${h.name}户`);
  },
};
