// `dangka template roster|forms`: the blank Excel workbook to fill in for `import-roster` or `import-forms`.
import type { Command } from 'commander';
import { unwrap } from '../../api/engine';
import { action, EXIT_USAGE, libraryOption, openEngine, saveFile } from '../common';

export function registerTemplate(program: Command): void {
  libraryOption(
    program
      .command('template <kind>')
      .description('下载导入模板：roster（花名册）或 forms（表单），含必填列标记、填写说明和下拉选项')
      .option('--out <file>', '保存到（默认：当前文件夹下的模板名）'),
  ).action(
    action(async (kind: string, opts: { library?: string; out?: string }) => {
      if (kind !== 'roster' && kind !== 'forms') {
        process.stderr.write('错误：模板应为 roster（花名册）或 forms（表单）\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const template = unwrap(await engine.call('importTemplate.get', { kind }));
        const out = saveFile(opts.out ?? template.fileName, Buffer.from(template.contentBase64, 'base64'));
        process.stdout.write(`已保存：${out}\n`);
      } finally {
        engine.close();
      }
    }),
  );
}
