// `dangka import-forms FILE`: form records from an Excel workbook (sheets 申请书, 四议会议, 公示公告, 信息采集表,
// 明白卡; see engine/validate/formsImport.ts for their columns), all-or-nothing like the roster.
import type { Command } from 'commander';
import { basename } from 'node:path';
import type { FormsImportResult } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { FORM_LABEL, type FormType } from '../../../shared/forms';
import { unwrap } from '../../api/engine';
import { action, EXIT_OK, EXIT_PROBLEMS, libraryOption, openEngine, printJson, readFileBase64, waitForJob } from '../common';
import { problemLines } from './importRoster';

export function registerImportForms(program: Command): void {
  libraryOption(
    program
      .command('import-forms <file>')
      .description('从 Excel 导入表单记录（工作表：申请书、四议会议、公示公告、信息采集表、明白卡）；有错误时不导入任何数据')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (file: string, opts: { library?: string; json?: boolean }) => {
      const contentBase64 = readFileBase64(file);
      const engine = openEngine(opts);
      try {
        const { jobId } = unwrap(await engine.call('forms.importStart', { fileName: basename(file), contentBase64 }));
        const state = await waitForJob(engine, jobId, opts.json);
        if (state.status !== 'done') throw new DangkaError('INTERNAL', state.error?.message ?? '导入失败');
        const r = state.result as FormsImportResult;
        if (opts.json) printJson(r);
        else {
          const counts = Object.entries(r.records)
            .filter(([, n]) => n > 0)
            .map(([type, n]) => `${FORM_LABEL[type as FormType]} ${n} 条`);
          process.stdout.write(
            r.applied ? `已导入：${counts.join('，') || '没有记录'}\n` : `未导入任何数据：请改正下列问题后重新导入\n${problemLines(r.problems).join('\n')}\n`,
          );
        }
        return r.applied ? EXIT_OK : EXIT_PROBLEMS;
      } finally {
        engine.close();
      }
    }),
  );
}
