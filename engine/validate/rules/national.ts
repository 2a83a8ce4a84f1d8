// The dossier against the national system (seed 004: 表卡册数据、国家扶贫信息系统数据与贫困户家庭实际完全一致) and
// names spelt two ways (seed 003: 姓名不一致). The household row is the roster imported from 全国扶贫开发信息系统;
// the forms are what the village filled in.
import { numberParam } from '../config';
import { formsOf, type HouseholdData } from '../model';
import { nameVariant, NAME_VARIANT_LABEL } from '../names';
import type { Rule } from '../rule';
import { noticeName } from './procedure';

/** N1: the information form (信息采集表/登记表) against the roster: 脱贫年度, 主要致贫原因, 人均纯收入. */
export const N1: Rule = {
  id: 'N1',
  check(village, ctx, emit) {
    const tolerance = numberParam(ctx.setting, 'toleranceYuan', 1);
    for (const h of village.households) {
      for (const s of formsOf(h.forms, 'survey')) {
        const differ: { text: string; field: string }[] = [];
        const f = s.fields;
        if (f.exitYear !== null && h.exitYear !== null && f.exitYear !== h.exitYear) differ.push({ text: `脱贫年度（表上${f.exitYear}年，系统${h.exitYear}年）`, field: 'exitYear' });
        if (f.mainCause && h.mainCause && f.mainCause !== h.mainCause) differ.push({ text: `主要致贫原因（表上“${f.mainCause}”，系统“${h.mainCause}”）`, field: 'mainCause' });
        if (f.perCapitaIncome !== null && h.perCapitaIncome !== null && Math.abs(f.perCapitaIncome - h.perCapitaIncome) > tolerance) {
          differ.push({ text: `人均纯收入（表上${f.perCapitaIncome}元，系统${h.perCapitaIncome}元）`, field: 'perCapitaIncome' });
        }
        if (differ.length === 0) continue;
        emit({
          unitId: h.id,
          key: `N1:${s.id}`,
          message: `${h.name}户信息采集表与国家扶贫信息系统数据不一致：${differ.map((d) => d.text).join('；')}`,
          refs: differ.map((d) => ({ formId: s.id, field: d.field, ...(s.documentId ? { documentId: s.documentId } : {}) })),
        });
      }
    }
  },
};

/** The roster's head of the household (the unit's name when the roster has no 户主). */
export function headOf(h: HouseholdData): string {
  return h.members.find((m) => m.relation === '户主')?.name ?? h.name;
}

/**
 * N2: names spelt two ways — an application whose applicant is not a member of the household (one character off a
 * member's name: 同音字/近音字/一字之差), and a 公示/公告 that lists a head whose name is one character off the
 * roster's head and matches nobody in the village.
 */
export const N2: Rule = {
  id: 'N2',
  check(village, _ctx, emit) {
    for (const h of village.households) {
      for (const app of formsOf(h.forms, 'application')) {
        const applicant = app.fields.applicant;
        if (h.members.length === 0 || h.members.some((m) => m.name === applicant)) continue;
        const close = h.members.map((m) => ({ m, variant: nameVariant(applicant, m.name) })).find((x) => x.variant !== null);
        emit({
          unitId: h.id,
          key: `N2:${app.id}`,
          message: close
            ? `${h.name}户贫困户申请书的申请人“${applicant}”与花名册${close.m.relation}“${close.m.name}”姓名不一致（${NAME_VARIANT_LABEL[close.variant!]}）`
            : `${h.name}户贫困户申请书的申请人“${applicant}”不是该户花名册中的成员`,
          refs: [{ formId: app.id, field: 'applicant', ...(app.documentId ? { documentId: app.documentId } : {}) }],
        });
      }
    }
    const heads = village.households.map((h) => ({ h, head: headOf(h) }));
    const known = new Set(heads.map((x) => x.head));
    for (const n of formsOf(village.forms, 'notice')) {
      const listed = new Set(n.fields.households.map((x) => x.head));
      for (const entry of n.fields.households) {
        if (known.has(entry.head)) continue;
        // The roster's head this entry most likely means: one character off, and not listed under the right name.
        const match = heads.map((x) => ({ ...x, variant: nameVariant(entry.head, x.head) })).find((x) => x.variant !== null && !listed.has(x.head));
        if (!match) continue;
        emit({
          unitId: match.h.id,
          key: `N2:${n.id}:${entry.head}`,
          message: `${noticeName(n)}中的户主“${entry.head}”与花名册户主“${match.head}”姓名不一致（${NAME_VARIANT_LABEL[match.variant!]}）`,
          refs: [{ formId: n.id, field: 'households', ...(n.documentId ? { documentId: n.documentId } : {}) }],
        });
      }
    }
  },
};
