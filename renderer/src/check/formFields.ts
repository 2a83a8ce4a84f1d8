// How each form type is shown and edited: its fields in the order of the paper form, with Chinese labels. The
// schemas themselves (what is valid) are shared/forms.ts; the engine checks every save against them.
import type { FormType } from '../../../shared/forms';

export type FieldKind = 'date' | 'int' | 'money' | 'text' | 'year' | 'stage' | 'noticeKind' | 'households' | 'measures' | 'causes';

export interface FieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
}

export const FORM_FIELDS: Record<FormType, FieldSpec[]> = {
  application: [
    { key: 'date', label: '申请日期', kind: 'date', required: true },
    { key: 'applicant', label: '申请人', kind: 'text', required: true },
    { key: 'round', label: '识别年度（不填按申请日期）', kind: 'year' },
  ],
  meeting: [
    { key: 'round', label: '识别年度', kind: 'year', required: true },
    { key: 'stage', label: '会议', kind: 'stage', required: true },
    { key: 'date', label: '会议日期', kind: 'date', required: true },
    { key: 'due', label: '应到人数', kind: 'int', required: true },
    { key: 'present', label: '实到人数', kind: 'int', required: true },
    { key: 'signedIn', label: '签到人数', kind: 'int', required: true },
    { key: 'votesFor', label: '赞成票', kind: 'int', required: true },
    { key: 'votesAgainst', label: '反对票', kind: 'int' },
  ],
  notice: [
    { key: 'round', label: '识别年度', kind: 'year', required: true },
    { key: 'kind', label: '类别', kind: 'noticeKind', required: true },
    { key: 'date', label: '发布日期', kind: 'date', required: true },
    { key: 'periodDays', label: '公示期（天）', kind: 'int' },
    { key: 'meetingDate', label: '所引会议日期', kind: 'date' },
    { key: 'meetingPresent', label: '所引参会人数', kind: 'int' },
    { key: 'meetingSignedIn', label: '所引签到人数', kind: 'int' },
    { key: 'meetingVotesFor', label: '所引得票数', kind: 'int' },
    { key: 'households', label: '公示名单', kind: 'households' },
  ],
  survey: [
    { key: 'exitYear', label: '脱贫年度', kind: 'year' },
    { key: 'members', label: '家庭人数', kind: 'int', required: true },
    { key: 'mainCause', label: '主要致贫原因', kind: 'text' },
    { key: 'otherCauses', label: '其他致贫原因', kind: 'causes' },
    { key: 'transferIncome', label: '转移性收入（元）', kind: 'money' },
    { key: 'netIncome', label: '家庭纯收入（元）', kind: 'money' },
    { key: 'perCapitaIncome', label: '人均纯收入（元）', kind: 'money' },
  ],
  householdCard: [
    { key: 'measures', label: '帮扶措施', kind: 'measures' },
    { key: 'effect', label: '帮扶成效', kind: 'text' },
  ],
};

/** A short line for a record in a list: the facts a clerk recognises it by. */
export function formSummary(type: FormType, f: Record<string, unknown>): string {
  switch (type) {
    case 'application':
      return `${String(f.applicant ?? '')} ${String(f.date ?? '')}`;
    case 'meeting':
      return `${String(f.round ?? '')}年度 ${String(f.stage ?? '')} ${String(f.date ?? '')}，实到${String(f.present ?? '')}/应到${String(f.due ?? '')}，赞成${String(f.votesFor ?? '')}`;
    case 'notice':
      return `${String(f.round ?? '')}年度 ${String(f.kind ?? '')} ${String(f.date ?? '')}，名单${Array.isArray(f.households) ? f.households.length : 0}户`;
    case 'survey':
      return `家庭${String(f.members ?? '')}人，主要致贫原因${String(f.mainCause || '未填')}`;
    case 'householdCard':
      return `帮扶措施${Array.isArray(f.measures) ? f.measures.length : 0}项`;
  }
}
