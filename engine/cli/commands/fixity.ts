// `dangka fsck`: 四性检测 (完整性) of the library's stored files — each re-hashed against the database, with progress;
// names what is missing or changed; exit 1 on any.
import type { Command } from 'commander';
import type { FixityReport, StoredFileProblem } from '../../../shared/fixity';
import { DangkaError } from '../../../shared/errors';
import { unwrap } from '../../api/engine';
import { formatBytes } from '../../pack/writer';
import { action, EXIT_OK, EXIT_PROBLEMS, libraryOption, openEngine, printJson, waitForJob } from '../common';

const SHOWN = 100;

function list(title: string, problems: readonly StoredFileProblem[]): void {
  if (!problems.length) return;
  process.stdout.write(`${title}（${problems.length} 个）：\n`);
  for (const p of problems.slice(0, SHOWN)) process.stdout.write(`  ${p.usedBy}  ${p.sha256.slice(0, 12)}…（${formatBytes(p.size)}）\n`);
  if (problems.length > SHOWN) process.stdout.write(`  ……另有 ${problems.length - SHOWN} 个\n`);
}

export function registerFixity(program: Command): void {
  libraryOption(
    program
      .command('fsck')
      .description('核对档案库的全部文件（四性检测·完整性）：逐个重新计算校验值，列出缺失或被改动的文件；Ctrl+C 取消')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (opts: { library?: string; json?: boolean }) => {
      const engine = openEngine(opts);
      try {
        const state = await waitForJob(engine, unwrap(await engine.call('library.fixityStart', {})).jobId, opts.json);
        if (state.status !== 'done') throw new DangkaError(state.status === 'cancelled' ? 'JOB_CANCELLED' : 'INTERNAL', state.error?.message ?? '核对失败');
        const report = state.result as FixityReport;
        if (opts.json) printJson(report);
        else {
          process.stdout.write(`已核对 ${report.files} 个文件（${formatBytes(report.bytes)}）\n`);
          list('缺失', report.missing);
          list('内容已改变（损坏或在档卡之外被改动）', report.changed);
          if (report.ok) process.stdout.write('全部文件完整，与数据库记录一致\n');
          else process.stdout.write('档案库不完整：请从最近的备份找回上述文件（dangka restore 到新文件夹后取回），在此之前备份会被拒绝\n');
        }
        return report.ok ? EXIT_OK : EXIT_PROBLEMS;
      } finally {
        engine.close();
      }
    }),
  );
}
