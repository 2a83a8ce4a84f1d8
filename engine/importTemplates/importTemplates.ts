// Blank Excel workbooks a clerk fills in and imports: the roster (花名册) and the form records (表单). Both are
// written from the descriptions the importers read — the roster's columns (engine/roster/columns.ts) and the form
// sheets (engine/validate/formsImport.ts formSheets, from shared/forms.ts FORMS) — so a template always imports.
// Each data sheet has a header row with the required columns marked (＊ and red), list validation for columns with
// fixed values, and text format for long numbers; a 说明 sheet says for each column whether it is required, its
// format and an example.
import ExcelJS from 'exceljs';
import { FORMS, MEETING_STAGES, NOTICE_KINDS, PROCEDURE_STEPS, type FieldKind, type FormType } from '../../shared/forms';
import type { Library } from '../library/library';
import { FIELD_LABEL, REQUIRED_FIELDS, ROSTER_FIELDS, type RosterField } from '../roster/columns';
import { STATUS_BY_TEXT } from '../roster/check';
import { loadRules, signatureSlots } from '../validate/config';
import { formSheets, KIND_HINT, type Column } from '../validate/formsImport';

export type TemplateKind = 'roster' | 'forms';

export interface TemplateFile {
  fileName: string;
  bytes: Buffer;
}

/** One column of a template: its header, whether required, how it is written, an example, fixed values if any. */
interface TemplateColumn {
  header: string;
  required: boolean;
  format: string;
  example: string;
  choices?: readonly string[];
  /** Long digit strings (证件号码, 户编号) kept as text so Excel does not round them. */
  asText?: boolean;
}

/** Rows of the data sheets that carry the list validation (a village's forms, a township's roster fit easily). */
const VALIDATED_ROWS = 2000;
const REQUIRED_MARK = '＊';
const RED = 'FFC00000';

/** One 户类型 word per status, the first the roster reads for it (一般户, 脱贫户, 监测户, 返贫户, 边缘户). */
const STATUS_CHOICES = Object.entries(STATUS_BY_TEXT)
  .filter(([text, status], i, all) => text.endsWith('户') && all.findIndex(([t, s]) => s === status && t.endsWith('户')) === i)
  .map(([text]) => text);

const ROSTER_NOTES: Record<RosterField, { format: string; example: string; choices?: readonly string[]; asText?: boolean }> = {
  city: { format: '地市名称', example: '示例市' },
  county: { format: '县（市、区）名称', example: '示例县' },
  township: { format: '乡镇（街道）名称', example: '示例一镇' },
  village: { format: '行政村名称', example: '示范一村' },
  naturalVillage: { format: '自然村或村民小组', example: '东组' },
  householdNo: { format: '全国系统的户编号，文本格式；同一户各成员填同一户编号', example: '4107240010010001', asText: true },
  name: { format: '成员姓名', example: '张建国' },
  idNumber: { format: '18位公民身份号码，文本格式（防止 Excel 把末几位变成 0）', example: '419999196003150011', asText: true },
  relation: { format: '每户必须且只能有一人为“户主”；其他如 配偶、之子、之女', example: '户主' },
  size: { format: '整数；每户各行相同', example: '3' },
  sex: { format: '男 或 女；须与证件号码相符', example: '男', choices: ['男', '女'] },
  birthDate: { format: '日期，如 1960-03-15 或 1960年3月；须与证件号码相符', example: '1960-03-15' },
  ethnicity: { format: '民族全称', example: '汉族' },
  education: { format: '如 小学、初中、高中', example: '初中' },
  health: { format: '如 健康、长期慢性病、残疾', example: '健康' },
  labourSkill: { format: '如 普通劳动力、技能劳动力、丧失劳动力', example: '普通劳动力' },
  workStatus: { format: '如 乡（镇）内务工、县外省内务工', example: '乡（镇）内务工' },
  attribute: { format: '如 一般贫困户、低保贫困户、特困供养贫困户', example: '一般贫困户' },
  mainCause: { format: '如 因病、因学、缺技术', example: '缺技术' },
  exitYear: { format: '四位年份', example: '2018' },
  phone: { format: '手机或座机号码，文本格式', example: '13800001234', asText: true },
  income: { format: '金额数字（元/人）', example: '8000' },
  status: { format: '不填则保留档案库中已有的户类型', example: '脱贫户', choices: STATUS_CHOICES },
};

function rosterColumns(): TemplateColumn[] {
  return (Object.keys(ROSTER_FIELDS) as RosterField[]).map((field) => ({ header: FIELD_LABEL[field], required: REQUIRED_FIELDS.includes(field), ...ROSTER_NOTES[field] }));
}

const FIXED_VALUES: Partial<Record<FieldKind, readonly string[]>> = { stage: MEETING_STAGES, noticeKind: NOTICE_KINDS, step: PROCEDURE_STEPS };

