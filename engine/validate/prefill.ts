// Form fields read from a document's OCR text, to pre-fill the form beside the scan for the clerk to confirm: the
// dates, the applicant, the meeting's 应到/实到/签到 and votes, the household size. Only what the text states in
// the usual wording; anything not found is left for the clerk.
import type { FormType } from '../../shared/forms';

const DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;

function dates(text: string): string[] {
  return [...text.matchAll(DATE)]
    .map(([, y, m, d]) => `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`)
    .filter((iso) => !Number.isNaN(new Date(`${iso}T00:00:00Z`).getTime()) && new Date(`${iso}T00:00:00Z`).toISOString().startsWith(iso));
}

const NUMERALS = '零一二三四五六七八九';

/** 7, 七, 十五, 二十 → a number (the small counts of a notice or a meeting). */
function toNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二三四五六七八九])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || (!m[1] && !m[2] && !m[3])) return undefined;
  if (!m[2]) return NUMERALS.indexOf(m[1]!);
  return (m[1] ? NUMERALS.indexOf(m[1]) : 1) * 10 + (m[3] ? NUMERALS.indexOf(m[3]) : 0);
}

const number = (text: string, pattern: RegExp): number | undefined => {
  const m = pattern.exec(text);
  return m ? toNumber(m[1]!) : undefined;
};

/**
 * '应到代表39人' / '应到：39人' / '赞成 38 票': a few characters may stand between the word and the number, which
 * must be a count of people or votes ('同意将以上5户' is not a vote).
 */
const after = (word: string) => new RegExp(`${word}[^\\d，。,；;\\n]{0,4}?(\\d+)(?:人|票|名)`);

const HAN_NAME = '(\\p{Script=Han}{2,4})';

export function prefillForm(type: FormType, rawText: string): Record<string, unknown> {
  const text = rawText.replace(/[ \t]+/g, '');
  const found = dates(text);
  const fields: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== null && value !== '') fields[key] = value;
  };
  switch (type) {
    case 'application': {
      // The date under the signature: the last date on the page (a birth date comes first).
      set('date', found.at(-1));
      set('applicant', new RegExp(`申请人[:：]${HAN_NAME}`, 'u').exec(text)?.[1] ?? new RegExp(`本人${HAN_NAME}[,，]`, 'u').exec(text)?.[1]);
      break;
    }
    case 'meeting': {
      set('date', found[0]);
      set('due', number(text, after('应到')));
      set('present', number(text, after('实到')));
      set('signedIn', number(text, after('签到')));
      set('votesFor', number(text, after('(?:同意|赞成)')));
      set('votesAgainst', number(text, after('反对')));
      const stage = /党员大会/.test(text) ? '审议' : /村民代表(?:大)?会/.test(text) ? '决议' : /两委/.test(text) ? '商议' : /支部/.test(text) ? '提议' : undefined;
      set('stage', stage);
      if (found[0]) set('round', Number(found[0].slice(0, 4)));
      break;
    }
    case 'notice': {
      set('kind', /第二次公示/.test(text) ? '第二次公示' : /公告/.test(text) && !/公示/.test(text) ? '公告' : /公示/.test(text) ? '第一次公示' : undefined);
      set('date', found.at(-1));
      set('periodDays', number(text, /公示[^。，,]{0,20}?([0-9一二三四五六七八九十]+)(?:个工作)?天/));
      if (found.at(-1)) set('round', Number(found.at(-1)!.slice(0, 4)));
      break;
    }
    case 'survey':
      set('members', number(text, /(?:家庭共有人口|家庭人口|家庭成员|共有人口)(\d+)人/));
      break;
    case 'householdCard':
      break;
  }
  return fields;
}
