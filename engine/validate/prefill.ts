// Form fields read from a document's OCR text, to pre-fill the form beside the scan for the clerk to confirm: the
// dates, the applicant, the meeting's 应到/实到/签到 and votes, the household size. Only what the text states in
// the usual wording; anything not found is left for the clerk.
import type { ListedHousehold, FormType } from '../../shared/forms';
import { findDates, isoOfYmd, labelledName, parseCount } from '../describe/read';

/** Dates as forms write them (2019年4月2日, 二〇一九年四月二日, 2019.4.2), as ISO; a date without its day is left out. */
function dates(text: string): string[] {
  return findDates(text).flatMap((d) => {
    const iso = isoOfYmd(d.ymd);
    return iso ? [iso] : [];
  });
}

/** A count in digits or Chinese numerals: 7, 七, 十五, 二十. */
const COUNT = '(\\d+|[零一二两三四五六七八九十百廿]+)';

const number = (text: string, pattern: RegExp): number | undefined => {
  const m = pattern.exec(text);
  return m ? parseCount(m[1]!) : undefined;
};

/**
 * '应到代表39人' / '应到：三十九人' / '赞成 38 票': a few characters may stand between the word and the number, which
 * must be a count of people or votes ('同意将以上5户' is not a vote).
 */
const after = (word: string) => new RegExp(`${word}[^\\d零一二两三四五六七八九十，。,；;\\n]{0,4}?${COUNT}(?:人|票|名)`);

const CAUSES = '因病|因残|因学|因灾|因婚|缺土地|缺水|缺技术|缺劳力|缺劳动力|缺资金|交通条件落后|自身发展动力不足|其他';
/** A row of a 公示's table as OCR reads it: 序号, 户主, an ID number (perhaps masked), 人口, 致贫原因. */
const LISTED_ROW = new RegExp(`(?:^|\\s|\\|)(\\p{Script=Han}{2,4})[\\s|]*(?:[0-9]{17}[0-9Xx]|[0-9]{4,6}\\*+[0-9]{3}[0-9Xx])?[\\s|]*${COUNT}人?[\\s|]*(${CAUSES})`, 'u');

function listedHouseholds(text: string): ListedHousehold[] {
  return text.split('\n').flatMap((line) => {
    const m = LISTED_ROW.exec(line);
    const size = m ? parseCount(m[2]!) : undefined;
    return m && size && size < 30 && !/姓名|户主|人口/.test(m[1]!) ? [{ head: m[1]!, size, cause: m[3]! }] : [];
  });
}

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
      set('applicant', labelledName(rawText, ['申请人', '户主']) ?? /本人(\p{Script=Han}{2,4})[,，]/u.exec(text)?.[1]);
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
      set('periodDays', number(text, /公示[^。，,]{0,20}?([0-9一二两三四五六七八九十]+)(?:个工作)?天/));
      if (found.at(-1)) set('round', Number(found.at(-1)!.slice(0, 4)));
      const households = listedHouseholds(rawText);
      if (households.length) set('households', households);
      break;
    }
    case 'survey':
      set('members', number(text, new RegExp(`(?:家庭共有人口|家庭人口数?|家庭成员|共有人口|家庭人数)[:：|｜]?${COUNT}(?:人|口)?`)));
      break;
    case 'householdCard':
      break;
  }
  return fields;
}
