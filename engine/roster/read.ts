// Reads a roster file as rows of cell strings, whatever its format: .xlsx or .csv (UTF-8 with or without BOM, or
// GB18030/GBK as Excel in China saves it). Rows are streamed to the caller one at a time and not kept, so a
// county's 200,000 rows need no more memory than a village's.
import { parse as parseCsv } from 'csv-parse';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { DangkaError } from '../../shared/errors';
import { workerEntry } from '../workerEntry';
import type { WorkerMessage } from './rosterXlsxWorker';

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
 * message; an error thrown by `visit` (a cancel) passes through unchanged. An .xlsx is read in a worker thread
 * whose heap `xlsxHeap` bounds (a workbook that needs more is refused with a Chinese message).
 */
export async function streamRosterRows(
  fileName: string,
  bytes: Uint8Array,
  visit: RowVisitor,
  onSheet?: (sheet: SheetInfo) => void,
  xlsxHeap: XlsxHeapLimits = XLSX_WORKER_HEAP,
): Promise<void> {
  const dot = fileName.lastIndexOf('.');
  const ext = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
  if (ext === 'csv') return streamCsv(bytes, visit, onSheet);
  if (ext === 'xlsx') return streamXlsx(bytes, visit, onSheet, xlsxHeap);
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

/** The heap of the worker thread that reads an .xlsx (V8's resourceLimits, in MB). */
export interface XlsxHeapLimits {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb: number;
}

/**
 * Measured on a county's roster of 198,250 persons (docs/decisions.md, "Issue 17 item 5"): the read fails with 48 MB
 * of old generation and completes with 96 MB (exceljs's cache of shared strings, which grows with the file, is the
 * live part); the rest is per-row garbage that the limit makes V8 collect. 256 MB leaves room for a county about
 * twice as large. Far smaller limits abort the whole process inside V8 (1 MB did), not only the worker.
 */
export const XLSX_WORKER_HEAP: XlsxHeapLimits = { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 16 };

/** The worker's messages in arrival order, and how it failed if it did. */
class WorkerInbox {
  private readonly queue: WorkerMessage[] = [];
  private failure: unknown = null;
  private wake: (() => void) | null = null;

  constructor(worker: Worker) {
    worker.on('message', (message: WorkerMessage) => this.arrive(() => this.queue.push(message)));
    worker.on('error', (err: Error & { code?: string }) =>
      this.arrive(() => {
        // Its heap is bounded on purpose: a workbook too big for it is the file's limit, said in the clerk's terms.
        this.failure ??=
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new DangkaError('ROSTER_INVALID', '该 Excel 文件太大或太复杂，读取时超出了为它预留的内存，没有导入任何内容：请把表格按乡镇拆分成几个文件后分别导入')
            : err;
      }),
    );
    worker.on('exit', (code) => this.arrive(() => (this.failure ??= new Error(`roster reader: the worker stopped early (exit code ${code})`))));
  }

  private arrive(record: () => void): void {
    record();
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  async next(): Promise<WorkerMessage> {
    for (;;) {
      const message = this.queue.shift();
      if (message) return message;
      if (this.failure) throw this.failure;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/**
 * Reads the workbook in a worker thread with a bounded heap (rosterXlsxWorker.ts says why) and visits its rows here,
 * in file order, a batch at a time: the worker reads the next batch while this one is visited and waits for the ack
 * before posting it, so at most two batches are in memory however long the file.
 */
async function streamXlsx(bytes: Uint8Array, visit: RowVisitor, onSheet: ((sheet: SheetInfo) => void) | undefined, heap: XlsxHeapLimits): Promise<void> {
  // Old binary .xls (and password-protected workbooks) are OLE compound files; renaming one to .xlsx is common.
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    throw new DangkaError('ROSTER_INVALID', '这是旧版 .xls（或加了密码的）Excel 文件，只是扩展名为 .xlsx：请在 Excel 或 WPS 中“另存为” .xlsx 后再导入');
  }
  // An .xlsx is a zip: anything else (a renamed text file, random bytes) fails here with a clear message.
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DangkaError('ROSTER_INVALID', '文件不是有效的 Excel（.xlsx）文件：可能已损坏，或是改了扩展名的其他文件');
  }
  // A copy of its own is moved to the worker, not cloned: the caller's bytes stay usable (a Buffer may share Node's
  // pool, which cannot be moved) and are not copied twice. `new Uint8Array(view)` copies; Buffer's slice would not.
  const own = new Uint8Array(bytes).buffer;
  const worker = new Worker(workerEntry('rosterXlsxWorker', import.meta.url).url, { workerData: { bytes: own }, transferList: [own], resourceLimits: heap });
  const inbox = new WorkerInbox(worker);
  try {
    const sheets: SheetInfo[] = [];
    for (;;) {
      const message = await inbox.next();
      if (message.kind === 'done') return;
      if (message.kind === 'unreadable') throw new DangkaError('ROSTER_INVALID', '无法读取该 Excel 文件：文件可能已损坏或不完整，请重新导出后再试');
      if (message.kind === 'sheet') {
        const sheet = { index: message.index, name: message.name };
        sheets[sheet.index] = sheet;
        onSheet?.(sheet);
        continue;
      }
      const sheet = sheets[message.sheet]!;
      // An error thrown here (a cancel, the caller's own failure) passes through unchanged; the worker is stopped below.
      for (const row of message.rows) await visit(row, sheet);
      worker.postMessage('ack');
    }
  } finally {
    await worker.terminate();
  }
}
