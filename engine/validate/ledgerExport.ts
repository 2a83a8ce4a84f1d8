// The ledgers a village or township hands over (seeds 002, 004): the four household ledgers — 稳定脱贫户 (green),
// 监测户 (blue), 返贫户 (red), 边缘户 — and 问题整改及验收销号台账, as an Excel workbook (exceljs: a sheet per
// ledger, the header in the ledger's colour) or a print-ready PDF (A4 landscape, header on every page).
import ExcelJS from 'exceljs';
import { CONTACT_ROLE_LABEL, HOUSEHOLD_STATUS_LABEL, PROBLEM_STAGE_LABEL, type HouseholdStatus, type Problem } from '../../shared/domain';
import { getUnit, unitPath } from '../catalog/units';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { writeTablePdf, type PdfTable } from '../pdf/table';
import { listProblems } from './ledger';
import { signatureNote } from './review';

export type LedgerKind = 'households' | 'problems';
export type LedgerFormat = 'xlsx' | 'pdf';

interface Ledger {
  title: string;
  /** A line under the title (the review stages for the problem ledger). */
  note?: string;
  /** `numFmt`: an Excel number column (a count, a year, an amount): its cells are numbers one can sum and sort. */
  columns: { header: string; width: number; numFmt?: string }[];
  rows: string[][];
  /** Rows (0-based) that are overdue: red in Excel and in the PDF. */
  overdue?: number[];
  /** ARGB for Excel, and the PDF accent. */
  colour: string;
}

const LEDGER_STATUSES: HouseholdStatus[] = ['stable', 'monitored', 'returned', 'marginal'];
const COLOUR: Record<HouseholdStatus, string> = { ordinary: 'FF6B7280', stable: 'FF16A34A', monitored: 'FF2563EB', returned: 'FFDC2626', marginal: 'FFEA580C' };

function householdLedgers(lib: Library, unitId: number): Ledger[] {
  const rows = stmt(
    lib.db,
    `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
     SELECT u.id, u.name, h.household_no, h.status, h.attribute, h.main_cause, h.exit_year, h.per_capita_income, h.phone,
            (SELECT count(*) FROM member m WHERE m.household_id = u.id) AS size,
            v.name AS village,
            (SELECT p.name FROM household_contact c JOIN contact_person p ON p.id = c.person_id WHERE c.household_id = u.id AND c.role = 'helper') AS helper
       FROM unit u JOIN household h ON h.unit_id = u.id JOIN unit v ON v.id = u.parent_id
      WHERE u.id IN (SELECT id FROM sub) ORDER BY v.code, u.code`,
  ).all(unitId) as {
    name: string;
    household_no: string;
    status: HouseholdStatus;
    attribute: string | null;
    main_cause: string | null;
    exit_year: number | null;
    per_capita_income: number | null;
    phone: string | null;
    size: number;
    village: string;
    helper: string | null;
  }[];
  const columns = [
    { header: '序号', width: 4, numFmt: '0' },
    { header: '村', width: 9 },
    { header: '户主', width: 7 },
    { header: '户编号', width: 14 },
    { header: '人数', width: 4, numFmt: '0' },
    { header: '贫困户属性', width: 9 },
    { header: '主要致贫原因', width: 9 },
    { header: '脱贫年度', width: 6, numFmt: '0' },
    { header: '人均纯收入（元）', width: 9, numFmt: '#,##0' },
    { header: '联系电话', width: 10 },
    { header: CONTACT_ROLE_LABEL.helper, width: 8 },
  ];
  return LEDGER_STATUSES.map((status) => ({
    title: `${HOUSEHOLD_STATUS_LABEL[status]}台账`,
    colour: COLOUR[status],
    columns,
    rows: rows
      .filter((r) => r.status === status)
      .map((r, i) => [
        String(i + 1),
        r.village,
        r.name,
        r.household_no,
        String(r.size),
        r.attribute ?? '',
        r.main_cause ?? '',
        r.exit_year ? String(r.exit_year) : '',
        r.per_capita_income === null ? '' : r.per_capita_income.toFixed(0),
        r.phone ?? '',
        r.helper ?? '',
      ]),
  }));
}

/**
 * 问题整改及验收销号台账, as seed 002 hands them over: households' problems (附件19, 边缘户 included, each with its
 * 户类型) and village-level problems (附件20: the village, its township and county). Overdue rows stand out.
 */
