// Form records from Excel (many villages already keep these facts in spreadsheets): one sheet per form type,
// Chinese headers, a row per record — a 公示/公告 takes a row per listed household and a 明白卡 a row per measure,
// grouped by their key columns. Every row is checked like the roster (row, column, Chinese message), and the
// import is all-or-nothing. Re-importing replaces the Excel-imported records of the same units and form types;
// records entered by hand are never touched. The villages concerned are checked again afterwards (the change feed).
import type Database from 'better-sqlite3';
import type { FormsImportResult, RosterProblem } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import { FORM_LABEL, FORM_TYPES, FORMS, formSchemas, MEETING_STAGES, NOTICE_KINDS, PROCEDURE_STEPS, type FieldKind, type FieldSpec, type FormType } from '../../shared/forms';
import { loadRules, signatureSlots } from './config';
import { replaceImportedForms, type ImportedForm } from './formRecords';
import { resolveUnitRef } from '../catalog/units';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { normalizeHeader } from '../roster/columns';
import { parseDateCell } from '../roster/check';
import { readRosterSheets, type Cell, type SheetRow } from '../roster/read';

export type Kind = 'text' | 'int' | 'money' | 'date' | 'yesno' | 'list';

export interface Column {
  header: string;
  /** Older headers read as this column. */
  aliases: readonly string[];
  /** Form field; 'signatures.<slot>' for a signature; '$unit' for the unit column. */
  key: string;
  kind: Kind;
  required?: boolean;
  /** For a row per item (a listed household, a measure): the sub-field of the item. */
  item?: boolean;
}

export interface SheetSpec {
  type: FormType;
  /** Accepted sheet names. */
  names: readonly string[];
  unitTier: 'village' | 'household';
  columns: Column[];
  /** Columns whose values together say which record a row belongs to (rows with items). */
  groupBy?: string[];
  /** The field holding the items of a grouped record. */
  itemsField?: string;
}

/** Units whose forms are written between yields of the import's long write. */
const UNITS_PER_STEP = 50;

const CELL_KIND: Record<FieldKind, Kind | null> = {
  date: 'date',
  int: 'int',
  year: 'int',
  money: 'money',
  text: 'text',
  stage: 'text',
  noticeKind: 'text',
  step: 'text',
  list: 'list',
  // Read as a row per item (FormDescription.items).
  households: null,
  measures: null,
};

const column = (f: FieldSpec, item = false): Column => ({ header: f.label, aliases: f.aliases ?? [], key: f.key, kind: CELL_KIND[f.kind]!, ...(f.required ? { required: true } : {}), ...(item ? { item } : {}) });

/**
 * The sheets of the workbook, from each form's one description (shared/forms.ts FORMS): the unit column, a column
 * per field (items as a row each), and a 'X签字' column per signature slot the rules file names.
 */
export function formSheets(slots: Record<string, string[]>): SheetSpec[] {
  return FORM_TYPES.map((type) => {
    const form = FORMS[type];
    const unit: Column = form.tier === 'household' ? { header: '户编号', aliases: [], key: '$unit', kind: 'text', required: true } : { header: '村', aliases: [], key: '$unit', kind: 'text', required: true };
    const columns = [
      unit,
      ...form.fields.filter((f) => CELL_KIND[f.kind] !== null).map((f) => column(f)),
      ...(form.items?.columns.map((f) => column(f, true)) ?? []),
      ...(slots[type] ?? []).map((slot): Column => ({ header: `${slot}签字`, aliases: [], key: `signatures.${slot}`, kind: 'yesno' })),
    ];
    return {
      type,
      names: form.sheets,
      unitTier: form.tier,
      columns,
      ...(form.items ? { groupBy: ['$unit', ...form.items.groupBy], itemsField: form.items.field } : {}),
    };
  });
}

interface Parsed {
  type: FormType;
  unitId: number;
  fields: Record<string, unknown>;
  rowNumber: number;
}

