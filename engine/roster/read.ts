// Reads a roster file as rows of cell strings, whatever its format: .xlsx or .csv (UTF-8 with or without BOM, or
// GB18030/GBK as Excel in China saves it). Rows are streamed to the caller one at a time and not kept, so a
// county's 200,000 rows need no more memory than a village's.
import ExcelJS from 'exceljs';
import { parse as parseCsv } from 'csv-parse';
import { Readable } from 'node:stream';
import { DangkaError } from '../../shared/errors';

export interface SheetRow {
  /** 1-based, as Excel shows it. */
  rowNumber: number;
  cells: Cell[];
}

/** A cell as text, plus whether Excel stored it as a number (18-digit IDs lose digits that way). */
export interface Cell {
  text: string;
  numeric: boolean;
  /** Why the cell holds no usable value (a formula without its result, an error such as #N/A), for the row's message. */
  problem?: string;
}

export interface Sheet {
  name: string;
  rows: SheetRow[];
}

export interface SheetInfo {
  /** Counts from 0 in file order. */
  index: number;
  name: string;
}

/** Called for each row in file order, with the worksheet the row is on. */
export type RowVisitor = (row: SheetRow, sheet: SheetInfo) => void | Promise<void>;

/**
 * Streams a roster file's rows to `visit`, one at a time, without keeping them: memory stays flat whatever the
 * number of rows. A file that cannot be read (wrong type, damaged zip, bad CSV) throws a DangkaError with a Chinese
 * message; an error thrown by `visit` (a cancel) passes through unchanged.
 */
export async function streamRosterRows(fileName: string, bytes: Uint8Array, visit: RowVisitor, onSheet?: (sheet: SheetInfo) => void): Promise<void> {
  const dot = fileName.lastIndexOf('.');
  const ext = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
  if (ext === 'csv') return streamCsv(bytes, visit, onSheet);
  if (ext === 'xlsx') return streamXlsx(bytes, visit, onSheet);
  if (ext === 'xls') throw new DangkaError('ROSTER_INVALID', '不支持旧版 .xls 文件：请在 Excel 或 WPS 中“另存为” .xlsx 后再导入');
  throw new DangkaError('ROSTER_INVALID', `不支持的文件类型“${ext ? `.${ext}` : '无扩展名'}”：请选择 .xlsx 或 .csv 文件`);
}

/** Every sheet with all its rows, for the small workbooks of the forms import (a roster is streamed instead). */
export async function readRosterSheets(fileName: string, bytes: Uint8Array): Promise<Sheet[]> {
  const sheets: Sheet[] = [];
  await streamRosterRows(
    fileName,
    bytes,
    (row, sheet) => void sheets[sheet.index]!.rows.push(row),
    (sheet) => sheets.push({ name: sheet.name, rows: [] }),
  );
  return sheets;
}

