import type { Command } from 'commander';
import { basename } from 'node:path';
import type { RosterImportResult, RosterProblem } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { unwrap } from '../../api/engine';
import { action, EXIT_OK, EXIT_PROBLEMS, libraryOption, openEngine, printJson, readFileBase64, waitForJob } from '../common';

export function registerImportRoster(program: Command): void {
  libraryOption(
    program
      .command('import-roster <file>')
      .description('导入国扶系统导出的人员花名册（.xlsx 或 .csv，每人一行，按户编号分户）；有错误时默认不导入任何数据')
      .option('--keep-valid', '只导入没有错误的户，其余列出')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (file: string, opts: { library?: string; keepValid?: boolean; json?: boolean }) => {
      const contentBase64 = readFileBase64(file);
      const engine = openEngine(opts);
      try {
        const { jobId } = unwrap(
          await engine.call('roster.importStart', { fileName: basename(file), contentBase64, keepValid: !!opts.keepValid }),
        );
        const state = await waitForJob(engine, jobId, opts.json);
        if (state.status !== 'done') throw new DangkaError('INTERNAL', state.error?.message ?? '导入失败');
        const result = state.result as RosterImportResult;
        if (opts.json) printJson(result);
        else process.stdout.write(describe(result));
        return result.problems.length === 0 && result.applied ? EXIT_OK : EXIT_PROBLEMS;
      } finally {
        engine.close();
      }
    }),
  );
}

function describe(r: RosterImportResult): string {
  const lines: string[] = [];
  if (r.applied) {
    lines.push(
      `已导入（表中 ${r.fileRows} 行）：新建 ${r.households.created} 户，更新 ${r.households.updated} 户，共 ${r.persons} 人` +
        `${r.households.skipped ? `；跳过有错误的 ${r.households.skipped} 户` : ''}；新建乡镇 ${r.townshipsCreated} 个、村 ${r.villagesCreated} 个`,
    );
  } else if (r.problems.every((p) => p.row === null)) {
    lines.push('未导入任何数据：');
  } else {
    lines.push('未导入任何数据：请改正下列问题后重新导入（或用 --keep-valid 只导入无误的户）');
  }
  lines.push(...problemLines(r.problems));
  return `${lines.join('\n')}\n`;
}

/** Row problems of a spreadsheet import, at most 200, as the clerk finds them in Excel. */
export function problemLines(problems: readonly RosterProblem[]): string[] {
  const lines: string[] = [];
  const shown = problems.slice(0, 200);
  for (const p of shown) {
    const where = [p.row !== null ? `第${p.row}行` : null, p.column ? `[${p.column}]` : null, p.householdNo ? `户编号 ${p.householdNo}` : null]
      .filter(Boolean)
      .join(' ');
    lines.push(`  ${where ? `${where}：` : ''}${p.message}`);
  }
  if (problems.length > shown.length) lines.push(`  ……另有 ${problems.length - shown.length} 个问题（用 --json 查看全部）`);
  return lines;
}