function problemLedgers(lib: Library, unitId: number, roundId: number | undefined): Ledger[] {
  const { problems } = listProblems(lib.db, { unitId, status: 'all', ...(roundId ? { roundId } : {}), limit: 100_000, offset: 0 });
  const statusOf = new Map(
    (stmt(lib.db, `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
                   SELECT h.unit_id, h.status FROM household h WHERE h.unit_id IN (SELECT id FROM sub)`).all(unitId) as { unit_id: number; status: HouseholdStatus }[]).map((r) => [r.unit_id, r.status]),
  );
  const note = signatureNote(lib, unitId, roundId);
  const acceptance = (p: Problem) => [
    p.deadline ? `${p.deadline}${p.overdue && p.stage !== 'rectified' ? '（逾期）' : ''}` : '',
    p.closedAt ? p.closedAt.slice(0, 10) : p.acceptanceDue ? `计划${p.acceptanceDue}${p.overdue && p.stage === 'rectified' ? '（逾期）' : ''}` : '',
    p.acceptanceUnit,
    PROBLEM_STAGE_LABEL[p.stage],
    p.closedBy ?? '',
    p.closeNote ?? (p.returnedReason ? `退回：${p.returnedReason}` : ''),
  ];
  const tail = [
    { header: '整改时限', width: 8 },
    { header: '验收时间', width: 8 },
    { header: '验收责任单位', width: 8 },
    { header: '状态', width: 7 },
    { header: '验收人', width: 6 },
    { header: '验收意见', width: 12 },
  ];
  const households = problems.filter((p) => p.unit.tier === 'household');
  const villages = problems.filter((p) => p.unit.tier !== 'household');
  return [
    {
      title: '贫困户（含边缘户）问题整改及验收销号台账',
      note,
      colour: 'FF1F3A5F',
      columns: [
        { header: '序号', width: 4, numFmt: '0' },
        { header: '村', width: 8 },
        { header: '户主', width: 6 },
        { header: '户类型', width: 7 },
        { header: '问题', width: 26 },
        { header: '整改措施', width: 14 },
        { header: '责任人', width: 6 },
        ...tail,
      ],
      rows: households.map((p, i) => [
        String(i + 1),
        p.pathLabel.split(' / ').at(-2) ?? '',
        p.unit.name,
        HOUSEHOLD_STATUS_LABEL[statusOf.get(p.unit.id) ?? 'ordinary'],
        p.description,
        p.measure,
        p.responsiblePerson,
        ...acceptance(p),
      ]),
      overdue: households.flatMap((p, i) => (p.overdue ? [i] : [])),
    },
    {
      title: '村级问题整改及验收销号台账',
      note,
      colour: 'FF1F3A5F',
      columns: [
        { header: '序号', width: 4, numFmt: '0' },
        { header: '单位', width: 12 },
        { header: '问题', width: 28 },
        { header: '整改措施', width: 14 },
        { header: '责任单位', width: 8 },
        { header: '责任人', width: 6 },
        ...tail,
      ],
      rows: villages.map((p, i) => [String(i + 1), p.pathLabel, p.description, p.measure, p.responsibleUnit, p.responsiblePerson, ...acceptance(p)]),
      overdue: villages.flatMap((p, i) => (p.overdue ? [i] : [])),
    },
  ];
}

export async function exportLedger(lib: Library, unitId: number, kind: LedgerKind, format: LedgerFormat, roundId?: number): Promise<{ fileName: string; bytes: Buffer }> {
  const unit = getUnit(lib.db, unitId);
  const place = unitPath(lib.db, unitId).map((u) => u.name).join('');
  const ledgers = kind === 'households' ? householdLedgers(lib, unitId) : problemLedgers(lib, unitId, roundId);
  const today = new Date();
  const stamp = `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
  const name = `${unit.name}${kind === 'households' ? '户类型台账' : '问题整改及验收销号台账'}`;
  if (format === 'pdf') {
    const tables: PdfTable[] = ledgers.map((l) => ({
      title: `${place} ${l.title}`,
      subtitle: `共 ${l.rows.length} ${kind === 'households' ? '户' : '条'} · 制表日期 ${stamp}${l.note ? ` · ${l.note}` : ''}`,
      columns: l.columns,
      rows: l.rows,
      accent: [parseInt(l.colour.slice(2, 4), 16) / 255, parseInt(l.colour.slice(4, 6), 16) / 255, parseInt(l.colour.slice(6, 8), 16) / 255],
      creationDate: today,
      highlightRows: new Set(l.overdue ?? []),
    }));
    return { fileName: `${name}.pdf`, bytes: Buffer.from(await writeTablePdf(tables)) };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = '档卡 Dangka';
  wb.created = today;
  for (const l of ledgers) {
    const ws = wb.addWorksheet(l.title, { views: [{ state: 'frozen', ySplit: 3 }], pageSetup: { orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
    ws.mergeCells(1, 1, 1, l.columns.length);
    ws.getCell(1, 1).value = `${place} ${l.title}`;
    ws.getCell(1, 1).font = { bold: true, size: 14, color: { argb: l.colour } };
    ws.mergeCells(2, 1, 2, l.columns.length);
    ws.getCell(2, 1).value = `共 ${l.rows.length} ${kind === 'households' ? '户' : '条'} · 制表日期 ${stamp}${l.note ? ` · ${l.note}` : ''}`;
    const header = ws.getRow(3);
    l.columns.forEach((c, i) => {
      const cell = header.getCell(i + 1);
      cell.value = c.header;
      cell.font = { bold: true, color: { argb: 'FFFFFFFF' } };
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: l.colour } };
      cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
      ws.getColumn(i + 1).width = Math.max(6, c.width * 1.8);
    });
    // Number columns hold numbers; every other cell is text, so 户编号 and phone numbers never become numbers.
    const overdue = new Set(l.overdue ?? []);
    l.rows.forEach((row, i) => {
      const added = ws.addRow(row.map((text, c) => (l.columns[c]!.numFmt && /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text)));
      l.columns.forEach((c, j) => {
        if (c.numFmt) added.getCell(j + 1).numFmt = c.numFmt;
      });
      added.alignment = { vertical: 'top', wrapText: true };
      if (overdue.has(i)) added.eachCell({ includeEmpty: true }, (cell) => (cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFEE2E2' } }));
    });
  }
  return { fileName: `${name}.xlsx`, bytes: Buffer.from(await wb.xlsx.writeBuffer()) };
}