const EXAMPLE_BY_KIND: Record<Column['kind'], string> = { text: '', int: '7', money: '2000', date: '2019-03-15', yesno: '是', list: '因病、因学' };

function formColumns(type: FormType, columns: Column[]): TemplateColumn[] {
  const form = FORMS[type];
  const specs = [...form.fields, ...(form.items?.columns ?? [])];
  return columns.map((c) => {
    if (c.key === '$unit') {
      return form.tier === 'household'
        ? { header: c.header, required: true, format: '档案库中已有的户编号（先导入花名册），文本格式', example: '4107240010010001', asText: true }
        : { header: c.header, required: true, format: '行政村名称（重名时写 县/镇/村）', example: '示范一村' };
    }
    const choices = c.kind === 'yesno' ? ['是', '否'] : FIXED_VALUES[specs.find((f) => f.key === c.key)?.kind ?? 'text'];
    const format = c.kind === 'yesno' ? '是 或 否（是否已签字）' : choices ? `${choices.join('、')} 之一` : c.kind === 'text' ? '文字' : KIND_HINT[c.kind].replace(/^应为/, '');
    const rowPerItem = c.item ? '（每项一行）' : '';
    return { header: c.header, required: c.required ?? false, format: format + rowPerItem, example: choices?.[0] ?? EXAMPLE_BY_KIND[c.kind], ...(choices ? { choices } : {}) };
  });
}

function addDataSheet(wb: ExcelJS.Workbook, name: string, columns: TemplateColumn[]): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  const header = ws.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    // The importers drop the ＊ (engine/roster/columns.ts normalizeHeader), so a marked header still reads.
    cell.value = c.required ? `${REQUIRED_MARK}${c.header}` : c.header;
    cell.font = { bold: true, ...(c.required ? { color: { argb: RED } } : {}) };
    cell.note = `${c.required ? '必填' : '选填'}：${c.format}${c.example ? `\n示例：${c.example}` : ''}`;
    const col = ws.getColumn(i + 1);
    col.width = Math.max(10, c.header.length * 2 + 4);
    if (c.asText) col.numFmt = '@';
    if (c.choices) {
      for (let row = 2; row <= VALIDATED_ROWS + 1; row++) {
        ws.getCell(row, i + 1).dataValidation = {
          type: 'list',
          allowBlank: !c.required,
          formulae: [`"${c.choices.join(',')}"`],
          showErrorMessage: true,
          errorTitle: '请从列表中选择',
          error: `“${c.header}”应为：${c.choices.join('、')}`,
        };
      }
    }
  });
}

const EXPLANATION_HEADER = ['工作表', '列名', '是否必填', '填写格式', '示例'];

function addExplanation(wb: ExcelJS.Workbook, intro: string[], sheets: { name: string; columns: TemplateColumn[] }[]): void {
  const ws = wb.addWorksheet('说明');
  for (const line of intro) ws.addRow([line]);
  ws.addRow([]);
  const head = ws.addRow(EXPLANATION_HEADER);
  head.font = { bold: true };
  for (const sheet of sheets) {
    for (const c of sheet.columns) {
      const row = ws.addRow([sheet.name, c.header, c.required ? '必填' : '选填', c.format, c.example]);
      if (c.required) row.getCell(3).font = { color: { argb: RED }, bold: true };
    }
  }
  [14, 22, 10, 60, 22].forEach((width, i) => (ws.getColumn(i + 1).width = width));
}

export async function importTemplate(lib: Library, kind: TemplateKind): Promise<TemplateFile> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '档卡';
  if (kind === 'roster') {
    const columns = rosterColumns();
    addDataSheet(wb, '花名册', columns);
    addExplanation(
      wb,
      ['花名册导入模板：每位成员一行，同一户各成员填同一户编号。', `标${REQUIRED_MARK}（红色）的列必须填写；列的顺序可以调整，其他列可以删除。`, '填好后在“导入花名册”中选择本文件。'],
      [{ name: '花名册', columns }],
    );
    return { fileName: '花名册导入模板.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
  }
  const sheets = formSheets(signatureSlots(loadRules(lib))).map((spec) => ({ name: spec.names[0]!, columns: formColumns(spec.type, spec.columns) }));
  for (const sheet of sheets) addDataSheet(wb, sheet.name, sheet.columns);
  addExplanation(
    wb,
    [
      '表单导入模板：每种表单一个工作表，每条记录一行；不用的工作表可以删除或留空。',
      `标${REQUIRED_MARK}（红色）的列必须填写。公示名单、明白卡措施每项一行，同一公示（年度、类别、日期相同）或同一户的明白卡各行会合成一条记录。`,
      '签字列填“是”或“否”。填好后在“从 Excel 导入”中选择本文件。',
    ],
    sheets,
  );
  return { fileName: '表单导入模板.xlsx', bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
