// Row and household checks of a roster. Every problem names the file row, the column as the file heads it, the
// 户编号 and says in Chinese what is wrong, so the clerk can fix the sheet and import again.
//
// Rows are fed one at a time (RosterChecker.add) so the import can report progress and yield to the event loop
// between chunks; household-level checks (人数, 户主) run in finish(), once all rows of a household are known.
import type { HouseholdStatus, RosterProblem } from '../../shared/domain';
import { ID_PROBLEM_MESSAGE, maskIdNumber, parseIdNumber } from '../../shared/idNumber';
import { normalizePhone, PHONE_MESSAGE } from '../../shared/phone';
import { FIELD_LABEL, REQUIRED_FIELDS, type HeaderMatch, type RosterField } from './columns';
import type { MemberRecord } from '../catalog/householdRecords';
import type { SheetRow } from './read';

export interface RosterMember extends MemberRecord {
  rowNumber: number;
}

export interface RosterHousehold {
  householdNo: string;
  firstRow: number;
  city: string | null;
  county: string;
  township: string;
  village: string;
  naturalVillage: string | null;
  attribute: string | null;
  mainCause: string | null;
  exitYear: number | null;
  perCapitaIncome: number | null;
  phone: string | null;
  declaredSize: number | null;
  /** Only when the file has a 户类型 column; otherwise the status kept in Dangka stays. */
  status: HouseholdStatus | null;
  members: RosterMember[];
  headName: string;
  valid: boolean;
}

/** 户类型 / 监测类型 values of the national system and regional sheets. */
export const STATUS_BY_TEXT: Record<string, HouseholdStatus> = {
  一般: 'ordinary',
  一般户: 'ordinary',
  一般农户: 'ordinary',
  脱贫户: 'stable',
  稳定脱贫户: 'stable',
  已脱贫户: 'stable',
  监测户: 'monitored',
  脱贫不稳定户: 'monitored',
  突发严重困难户: 'monitored',
  返贫户: 'returned',
  边缘户: 'marginal',
  边缘易致贫户: 'marginal',
};

const HEAD = '户主';

export interface CheckOutcome {
  households: RosterHousehold[];
  problems: RosterProblem[];
  dataRows: number;
}

interface HouseholdDraft {
  household: RosterHousehold;
  rowCount: number;
  /** Rows whose 与户主关系 is 户主, with the name on them. */
  heads: { rowNumber: number; name: string }[];
  /** A row with an empty 与户主关系 already has its own problem; "no 户主" would only repeat it. */
  relationMissing: boolean;
}

export class RosterChecker {
  private readonly problems: RosterProblem[] = [];
  private readonly drafts = new Map<string, HouseholdDraft>();
  /** Normalised ID → the row it was first seen on. */
  private readonly seenIds = new Map<string, number>();
  private dataRows = 0;

  constructor(
    private readonly header: HeaderMatch,
    private readonly today = new Date(),
  ) {}

  /** The column's header as the file writes it, for messages. */
  private col(field: RosterField): string {
    return this.header.headers[field] ?? FIELD_LABEL[field];
  }

