// `dangka fsck [--pdf FILE]`: the library's 四性检测 (engine/library/fixity.ts) with progress; prints each check with
// its failures named, saves the PDF report when asked; exit 1 on any failure.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FixityReport } from '../../../shared/fixity';
import { DangkaError } from '../../../shared/errors';
import { unwrap } from '../../api/engine';
import { libraryInfo } from '../../catalog/info';
import { fourPropertiesSubjectOf, fourPropertiesText } from '../../library/fourPropertiesReport';
import { action, EXIT_OK, EXIT_PROBLEMS, libraryOption, openEngine, printJson, waitForJob } from '../common';

export function registerFixity(program: Command): void {
  libraryOption(
    program
      .command('fsck')
      .description('档案库四性检测（真实性、完整性、可用性、安全性）：逐个重新计算文件校验值、识别格式、核对审计记录，列出问题；Ctrl+C 取消')
      .option('--pdf <file>', '另存四性检测报告（PDF，可归档）')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (opts: { library?: string; json?: boolean; pdf?: string }) => {
      const engine = openEngine(opts);
      try {
        const state = await waitForJob(engine, unwrap(await engine.call('library.fixityStart', {})).jobId, opts.json);
        if (state.status !== 'done') throw new DangkaError(state.status === 'cancelled' ? 'JOB_CANCELLED' : 'INTERNAL', state.error?.message ?? '核对失败');
        const report = state.result as FixityReport;
        if (opts.pdf) {
          if (!state.resultSha256) throw new DangkaError('INTERNAL', '没有生成检测报告');
          writeFileSync(resolve(opts.pdf), engine.lib.files.read(state.resultSha256));
        }
        if (opts.json) printJson(report);
        else {
          process.stdout.write(fourPropertiesText(fourPropertiesSubjectOf(libraryInfo(engine.lib), report, new Date(state.finishedAt ?? Date.now())), report.checks));
          if (!report.ok && (report.missing.length || report.changed.length))
            process.stdout.write('缺失或被改动的文件：请从最近的备份找回（dangka restore 到新文件夹后取回），在此之前备份会被拒绝\n');
          if (opts.pdf) process.stdout.write(`检测报告（PDF）已保存：${resolve(opts.pdf)}\n`);
        }
        return report.ok ? EXIT_OK : EXIT_PROBLEMS;
      } finally {
        engine.close();
      }
    }),
  );
}
