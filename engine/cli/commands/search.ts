import type { Command } from 'commander';
import type { SearchHit, SearchResult } from '../../../shared/domain';
import { searchTotalLabel } from '../../../shared/searchTotal';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { pendingCount, rebuildSearchIndex, syncSearchIndex } from '../../search/indexer';
import { action, endProgress, EXIT_USAGE, libraryOption, openEngine, printJson, progressLine } from '../common';

interface SearchOptions {
  library?: string;
  unit?: string;
  item?: string;
  limit?: string;
  json?: boolean;
  rebuild?: boolean;
}

export function registerSearch(program: Command): void {
  libraryOption(
    program
      .command('search [words...]')
      .description('全文检索：页面识别文字、文件题名和所在单位名称；多个词用空格隔开，须同时出现')
      .option('--unit <unit>', '只查此单位及其下级（档号或路径，如 某县/某镇/某村）')
      .option('--item <item>', '只查此档案项目，如 公示公告/贫困户识别两公示一公告')
      .option('--limit <n>', '最多显示几条（1–100，默认 20）')
      .option('--json', '以 JSON 输出')
      .option('--rebuild', '重建检索索引（索引损坏或升级后使用）'),
  ).action(
    action(async (words: string[], opts: SearchOptions) => {
      const limit = opts.limit === undefined ? 20 : Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        process.stderr.write('错误：--limit 应为 1 到 100 的整数\n');
        return EXIT_USAGE;
      }
      const query = words.join(' ').trim();
      if (!query && !opts.rebuild) {
        process.stderr.write('错误：请给出要查找的词语，如 dangka search 低保\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const db = engine.lib.db;
        if (opts.rebuild) {
          const started = Date.now();
          rebuildSearchIndex(db, (done, total) => {
            const rate = done / Math.max(1, (Date.now() - started) / 1000);
            progressLine('重建检索索引', done, total, done > 0 ? Math.round((total - done) / rate) : null);
          });
          endProgress();
          process.stderr.write(`检索索引已重建（${Math.round((Date.now() - started) / 1000)}秒）\n`);
          if (!query) return;
        } else if (pendingCount(db) > 0) {
          // The CLI waits for the whole queue (the app's search indexes a bounded batch and reports the rest).
          syncSearchIndex(db, { onProgress: (done) => progressLine(`更新检索索引：已处理 ${done} 页`, 0, 0, null) });
          endProgress();
        }
        const unitId = opts.unit ? resolveUnitRef(db, opts.unit).id : undefined;
        const result = unwrap(
          await engine.call('search.documents', {
            query,
            limit,
            ...(unitId === undefined ? {} : { unitId }),
            ...(opts.item ? { item: opts.item } : {}),
          }),
        );
        if (opts.json) return printJson(result);
        process.stdout.write(formatResult(result));
      } finally {
        engine.close();
      }
    }),
  );
}

function formatResult(result: SearchResult): string {
  if (result.hits.length === 0) return '没有找到\n';
  const lines = [`找到 ${searchTotalLabel(result)}，显示前 ${result.hits.length} 条：`];
  if (!result.ranked) lines.push('（结果太多，按录入先后由新到旧列出；可用 --unit 或更多词语缩小范围）');
  result.hits.forEach((hit, i) => {
    lines.push(`${i + 1}. ${hit.pathLabel}  《${hit.documentTitle}》  ${where(hit)}`);
    lines.push(`   ${hit.snippet.map((s) => (s.match ? `【${s.text}】` : s.text)).join('')}`);
  });
  return `${lines.join('\n')}\n`;
}

function where(hit: SearchHit): string {
  return hit.kind === 'page' ? `第${hit.pageSeq}页` : '（题名或所在单位）';
}
