// Finds the roster's columns by their header text, in any order, below any title rows. Headers vary between
// exports and hand-edited copies (乡镇 / 乡(镇) / 乡（镇）, 证件号码 / 身份证号), so headers are normalised and
// matched against synonyms; unknown columns are ignored.
import type { SheetRow } from './read';

export const ROSTER_FIELDS = {
  city: ['市', '地市', '市州', '市(州)'],
  county: ['县', '县区', '区县', '县(市、区)', '县(区)', '县(市)'],
  township: ['乡(镇)', '乡镇', '乡', '镇', '乡(镇、街道)', '乡镇(街道)'],
  village: ['行政村', '村'],
  naturalVillage: ['自然村', '村民小组', '组'],
  householdNo: ['户编号', '户号'],
  name: ['姓名'],
  idNumber: ['证件号码', '身份证号', '身份证号码', '公民身份号码', '证件号'],
  relation: ['与户主关系'],
  size: ['人数', '家庭人数', '家庭人口数', '户人数'],
  sex: ['性别'],
  birthDate: ['出生日期', '出生年月', '出生年月日'],
  ethnicity: ['民族'],
  education: ['文化程度'],
  health: ['健康状况'],
  labourSkill: ['劳动技能', '劳动能力'],
  workStatus: ['务工状况'],
  attribute: ['贫困户属性', '户属性'],
  mainCause: ['主要致贫原因', '致贫原因'],
  exitYear: ['脱贫年度', '脱贫年份'],
  phone: ['联系电话', '电话', '手机号码', '联系方式'],
  income: ['人均纯收入', '家庭年人均纯收入'],
  status: ['户类型', '监测类型', '监测对象类型'],
} as const;

export type RosterField = keyof typeof ROSTER_FIELDS;

/** The columns a roster cannot do without. */
export const REQUIRED_FIELDS: readonly RosterField[] = ['county', 'township', 'village', 'householdNo', 'name', 'idNumber', 'relation'];

export const FIELD_LABEL: Record<RosterField, string> = Object.fromEntries(
  Object.entries(ROSTER_FIELDS).map(([k, names]) => [k, names[0]]),
) as Record<RosterField, string>;

/** NFKC (full-width brackets to ASCII), no spaces, no required-field star (*姓名), no trailing unit such as (元). */
export function normalizeHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^\*+|\*+$/g, '')
    .replace(/\((元|元\/人|人)\)$/, '');
}

const LOOKUP = new Map<string, RosterField>();
for (const [field, names] of Object.entries(ROSTER_FIELDS) as [RosterField, readonly string[]][]) {
  for (const name of names) LOOKUP.set(normalizeHeader(name), field);
}

export interface HeaderMatch {
  headerRow: number;
  /** Field → 0-based column index. */
  columns: Partial<Record<RosterField, number>>;
  /** Field → the header text as the file has it (for messages). */
  headers: Partial<Record<RosterField, string>>;
}

/** How many top rows of a sheet may come before its header (title rows, a blank line). */
export const HEADER_SEARCH_ROWS = 10;

/** The header row is the first of the top rows that names at least the household number, name and ID columns. */
export function findHeader(rows: SheetRow[], searchRows = HEADER_SEARCH_ROWS): HeaderMatch | null {
  for (const row of rows.slice(0, searchRows)) {
    const columns: HeaderMatch['columns'] = {};
    const headers: HeaderMatch['headers'] = {};
    row.cells.forEach((cell, index) => {
      const field = LOOKUP.get(normalizeHeader(cell.text));
      if (field && columns[field] === undefined) {
        columns[field] = index;
        headers[field] = cell.text;
      }
    });
    if (columns.householdNo !== undefined && columns.name !== undefined && columns.idNumber !== undefined) {
      return { headerRow: row.rowNumber, columns, headers };
    }
  }
  return null;
}