export async function importForms(lib: Library, file: { fileName: string; bytes: Uint8Array }, ctx: JobContext): Promise<FormsImportResult> {
  ctx.progress('读取表格', 0, 0);
  const sheets = await readRosterSheets(file.fileName, file.bytes);
  const problems: RosterProblem[] = [];
  const records: Parsed[] = [];
  const specs = formSheets(signatureSlots(loadRules(lib)));
  let recognised = 0;
  for (const sheet of sheets) {
    const spec = specs.find((s) => s.names.includes(sheet.name.trim()));
    if (!spec) continue;
    recognised++;
    records.push(...parseSheet(lib.db, spec, sheet.name, sheet.rows, problems));
    ctx.throwIfCancelled();
    await ctx.yield();
  }
  if (recognised === 0) {
    throw new DangkaError('INVALID_INPUT', `表格中没有可识别的工作表：工作表应命名为 ${specs.map((s) => s.names[0]).join('、')}`);
  }
  const counts = Object.fromEntries(specs.map((s) => [s.type, records.filter((r) => r.type === s.type).length])) as Record<FormType, number>;
  if (problems.length > 0) return { applied: false, records: counts, problems };
  ctx.progress('写入', 0, records.length);
  ctx.throwIfCancelled();
  // One transaction on a connection of its own (library.ts, longWrite), as the roster import does: all or nothing
  // even on a cancel, and between units the screens' reads and the job's progress are answered.
  await ctx.longWrite(lib, async (db) => {
    const byUnit = new Map<number, ImportedForm[]>();
    for (const r of records) {
      if (!byUnit.has(r.unitId)) byUnit.set(r.unitId, []);
      byUnit.get(r.unitId)!.push({ unitId: r.unitId, documentId: null, type: r.type, fields: r.fields, source: 'excel' });
    }
    let written = 0;
    let units = 0;
    for (const [unitId, forms] of byUnit) {
      replaceImportedForms(db, unitId, forms, { types: [...new Set(forms.map((f) => f.type))], source: 'excel' });
      written += forms.length;
      if (++units % UNITS_PER_STEP === 0) {
        ctx.progress('写入', written, records.length);
        await ctx.yield();
        ctx.throwIfCancelled('已取消，没有写入任何表单');
      }
    }
  });
  // The villages concerned are re-checked by the change feed (engine/api/changeFeed.ts) once this commits.
  return { applied: true, records: counts, problems: [] };
}

function parseSheet(db: Database.Database, spec: SheetSpec, sheetName: string, rows: SheetRow[], problems: RosterProblem[]): Parsed[] {
  const names = (c: Column) => [c.header, ...c.aliases].map(normalizeHeader);
  const headerIndex = rows.findIndex((r) => spec.columns.some((c) => r.cells.some((cell) => names(c).includes(normalizeHeader(cell.text)))));
  if (headerIndex < 0) {
    problems.push({ row: null, column: null, householdNo: null, message: `工作表“${sheetName}”没有表头（应有：${spec.columns.map((c) => c.header).join('、')}）` });
    return [];
  }
  const header = rows[headerIndex]!;
  const before = problems.length;
  const at = new Map<string, number>();
  header.cells.forEach((cell, i) => {
    const text = normalizeHeader(cell.text);
    const c = spec.columns.find((col) => names(col).includes(text));
    if (c) at.set(c.header, i);
  });
  for (const c of spec.columns.filter((c) => c.required && !c.item)) {
    if (!at.has(c.header)) problems.push({ row: header.rowNumber, column: c.header, householdNo: null, message: `工作表“${sheetName}”缺少“${c.header}”列` });
  }
  if (problems.length > before) return [];

  type Draft = Parsed & { items: Record<string, unknown>[]; unitRef: string };
  const groups = new Map<string, Draft>();
  const out: Draft[] = [];
  for (const row of rows.slice(headerIndex + 1)) {
    const cell = (c: Column): Cell | undefined => {
      const i = at.get(c.header);
      return i === undefined ? undefined : row.cells[i];
    };
    if (spec.columns.every((c) => !(cell(c)?.text ?? '').trim())) continue;
    const problem = (column: string | null, message: string, unitRef: string | null) =>
      problems.push({ row: row.rowNumber, column, householdNo: spec.unitTier === 'household' ? unitRef : null, message: `${sheetName}：${message}` });
    const unitRef = (cell(spec.columns[0]!)?.text ?? '').trim();
    let unitId: number | null = null;
    try {
      unitId = resolveUnit(db, unitRef, spec.unitTier);
    } catch (err) {
      problem(spec.columns[0]!.header, err instanceof DangkaError ? err.message : String(err), unitRef);
      continue;
    }
    const fields: Record<string, unknown> = { signatures: {} };
    const item: Record<string, unknown> = {};
    let ok = true;
    for (const c of spec.columns.slice(1)) {
      const raw = cell(c);
      const text = (raw?.text ?? '').trim();
      if (!text) {
        if (c.required) {
          problem(c.header, `“${c.header}”不能为空`, unitRef);
          ok = false;
        }
        continue;
      }
      const value = convert(c.kind, text, raw?.numeric ?? false);
      if (value === undefined) {
        problem(c.header, `“${c.header}”的值“${text}”无法识别（${KIND_HINT[c.kind]}）`, unitRef);
        ok = false;
        continue;
      }
      if (c.key.startsWith('signatures.')) (fields.signatures as Record<string, boolean>)[c.key.slice('signatures.'.length)] = value as boolean;
      else if (c.item) item[c.key] = value;
      else fields[c.key] = value;
    }
    if (!ok) continue;
    if (spec.type === 'meeting' && !(MEETING_STAGES as readonly string[]).includes(String(fields.stage))) {
      problem('会议', `会议应为 ${MEETING_STAGES.join('、')} 之一`, unitRef);
      continue;
    }
    if (spec.type === 'notice' && !(NOTICE_KINDS as readonly string[]).includes(String(fields.kind))) {
      problem('类别', `类别应为 ${NOTICE_KINDS.join('、')} 之一`, unitRef);
      continue;
    }
    if (spec.type === 'step' && !(PROCEDURE_STEPS as readonly string[]).includes(String(fields.step))) {
      problem('环节', `环节应为 ${PROCEDURE_STEPS.join('、')} 之一`, unitRef);
      continue;
    }
    if (spec.groupBy) {
      const key = spec.groupBy.map((k) => (k === '$unit' ? unitId : String(fields[k]))).join('|');
      let group = groups.get(key);
      if (!group) {
        group = { type: spec.type, unitId, fields, rowNumber: row.rowNumber, items: [], unitRef };
        groups.set(key, group);
        out.push(group);
      } else {
        // Record-level cells may be repeated on every row or given once; the first value given counts.
        for (const [k, v] of Object.entries(fields)) if (group.fields[k] === undefined) group.fields[k] = v;
      }
      if (Object.keys(item).length) group.items.push(item);
    } else out.push({ type: spec.type, unitId, fields, rowNumber: row.rowNumber, items: [], unitRef });
  }
  const parsed: Parsed[] = [];
  for (const r of out) {
    const fields = spec.itemsField ? { ...r.fields, [spec.itemsField]: r.items } : r.fields;
    const result = formSchemas[spec.type].safeParse(fields);
    if (!result.success) {
      const issue = result.error.issues[0]!;
      const column = spec.columns.find((c) => c.key === issue.path[0] || (issue.path[0] === spec.itemsField && c.key === issue.path[2]))?.header ?? null;
      problems.push({
        row: r.rowNumber,
        column,
        householdNo: spec.unitTier === 'household' ? r.unitRef : null,
        message: `${sheetName}：${FORM_LABEL[spec.type]}${column ? `“${column}”` : ''}${issue.message}`,
      });
      continue;
    }
    parsed.push({ type: spec.type, unitId: r.unitId, fields: result.data as Record<string, unknown>, rowNumber: r.rowNumber });
  }
  return parsed;
}

