// How a form record is named in a list: the facts a clerk recognises it by. The fields themselves, their labels and
// kinds are the form's one description (shared/forms.ts FORMS); what is valid is its schema there.
import type { FormType } from '../../../shared/forms';

export function formSummary(type: FormType, f: Record<string, unknown>): string {
  switch (type) {
    case 'application':
      return `${String(f.applicant ?? '')} ${String(f.date ?? '')}`;
    case 'census':
      return `入户调查 ${String(f.date ?? '')}${f.surveyor ? `（${String(f.surveyor)}）` : ''}${Array.isArray(f.excluded) && f.excluded.length ? `，不能识别：${f.excluded.join('、')}` : ''}`;
    case 'meeting':
      return `${String(f.round ?? '')}年度 ${String(f.stage ?? '')} ${String(f.date ?? '')}，实到${String(f.present ?? '')}/应到${String(f.due ?? '')}，赞成${String(f.votesFor ?? '')}`;
    case 'notice':
      return `${String(f.round ?? '')}年度 ${String(f.kind ?? '')} ${String(f.date ?? '')}，名单${Array.isArray(f.households) ? f.households.length : 0}户`;
    case 'step':
      return `${String(f.round ?? '')}年度 ${String(f.step ?? '')} ${String(f.date ?? '')}`;
    case 'survey':
      return `家庭${String(f.members ?? '')}人，主要致贫原因${String(f.mainCause || '未填')}`;
    case 'registration':
      return `登记 ${String(f.date ?? '')}`;
    case 'householdCard':
      return `帮扶措施${Array.isArray(f.measures) ? f.measures.length : 0}项`;
  }
}
