// The .xlsx half of the roster reader (read.ts), run in a worker thread with a bounded heap. exceljs leaves a lot of
// short-lived garbage per row that V8 promotes and, with no heap limit, does not collect: a county's 200,000-person
// roster read in the engine's own thread took it past 1 GB resident while only ~140 MB was live. Here that garbage
// lives in a heap of its own, whose limit (resourceLimits, set by read.ts) makes V8 collect it.
//
// Runs as is in three places: from source under vitest and `node --import tsx` (Node strips the types, so this file
// keeps to erasable syntax and imports only node: builtins, packages and types), and built as out/main/rosterXlsxWorker.js.
//
// Protocol: workerData is { bytes: ArrayBuffer } (transferred). The worker posts WorkerMessage in file order. Each
// 'rows' batch is acknowledged by the main thread ('ack') once visited; the worker reads the next batch meanwhile but
// does not post it before that ack, so at most one batch waits and one is being read.
import { parentPort, workerData } from 'node:worker_threads';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Cell, SheetRow } from './read';

export type WorkerMessage =
  | { kind: 'sheet'; index: number; name: string }
  | { kind: 'rows'; sheet: number; rows: SheetRow[] }
  /** The workbook cannot be read (damaged zip, bad XML, a cut file); no detail the clerk could use. */
  | { kind: 'unreadable' }
  | { kind: 'done' };

/** Rows per message: few enough messages that posting costs little, and a batch is a few hundred KB of cells. */
const ROWS_PER_BATCH = 1000;

/** One exceljs cell value as text; what Excel stored as a number is marked (18-digit IDs lose digits that way). */
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

/** Acks from the main thread not yet consumed, and the reader waiting for one. */
let acks = 0;
let ackWaiter: (() => void) | null = null;

function nextAck(): Promise<void> {
  if (acks > 0) {
    acks--;
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    ackWaiter = () => {
      acks--;
      resolve();
    };
  });
}

async function readWorkbook(port: NonNullable<typeof parentPort>, bytes: Uint8Array): Promise<void> {
  port.on('message', () => {
    acks++;
    const waiter = ackWaiter;
    ackWaiter = null;
    waiter?.();
  });
  /** Whether a batch was posted whose ack has not been awaited yet. */
  let awaitingAck = false;
  const post = async (message: WorkerMessage) => {
    if (message.kind === 'rows') {
      if (awaitingAck) await nextAck();
      awaitingAck = true;
    }
    port.postMessage(message);
  };
  // A read that fails before it has posted anything is tried once more before the file is called unreadable. In
  // one CI run in five a good two-household roster was refused as unreadable (roster.test.ts); unzipper's streaming
  // parser under exceljs is known to report a complete file as ended early (FILE_ENDED) now and then, and ours
  // gives no other reason. A workbook whose worksheets come before its shared strings (Excel's and WPS's order)
  // posts nothing until the whole zip has been read, so a retry is safe there; a damaged file fails again.
  for (let attempt = 1; ; attempt++) {
    const outcome = await readOnce(bytes, post);
    if (outcome === 'done' || outcome === 'failed after posting' || attempt === 2) {
      await post({ kind: outcome === 'done' ? 'done' : 'unreadable' });
      return;
    }
  }
}

/** One pass over the workbook, posting its sheets and rows. */
async function readOnce(bytes: Uint8Array, post: (message: WorkerMessage) => Promise<void>): Promise<'done' | 'failed before posting' | 'failed after posting'> {
  let posted = false;
  const postRead = (message: WorkerMessage) => {
    posted = true;
    return post(message);
  };
  // The reader also reports some failures (a worksheet spooled to a temporary file, a damaged zip entry) as an
  // 'error' event rather than through the iteration; kept here and reported at the next row or the end, never lost.
  let eventError: unknown = null;
  try {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)), {
      sharedStrings: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      styles: 'ignore',
      entries: 'emit',
    });
    (reader as unknown as NodeJS.EventEmitter).on('error', (err: unknown) => (eventError ??= err));
    let index = 0;
    for await (const worksheet of reader) {
      await postRead({ kind: 'sheet', index, name: (worksheet as unknown as { name?: string }).name ?? `工作表${index + 1}` });
      let batch: SheetRow[] = [];
      for await (const row of worksheet) {
        if (eventError) throw eventError;
        const values = row.values as unknown[];
        const cells: Cell[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellOf(values[c]));
        batch.push({ rowNumber: row.number, cells });
        if (batch.length === ROWS_PER_BATCH) {
          await postRead({ kind: 'rows', sheet: index, rows: batch });
          batch = [];
        }
      }
      if (batch.length > 0) await postRead({ kind: 'rows', sheet: index, rows: batch });
      index++;
    }
  } catch {
    return posted ? 'failed after posting' : 'failed before posting';
  }
  if (!eventError) return 'done';
  return posted ? 'failed after posting' : 'failed before posting';
}

if (parentPort) {
  const { bytes } = workerData as { bytes: ArrayBuffer };
  void readWorkbook(parentPort, new Uint8Array(bytes));
}