export const KIND_HINT: Record<Kind, string> = {
  text: '文字',
  int: '应为整数',
  money: '应为金额数字',
  date: '应为日期，如 2019-03-15 或 2019年3月15日',
  yesno: '应填 是/否 或 有/无',
  list: '多项用顿号分隔',
};

function convert(kind: Kind, text: string, numeric: boolean): unknown {
  switch (kind) {
    case 'text':
      return text;
    case 'int':
      return /^\d+$/.test(text) ? Number(text) : undefined;
    case 'money': {
      const n = Number(text.replace(/[,，元]/g, ''));
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    }
    case 'date': {
      const d = parseDateCell(text, numeric);
      return d && d.length === 10 ? d : undefined;
    }
    case 'yesno':
      if (/^(是|有|已签|√|✓|y|yes|true|1)$/i.test(text)) return true;
      if (/^(否|无|未签|×|n|no|false|0)$/i.test(text)) return false;
      return undefined;
    case 'list':
      return text.split(/[、,，;；\s]+/).filter(Boolean);
  }
}

/** A household by 户编号; a village by a name that is unique, its 档号, or its path (某县/某镇/某村). */
function resolveUnit(db: Database.Database, ref: string, tier: 'village' | 'household'): number {
  if (!ref) throw new DangkaError('INVALID_INPUT', tier === 'household' ? '户编号不能为空' : '村不能为空');
  if (tier === 'household') {
    const row = stmt(db, 'SELECT unit_id FROM household WHERE household_no = ?').get(ref) as { unit_id: number } | undefined;
    if (!row) throw new DangkaError('NOT_FOUND', `档案库中没有户编号为 ${ref} 的户（请先导入花名册）`);
    return row.unit_id;
  }
  const byName = stmt(db, "SELECT id FROM unit WHERE tier = 'village' AND name = ?").all(ref) as { id: number }[];
  if (byName.length === 1) return byName[0]!.id;
  if (byName.length > 1) throw new DangkaError('INVALID_INPUT', `有 ${byName.length} 个村叫“${ref}”，请写成 某县/某镇/${ref} 或填档号`);
  const unit = resolveUnitRef(db, ref);
  if (unit.tier !== 'village') throw new DangkaError('INVALID_INPUT', `“${ref}”不是村`);
  return unit.id;
}
