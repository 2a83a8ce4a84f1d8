// The print centre's preview and page ranges over a finished print job's PDF: one page rendered to a PNG (poppler's
// pdftoppm, as everywhere else PDFs become images), and a range of pages cut out as a PDF of its own (pdf-lib).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument } from 'pdf-lib';
import type { PrintResult } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { JobRunner } from '../jobs/jobs';
import type { Library } from '../library/library';

const run = promisify(execFile);
const PREVIEW_DPI = 60;

/** A finished print job's PDF, read from the file store by the hash its job row keeps. */
export interface PrintedPdf {
  fileName: string;
  pages: number;
  bytes: Uint8Array;
}

export function printedPdf(lib: Library, jobs: JobRunner, jobId: string): PrintedPdf {
  const state = jobs.get(jobId);
  const result = state.result as PrintResult | null;
  if (state.kind !== 'print' || state.status !== 'done' || !result || !state.resultSha256 || !lib.files.has(state.resultSha256)) {
    throw new DangkaError('NOT_FOUND', '打印内容已不在档案库中，请重新生成');
  }
  return { fileName: result.fileName, pages: result.pages, bytes: lib.files.read(state.resultSha256) };
}

function checkPage(page: number, pages: number): void {
  if (page < 1 || page > pages) throw new DangkaError('INVALID_INPUT', `页码应在 1 到 ${pages} 之间`);
}

export async function previewPage(printed: PrintedPdf, page: number): Promise<string> {
  checkPage(page, printed.pages);
  const dir = await mkdtemp(join(tmpdir(), 'dangka-preview-'));
  try {
    const file = join(dir, 'print.pdf');
    await writeFile(file, printed.bytes);
    const { stdout } = await run('pdftoppm', ['-r', String(PREVIEW_DPI), '-png', '-singlefile', '-f', String(page), '-l', String(page), file], {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return `data:image/png;base64,${(stdout as unknown as Buffer).toString('base64')}`;
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') throw new DangkaError('INTERNAL', '缺少 PDF 工具（poppler 的 pdftoppm），无法预览');
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function pageRange(printed: PrintedPdf, from: number, to: number): Promise<PrintedPdf> {
  checkPage(from, printed.pages);
  checkPage(to, printed.pages);
  if (to < from) throw new DangkaError('INVALID_INPUT', '起始页不能大于结束页');
  if (from === 1 && to === printed.pages) return printed;
  const source = await PDFDocument.load(printed.bytes);
  const out = await PDFDocument.create();
  for (const p of await out.copyPages(source, Array.from({ length: to - from + 1 }, (_, i) => from - 1 + i))) out.addPage(p);
  const fileName = printed.fileName.replace(/\.pdf$/, `（第${from}-${to}页）.pdf`);
  return { fileName, pages: to - from + 1, bytes: await out.save() };
}
