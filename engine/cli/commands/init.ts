import type { Command } from 'commander';
import { loadTemplateFile } from '../../catalog/template';
import { libraryInfo } from '../../catalog/info';
import { action, libraryOption, openEngine, printJson } from '../common';

export function registerInit(program: Command): void {
  libraryOption(
    program
      .command('init')
      .description('新建一个空档案库')
      .option('--template <file>', '使用本省的档案模板（JSON）代替默认模板')
      .option('--json', '以 JSON 输出'),
  ).action(
    action((opts: { library?: string; template?: string; json?: boolean }) => {
      const template = opts.template ? loadTemplateFile(opts.template) : undefined;
      const engine = openEngine(opts, { create: true, ...(template ? { template } : {}) });
      const info = libraryInfo(engine.lib);
      engine.close();
      if (opts.json) printJson(info);
      else process.stdout.write(`档案库已就绪：${info.path}\n模板：${info.template.name}（${info.template.version}）\n`);
    }),
  );
}
