// `dangka backup --out DIR`: the library (database snapshot and every stored file) as a BagIt bag that
// `dangka verify` or sha256sum can check, safe while the app keeps working; `dangka restore BAG --to NEWDIR`: a
// verified backup into a new library folder — never over an existing library. A refusal exits 1 with its reason.
import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { JobState } from '../../../shared/domain';
import { unwrap } from '../../api/engine';
import { restoreBackup, type BackupResult } from '../../backup/backup';
import { JobRunner } from '../../jobs/jobs';
import { formatBytes } from '../../pack/writer';
import { action, EXIT_OK, EXIT_PROBLEMS, libraryOption, openEngine, waitForJob } from '../common';

/** The job's result, or null after printing why it failed or was cancelled. */
function outcome<T>(state: JobState): T | null {
  if (state.status === 'done') return state.result as T;
  process.stderr.write(`错误：${state.error?.message ?? '已取消'}\n`);
  return null;
}

export function registerBackup(program: Command): void {
  libraryOption(
    program
      .command('backup')
      .description('备份档案库：数据库和全部文件写成可校验的数据包（BagIt），档卡使用中也可以备份')
      .requiredOption('--out <dir>', '写到哪个文件夹（U盘、移动硬盘的盘符或挂载点）')
      .option('--label <text>', '备注，写进包信息（如“2024年底验收前”）'),
  ).action(
    action(async (opts: { library?: string; out: string; label?: string }) => {
      const engine = openEngine(opts);
      try {
        const { jobId } = unwrap(await engine.call('library.backupStart', { outDir: resolve(opts.out), label: opts.label }));
        const r = outcome<BackupResult>(await waitForJob(engine, jobId));
        if (!r) return EXIT_PROBLEMS;
        process.stdout.write(`已备份：${r.path}（${r.files} 个文件，${formatBytes(r.bytes)}），写入后已逐个校验\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );

  program
    .command('restore')
    .description('从备份恢复：先校验备份，再恢复成一个新的档案库（新的或空的文件夹）；不会覆盖已有的档案库')
    .argument('<bag>', '备份数据包文件夹（dangka-backup-…）')
    .requiredOption('--to <dir>', '恢复到哪个新文件夹')
    .action(
      action(async (bag: string, opts: { to: string }) => {
        // No library is opened: the restored one is new.
        const jobs = new JobRunner();
        const r = outcome<{ dir: string; files: number }>(await waitForJob({ jobs }, jobs.start('backup.restore', (ctx) => restoreBackup(resolve(bag), resolve(opts.to), ctx)).id));
        if (!r) return EXIT_PROBLEMS;
        process.stdout.write(`已恢复：${r.dir}（${r.files} 个文件，已逐个校验）。用 --library ${r.dir}（或环境变量 DANGKA_LIBRARY）打开它\n`);
        return EXIT_OK;
      }),
    );
}