  add(row: SheetRow): void {
    if (row.rowNumber <= this.header.headerRow) return;
    /** Fields whose cell holds no usable value: reported once, then read as empty. */
    const unusable = new Set<RosterField>();
    const get = (f: RosterField): string => {
      const i = this.header.columns[f];
      return i === undefined || unusable.has(f) ? '' : (row.cells[i]?.text ?? '');
    };
    const numeric = (f: RosterField): boolean => {
      const i = this.header.columns[f];
      return i !== undefined && (row.cells[i]?.numeric ?? false);
    };
    if (REQUIRED_FIELDS.every((f) => get(f) === '')) return; // a blank line, or a footer such as 制表人 in an unused column
    this.dataRows++;
    const householdNo = get('householdNo');
    let rowValid = true;
    const problem = (field: RosterField, message: string) => {
      this.problems.push({ row: row.rowNumber, column: this.col(field), householdNo: householdNo || null, message });
      rowValid = false;
    };

    // A cell with no usable value (a formula without its result, an error value) is said as such, not as empty.
    for (const [field, i] of Object.entries(this.header.columns) as [RosterField, number][]) {
      const cell = row.cells[i];
      if (cell?.problem) {
        problem(field, `“${this.col(field)}”${cell.problem}`);
        unusable.add(field);
      } else if (cell && /[０-９]/.test(cell.text) && FULL_WIDTH_CHECKED.includes(field)) {
        problem(field, `“${this.col(field)}”中有全角数字（如“１２３”）：请改成半角数字后重新导出`);
        unusable.add(field);
      }
    }
    for (const field of REQUIRED_FIELDS) if (get(field) === '' && !unusable.has(field)) problem(field, `“${this.col(field)}”不能为空`);
    // Excel keeps 15 significant digits: two long 户编号 stored as numbers can collapse into one household.
    if (numeric('householdNo') && householdNo.length >= 16) {
      problem('householdNo', '户编号被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”格式后重新导出');
    }

    let member: RosterMember | null = null;
    const rawId = get('idNumber').replace(/^'/, '');
    if (rawId !== '') {
      if ((numeric('idNumber') && rawId.length >= 16) || /^\d(\.\d+)?E\+?\d+$/i.test(rawId)) {
        problem('idNumber', '证件号码被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”格式后重新导出');
      } else {
        const parsed = parseIdNumber(rawId, this.today);
        // Masked like everywhere else the app shows an ID: the row and column say where it is.
        if (!parsed.ok) problem('idNumber', `${ID_PROBLEM_MESSAGE[parsed.problem]}（${maskIdNumber(rawId)}）`);
        else {
          const { info } = parsed;
          const earlier = this.seenIds.get(info.idNumber);
          if (earlier !== undefined) problem('idNumber', `证件号码与第${earlier}行重复：同一人不能出现两次（一户两拆或重复录入）`);
          else this.seenIds.set(info.idNumber, row.rowNumber);
          const sex = get('sex').replace(/^(男|女)性$/, '$1');
          if (sex !== '' && sex !== info.sex) problem('sex', `性别“${get('sex')}”与证件号码不符（证件号码为${info.sex}性）`);
          const birth = get('birthDate');
          if (birth !== '') {
            const date = parseDateCell(birth, numeric('birthDate'));
            if (date === null) problem('birthDate', `${this.col('birthDate')}“${birth}”无法识别：应如 1960-03-15 或 1960年3月`);
            else if (!info.birthDate.startsWith(date)) {
              problem('birthDate', `${this.col('birthDate')} ${date} 与证件号码不符（证件号码中为 ${info.birthDate}）`);
            }
          }
          member = {
            rowNumber: row.rowNumber,
            name: get('name'),
            idNumber: info.idNumber,
            relation: get('relation'),
            sex: info.sex,
            birthDate: info.birthDate,
            ethnicity: get('ethnicity') || null,
            education: get('education') || null,
            health: get('health') || null,
            labourSkill: get('labourSkill') || null,
            workStatus: get('workStatus') || null,
          };
        }
      }
    }

    const rawPhone = get('phone');
    const phone = rawPhone === '' ? null : normalizePhone(rawPhone);
    if (rawPhone !== '' && phone === null) problem('phone', `${PHONE_MESSAGE}（${rawPhone}）`);
    const exitYear = parseIntCell(get('exitYear').replace(/年$/, ''));
    if (exitYear === undefined || (exitYear !== null && (exitYear < 2013 || exitYear > this.today.getFullYear()))) {
      problem('exitYear', `脱贫年度“${get('exitYear')}”不对：应为2013年至今的四位年份`);
    }
    const size = parseIntCell(get('size').replace(/人$/, ''));
    if (size === undefined || (size !== null && size < 1)) problem('size', `人数“${get('size')}”不是正整数`);
    const income = parseNumberCell(get('income').replace(/元$/, ''));
    if (income === undefined) problem('income', `人均纯收入“${get('income')}”不是数字`);
    const statusText = get('status');
    const status = statusText === '' ? null : STATUS_BY_TEXT[statusText.replace(/\s+/g, '')];
    if (status === undefined) problem('status', `户类型“${statusText}”无法识别：应为 稳定脱贫户、监测户、返贫户、边缘户 之一`);

    if (householdNo === '') return;
    let draft = this.drafts.get(householdNo);
    if (!draft) {
      draft = {
        household: {
          householdNo,
          firstRow: row.rowNumber,
          city: get('city') || null,
          county: get('county'),
          township: get('township'),
          village: get('village'),
          naturalVillage: null,
          attribute: null,
          mainCause: null,
          exitYear: null,
          perCapitaIncome: null,
          phone: null,
          declaredSize: null,
          status: null,
          members: [],
          headName: '',
          valid: true,
        },
        rowCount: 0,
        heads: [],
        relationMissing: false,
      };
      this.drafts.set(householdNo, draft);
    }
    const h = draft.household;
    for (const field of ['county', 'township', 'village'] as const) {
      const value = get(field);
      if (value === '') continue;
      if (h[field] === '') h[field] = value;
      else if (value !== h[field]) {
        problem(field, `同一户（户编号 ${householdNo}）的${this.col(field)}与第${h.firstRow}行不一致（“${value}”与“${h[field]}”）`);
      }
    }
    if (size !== null && size !== undefined && h.declaredSize !== null && size !== h.declaredSize) {
      problem('size', `同一户的人数前后不一致（${size} 与第${h.firstRow}行的 ${h.declaredSize}）`);
    }
    // The national export repeats a household's own facts on every member row; the first non-empty value counts.
    h.naturalVillage ??= get('naturalVillage') || null;
    h.attribute ??= get('attribute') || null;
    h.mainCause ??= get('mainCause') || null;
    h.exitYear ??= exitYear ?? null;
    h.perCapitaIncome ??= income ?? null;
    h.phone ??= phone;
    h.declaredSize ??= size ?? null;
    h.status ??= status ?? null;

    draft.rowCount++;
    const relation = get('relation').replace(/\s+/g, '');
    if (relation === HEAD) draft.heads.push({ rowNumber: row.rowNumber, name: get('name') });
    if (relation === '') draft.relationMissing = true;
    if (member) h.members.push(member);
    if (!rowValid || !member) h.valid = false;
  }

  finish(): CheckOutcome {
    for (const { household: h, rowCount, heads, relationMissing } of this.drafts.values()) {
      const problem = (field: RosterField, message: string) => {
        this.problems.push({ row: h.firstRow, column: this.col(field), householdNo: h.householdNo, message });
        h.valid = false;
      };
      if (heads.length === 0 && !relationMissing) problem('relation', `该户没有“${HEAD}”：与户主关系中必须且只能有一人为“${HEAD}”`);
      else if (heads.length > 1) {
        problem('relation', `该户有${heads.length}个“${HEAD}”（第${heads.map((x) => x.rowNumber).join('、')}行）：只能有一人`);
      }
      if (h.declaredSize !== null && h.declaredSize !== rowCount) {
        problem('size', `人数为 ${h.declaredSize}，但表中该户有 ${rowCount} 行成员`);
      }
      h.headName = heads[0]?.name || h.members[0]?.name || h.householdNo;
    }
    // Stable sort: a row's problems stay in column order, household problems after their first row's own.
    const problems = [...this.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    return { households: [...this.drafts.values()].map((d) => d.household), problems, dataRows: this.dataRows };
  }
}

/** null for an empty cell, undefined for a cell that is not a whole number. */
function parseIntCell(text: string): number | null | undefined {
  if (text === '') return null;
  const n = Number(text);
  return Number.isInteger(n) ? n : undefined;
}

function parseNumberCell(text: string): number | null | undefined {
  if (text === '') return null;
  const n = Number(text.replace(/[,，]/g, ''));
  return Number.isFinite(n) ? n : undefined;
}

/** Excel's day 0 (1899-12-30; serials after February 1900 are right despite Excel's 1900 leap-year bug). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serial 61 is 1900-03-01: nobody on a roster was born before it, and smaller serials (1 → 1899-12-31) are typos. */
const FIRST_BIRTH_SERIAL = 61;
/** Fields whose digits must be half-width: a full-width 证件号码 or 户编号 looks right and matches nothing. */
const FULL_WIDTH_CHECKED: readonly RosterField[] = ['householdNo', 'idNumber', 'phone', 'exitYear', 'birthDate', 'size'];

/**
 * A birth date cell as 'YYYY-MM-DD', or 'YYYY-MM' when the column only gives 出生年月; null when unreadable.
 * The streaming reader ignores styles, so a date Excel formatted as such arrives as its serial day number.
 */
export function parseDateCell(text: string, numeric: boolean): string | null {
  const compact = text.replace(/\s+/g, '').replace(/日$/, '');
  if (numeric && /^\d{1,5}$/.test(compact)) {
    if (Number(compact) < FIRST_BIRTH_SERIAL) return null;
    return new Date(EXCEL_EPOCH_MS + Number(compact) * 86_400_000).toISOString().slice(0, 10);
  }
  const m = /^(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2}))?月?$/.exec(compact) ?? /^(\d{4})(\d{2})(\d{2})?$/.exec(compact);
  if (!m) return null;
  const [, y, mo, d] = m;
  const month = Number(mo);
  const day = d === undefined ? null : Number(d);
  if (month < 1 || month > 12 || (day !== null && (day < 1 || day > 31))) return null;
  // 1960-02-30 does not exist: the calendar, not just the ranges.
  if (day !== null && new Date(Date.UTC(Number(y), month - 1, day)).getUTCDate() !== day) return null;
  const ym = `${y}-${String(month).padStart(2, '0')}`;
  return day === null ? ym : `${ym}-${String(day).padStart(2, '0')}`;
}
