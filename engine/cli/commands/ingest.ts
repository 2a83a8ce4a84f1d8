// `dangka ingest FILE... --unit UNIT [--item ITEM]`: imports scans as documents (one per file), cleans and reads
// them, with progress and an ETA; `dangka watch` takes new files from this workstation's scanner folder into the
// inbox until stopped. Both go through the same API as the app (ingest.upload + ingest.start, hotFolder.set).
import type { Command } from 'commander';
import { basename } from 'node:path';
import type { IngestFileResult, IngestResult } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { unwrap, type Engine } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { itemsForUnit } from '../../ingest/documents';
import { action, EXIT_OK, EXIT_PROBLEMS, libraryOption, openEngine, printJson, readFileBase64, waitForJob } from '../common';

interface IngestOptions {
  library?: string;
  unit?: string;
  item?: string;
  json?: boolean;
}

const STATUS_LABEL: Record<IngestFileResult['status'], string> = { imported: '已导入', duplicate: '已导入过', failed: '失败', cancelled: '未导入' };

export function registerIngest(program: Command): void {
  libraryOption(
    program
      .command('ingest <files...>')
      .description('导入扫描件（JPG、PNG、TIFF、PDF）：每个文件成为一件，自动纠偏、裁边并识别文字')
      .option('--unit <unit>', '归入的单位（档号或路径，如 某县/某镇/某村）；不填则放入收件箱')
      .option('--item <item>', '档案项目，如 公示公告/贫困户识别两公示一公告，或只写项目名')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (files: string[], opts: IngestOptions) => {
      const engine = openEngine(opts);
      try {
        const unitId = opts.unit ? resolveUnitRef(engine.lib.db, opts.unit).id : null;
        const item = opts.item ? resolveItem(engine, unitId, opts.item) : null;
        // Per file: a path that is missing, unreadable or too large fails alone, named with its reason, in its
        // place in the list; the others are imported.
        const unread = new Map<number, IngestFileResult>();
        const uploadIds: string[] = [];
        for (const [k, file] of files.entries()) {
          let contentBase64: string;
          try {
            contentBase64 = readFileBase64(file);
          } catch (err) {
            if (!(err instanceof DangkaError)) throw err;
            unread.set(k, { fileName: basename(file), status: 'failed', documentId: null, pages: 0, message: err.message });
            continue;
          }
          uploadIds.push(unwrap(await engine.call('ingest.upload', { fileName: basename(file), contentBase64 })).uploadId);
        }
        let result: IngestResult = { files: [], pagesOcred: 0, ocrFailed: 0 };
        if (uploadIds.length) {
          const state = await waitForJob(engine, unwrap(await engine.call('ingest.start', { uploadIds, unitId, item })).jobId);
          if (!state.result) throw new DangkaError('INTERNAL', state.error?.message ?? '导入失败');
          result = state.result as IngestResult;
        }
        const imported = [...result.files];
        result = { ...result, files: files.map((_, k) => unread.get(k) ?? imported.shift()!) };
        // Pages an interrupted earlier run left waiting for OCR are read now too (the app does it on start).
        const { jobId: ocrJob } = unwrap(await engine.call('ocr.start', {}));
        if (ocrJob) await waitForJob(engine, ocrJob);
        if (opts.json) printJson(result);
        else process.stdout.write(describe(result));
        return result.files.every((f) => f.status === 'imported' || f.status === 'duplicate') ? EXIT_OK : EXIT_PROBLEMS;
      } finally {
        engine.close();
      }
    }),
  );

  libraryOption(
    program
      .command('watch [folder]')
      .description('监视本机的扫描文件夹：新文件写完后导入收件箱并识别文字（Ctrl+C 停止）；给出文件夹则记为本机设置')
      .option('--once', '只处理一遍当前已写完的文件就退出'),
  ).action(
    action(async (folder: string | undefined, opts: { library?: string; once?: boolean }) => {
      const engine = openEngine(opts);
      try {
        const status = folder ? unwrap(await engine.call('hotFolder.set', { dir: folder })) : unwrap(await engine.call('hotFolder.get', {}));
        if (!status.dir) throw new DangkaError('INVALID_INPUT', '本机还没有设置扫描文件夹：请用 dangka watch 文件夹路径');
        if (status.problem) throw new DangkaError('FILE_UNREADABLE', status.problem);
        process.stderr.write(`正在监视扫描文件夹：${status.dir}\n`);
        engine.startBackgroundWork();
        if (opts.once) {
          // A file is taken once it has not changed for a moment: look twice.
          await engine.pollHotFolder();
          await new Promise((r) => setTimeout(r, 3100));
          await engine.pollHotFolder();
        } else {
          await new Promise<void>((resolveStop) => {
            process.once('SIGINT', () => resolveStop());
            process.once('SIGTERM', () => resolveStop());
          });
        }
        // A file being imported when the watch ends is finished before the library closes.
        await engine.stopHotFolder();
        const after = unwrap(await engine.call('hotFolder.get', {}));
        process.stdout.write(`已导入 ${after.imported} 个文件到收件箱${after.failed ? `，${after.failed} 个未能导入（见“未能导入”文件夹）` : ''}\n`);
        await waitForOcr(engine);
        return after.failed ? EXIT_PROBLEMS : EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}

/** '<category>/<item>', or an item name that is unique in the unit's template. */
function resolveItem(engine: Engine, unitId: number | null, ref: string): string {
  if (unitId === null) throw new DangkaError('INVALID_INPUT', '指定档案项目时请同时用 --unit 指定单位');
  const items = itemsForUnit(engine.lib, unitId);
  // Item names may hold a slash themselves (村情简介/行政村基本情况登记表): the category is up to the first one.
  const matches = items.filter((i) => i === ref || i.slice(i.indexOf('/') + 1) === ref);
  if (matches.length === 1) return matches[0]!;
  throw new DangkaError('INVALID_INPUT', `该单位的档案模板中没有项目“${ref}”。可选：\n  ${items.join('\n  ')}`);
}

async function waitForOcr(engine: Engine): Promise<void> {
  const { jobId } = unwrap(await engine.call('ocr.status', {}));
  if (jobId) await waitForJob(engine, jobId);
}

function describe(r: IngestResult): string {
  const lines = r.files.map((f) => `${STATUS_LABEL[f.status]}  ${f.fileName}${f.pages ? `（${f.pages}页）` : ''}${f.message ? `  ${f.message}` : ''}`);
  const imported = r.files.filter((f) => f.status === 'imported').length;
  lines.push(`共 ${r.files.length} 个文件：导入 ${imported} 个；识别文字 ${r.pagesOcred} 页${r.ocrFailed ? `，${r.ocrFailed} 页识别失败` : ''}`);
  return `${lines.join('\n')}\n`;
}
