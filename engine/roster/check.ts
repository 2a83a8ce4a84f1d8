// Row and household checks of a roster. Every problem names the file row, the column as the file heads it, the
// 户编号 and says in Chinese what is wrong, so the clerk can fix the sheet and import again.
import type { HouseholdStatus, RosterProblem } from '../../shared/domain';
import { ID_PROBLEM_MESSAGE, parseIdNumber } from '../../shared/idNumber';
import { normalizePhone, PHONE_MESSAGE } from '../../shared/phone';
import { FIELD_LABEL, REQUIRED_FIELDS, type HeaderMatch, type RosterField } from './columns';
import type { SheetRow } from './read';

export interface RosterMember {
  rowNumber: number;
  name: string;
  idNumber: string;
  relation: string;
  sex: '男' | '女';
  birthDate: string;
  ethnicity: string | null;
  education: string | null;
  health: string | null;
  labourSkill: string | null;
  workStatus: string | null;
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
const STATUS_BY_TEXT: Record<string, HouseholdStatus> = {
  一般: 'ordinary',
  一般户: 'ordinary',
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

export interface CheckOutcome {
  households: RosterHousehold[];
  problems: RosterProblem[];
  dataRows: number;
}

interface RowDraft {
  rowNumber: number;
  get(field: RosterField): string;
  numeric(field: RosterField): boolean;
}

export function checkRoster(rows: SheetRow[], header: HeaderMatch, today = new Date()): CheckOutcome {
  const problems: RosterProblem[] = [];
  const byHousehold = new Map<string, { drafts: RowDraft[]; household: RosterHousehold }>();
  const seenIds = new Map<string, number>();
  const col = (field: RosterField) => header.headers[field] ?? FIELD_LABEL[field];
  let dataRows = 0;

  for (const row of rows) {
    if (row.rowNumber <= header.headerRow) continue;
    const draft: RowDraft = {
      rowNumber: row.rowNumber,
      get: (f) => {
        const i = header.columns[f];
        return i === undefined ? '' : (row.cells[i]?.text ?? '');
      },
      numeric: (f) => {
        const i = header.columns[f];
        return i !== undefined && (row.cells[i]?.numeric ?? false);
      },
    };
    if (REQUIRED_FIELDS.every((f) => draft.get(f) === '') && draft.get('name') === '') continue; // blank line
    dataRows++;
    const householdNo = draft.get('householdNo');
    const problem = (field: RosterField | null, message: string) =>
      problems.push({ row: row.rowNumber, column: field ? col(field) : null, householdNo: householdNo || null, message });

    let rowValid = true;
    for (const field of REQUIRED_FIELDS) {
      if (draft.get(field) === '') {
        problem(field, `“${col(field)}”不能为空`);
        rowValid = false;
      }
    }

    let member: RosterMember | null = null;
    const rawId = draft.get('idNumber');
    if (rawId !== '') {
      if (draft.numeric('idNumber') && rawId.length >= 16) {
        problem('idNumber', '证件号码被 Excel 存成了数字，末几位已丢失：请把该列设为“文本”格式后重新导出');
        rowValid = false;
      } else {
        const parsed = parseIdNumber(rawId, today);
        if (!parsed.ok) {
          problem('idNumber', `${ID_PROBLEM_MESSAGE[parsed.problem]}（${rawId}）`);
          rowValid = false;
        } else {
          const { info } = parsed;
          const earlier = seenIds.get(info.idNumber);
          if (earlier !== undefined) {
            problem('idNumber', `证件号码与第${earlier}行重复：同一人不能出现两次（一户两拆或重复录入）`);
            rowValid = false;
          } else seenIds.set(info.idNumber, row.rowNumber);
          const sex = draft.get('sex');
          if (sex !== '' && sex !== info.sex) {
            problem('sex', `性别“${sex}”与证件号码不符（证件号码为${info.sex}性）`);
            rowValid = false;
          }
          member = {
            rowNumber: row.rowNumber,
            name: draft.get('name'),
            idNumber: info.idNumber,
            relation: draft.get('relation'),
            sex: info.sex,
            birthDate: info.birthDate,
            ethnicity: draft.get('ethnicity') || null,
            education: draft.get('education') || null,
            health: draft.get('health') || null,
            labourSkill: draft.get('labourSkill') || null,
            workStatus: draft.get('workStatus') || null,
          };
        }
      }
    }

    const rawPhone = draft.get('phone');
    const phone = rawPhone === '' ? null : normalizePhone(rawPhone);
    if (rawPhone !== '' && phone === null) {
      problem('phone', `${PHONE_MESSAGE}（${rawPhone}）`);
      rowValid = false;
    }
    const exitYear = parseIntCell(draft.get('exitYear'));
    if (exitYear === undefined || (exitYear !== null && (exitYear < 2013 || exitYear > today.getFullYear()))) {
      problem('exitYear', `脱贫年度“${draft.get('exitYear')}”不对：应为2013年至今的四位年份`);
      rowValid = false;
    }
    const size = parseIntCell(draft.get('size'));
    if (size === undefined || (size !== null && size < 1)) {
      problem('size', `人数“${draft.get('size')}”不是正整数`);
      rowValid = false;
    }
    const income = parseNumberCell(draft.get('income'));
    if (income === undefined) {
      problem('income', `人均纯收入“${draft.get('income')}”不是数字`);
      rowValid = false;
    }
    const statusText = draft.get('status');
    const status = statusText === '' ? null : (STATUS_BY_TEXT[statusText.replace(/\s+/g, '')] ?? undefined);
    if (status === undefined) {
      problem('status', `户类型“${statusText}”无法识别：应为 稳定脱贫户、监测户、返贫户、边缘户 之一`);
      rowValid = false;
    }

    if (householdNo === '') continue;
    let entry = byHousehold.get(householdNo);
    if (!entry) {
      entry = {
        drafts: [],
        household: {
          householdNo,
          firstRow: row.rowNumber,
          city: draft.get('city') || null,
          county: draft.get('county'),
          township: draft.get('township'),
          village: draft.get('village'),
          naturalVillage: draft.get('naturalVillage') || null,
          attribute: draft.get('attribute') || null,
          mainCause: draft.get('mainCause') || null,
          exitYear: exitYear ?? null,
          perCapitaIncome: income ?? null,
          phone,
          declaredSize: size ?? null,
          status: status ?? null,
          members: [],
          headName: '',
          valid: true,
        },
      };
      byHousehold.set(householdNo, entry);
    } else {
      const h = entry.household;
      for (const field of ['county', 'township', 'village'] as const) {
        if (draft.get(field) !== '' && draft.get(field) !== h[field]) {
          problem(field, `同一户（户编号 ${householdNo}）的${col(field)}与第${h.firstRow}行不一致（“${draft.get(field)}”与“${h[field]}”）`);
          rowValid = false;
        }
      }
      // Household facts are usually on every row; take the first non-empty value.
      h.naturalVillage ??= draft.get('naturalVillage') || null;
      h.attribute ??= draft.get('attribute') || null;
      h.mainCause ??= draft.get('mainCause') || null;
      h.exitYear ??= exitYear ?? null;
      h.perCapitaIncome ??= income ?? null;
      h.phone ??= phone;
      if (size !== null && size !== undefined && h.declaredSize !== null && size !== h.declaredSize) {
        problem('size', `同一户的人数前后不一致（${size} 与第${h.firstRow}行的 ${h.declaredSize}）`);
        rowValid = false;
      }
      h.declaredSize ??= size ?? null;
      h.status ??= status ?? null;
    }
    entry.drafts.push(draft);
    if (member) entry.household.members.push(member);
    if (!rowValid || !member) entry.household.valid = false;
  }

  for (const { household: h } of byHousehold.values()) {
    const problem = (message: string, field: RosterField | null = null) =>
      problems.push({ row: h.firstRow, column: field ? col(field) : null, householdNo: h.householdNo, message });
    const rowsOfHousehold = byHousehold.get(h.householdNo)!.drafts.length;
    const heads = h.members.filter((m) => m.relation === '户主');
    if (heads.length === 0 && h.members.length === rowsOfHousehold) {
      problem('该户没有“户主”：与户主关系中必须且只能有一人为“户主”', 'relation');
      h.valid = false;
    } else if (heads.length > 1) {
      problem(`该户有${heads.length}个“户主”（第${heads.map((m) => m.rowNumber).join('、')}行）：只能有一人`, 'relation');
      h.valid = false;
    }
    if (h.declaredSize !== null && h.declaredSize !== rowsOfHousehold) {
      problem(`人数为 ${h.declaredSize}，但表中该户有 ${rowsOfHousehold} 行成员`, 'size');
      h.valid = false;
    }
    h.headName = heads[0]?.name ?? h.members[0]?.name ?? h.householdNo;
  }

  problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { households: [...byHousehold.values()].map((e) => e.household), problems, dataRows };
}

/** null for an empty cell, undefined for a cell that is not a whole number. */
function parseIntCell(text: string): number | null | undefined {
  if (text === '') return null;
  const n = Number(text.replace(/年$/, ''));
  return Number.isInteger(n) ? n : undefined;
}

function parseNumberCell(text: string): number | null | undefined {
  if (text === '') return null;
  const n = Number(text.replace(/[,，]/g, ''));
  return Number.isFinite(n) ? n : undefined;
}