async function streamCsv(bytes: Uint8Array, visit: RowVisitor, onSheet?: (sheet: SheetInfo) => void): Promise<void> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not valid UTF-8: Excel and WPS in China save CSV as GBK, which GB18030 contains.
    text = new TextDecoder('gb18030').decode(bytes);
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.includes('\u0000')) throw new DangkaError('ROSTER_INVALID', '文件不是文本格式的 CSV 表格，无法读取');
  const parser = Readable.from([text]).pipe(parseCsv({ relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
  const sheet = { index: 0, name: 'CSV' };
  onSheet?.(sheet);
  let rowNumber = 0;
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  for (;;) {
    let next: IteratorResult<string[]>;
    try {
      next = await records.next();
    } catch (err) {
      const { code, lines } = err as { code?: string; lines?: number };
      // An unclosed quote is only noticed at the end of the file, so its line number would point to the wrong place.
      const what = code === 'CSV_QUOTE_NOT_CLOSED' ? '有未配对的双引号' : `第${lines ?? '?'}行无法按逗号分隔的表格读取`;
      throw new DangkaError('ROSTER_INVALID', `CSV 文件格式有误：${what}。请在 Excel 或 WPS 中打开检查后重新保存`);
    }
    if (next.done) return;
    await visit({ rowNumber: ++rowNumber, cells: next.value.map((c) => ({ text: csvCellText(c), numeric: false })) }, sheet);
  }
}
/** Exports keep long numbers as text in CSV by writing them as a formula: ="410724196003150011". */
function csvCellText(raw: string): string {
  const text = raw.trim();
  const formula = /^="(.*)"$/.exec(text);
  return formula ? formula[1]!.trim() : text;
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

class VisitorError extends Error {
  constructor(override readonly cause: unknown) {
    super('visitor failed');
  }
}

async function streamXlsx(bytes: Uint8Array, visit: RowVisitor, onSheet?: (sheet: SheetInfo) => void): Promise<void> {
  // Old binary .xls (and password-protected workbooks) are OLE compound files; renaming one to .xlsx is common.
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new DangkaError('ROSTER_INVALID', '这是旧版 .xls（或加了密码的）Excel 文件，只是扩展名为 .xlsx：请在 Excel 或 WPS 中“另存为” .xlsx 后再导入');
  }
  // An .xlsx is a zip: anything else (a renamed text file, random bytes) fails here with a clear message.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DangkaError('ROSTER_INVALID', '文件不是有效的 Excel（.xlsx）文件：可能已损坏，或是改了扩展名的其他文件');
  }
  const unreadable = () => new DangkaError('ROSTER_INVALID', '无法读取该 Excel 文件：文件可能已损坏或不完整，请重新导出后再试');
  // The reader also reports some failures (a worksheet spooled to a temporary file, a damaged zip entry) as an
  // 'error' event rather than through the iteration; kept here and thrown at the next row or the end, never lost.
  let eventError: unknown = null;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes)), {
      sharedStrings: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      styles: 'ignore',
      entries: 'emit',
    });
    (reader as unknown as NodeJS.EventEmitter).on('error', (err: unknown) => (eventError ??= err));
    let index = 0;
    for await (const worksheet of reader) {
      const sheet = { index, name: (worksheet as unknown as { name?: string }).name ?? `工作表${index + 1}` };
      onSheet?.(sheet);
      for await (const row of worksheet) {
        if (eventError) throw unreadable();
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
        try {
          await visit({ rowNumber: row.number, cells }, sheet);
        } catch (err) {
          throw new VisitorError(err);
        }
      }
      index++;
    }
  } catch (err) {
    // A cancel or the caller's own failure is not a damaged file.
    if (err instanceof VisitorError) throw err.cause;
    if (err instanceof DangkaError) throw err;
    throw unreadable();
  }
  if (eventError) throw unreadable();
}

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? value.toFixed(0) : String(value), numeric: true };
  if (typeof value === 'string') return { text: value.trim(), numeric: false };
  if (typeof value === 'boolean') return { text: value ? '是' : '否', numeric: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), numeric: false };
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; formula?: unknown; sharedFormula?: unknown; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(v.richText)) return { text: v.richText.map((r) => r.text).join('').trim(), numeric: false };
    if (typeof v.error === 'string') return { text: v.error, numeric: false, problem: `是错误值 ${v.error}：请在 Excel 中改正后重新导出` };
    if (v.result !== undefined && v.result !== null) return cellOf(v.result);
    if ('formula' in v || 'sharedFormula' in v) {
      return { text: '', numeric: false, problem: '是没有计算结果的公式：请在 Excel 或 WPS 中复制该列，“选择性粘贴→数值”后重新导出' };
    }
    if (typeof v.text === 'string') return { text: v.text.trim(), numeric: false };
    return { text: '', numeric: false, problem: '内容无法识别：请改成文字或数字后重新导出' };
  }
  return { text: String(value).trim(), numeric: false };
}
