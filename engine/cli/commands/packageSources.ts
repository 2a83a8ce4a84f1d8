// `dangka sources [UNIT...] [--any]`: the townships this library takes acceptance packages from (engine/pack/provenance.ts).
import type { Command } from 'commander';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, EXIT_USAGE, libraryOption, openEngine, printJson } from '../common';

export function registerPackageSources(program: Command): void {
  libraryOption(
    program
      .command('sources')
      .description('数据包来源乡镇：列出；给出乡镇（档号或路径）则登记为只接受这些乡镇的数据包；--any 不限来源')
      .argument('[units...]', '乡镇（档号或路径，如 某县/某镇）')
      .option('--any', '不限来源（每个数据包仍只能改动它自己的单位）')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (units: string[], opts: { library?: string; any?: boolean; json?: boolean }) => {
      if (opts.any && units.length) {
        process.stderr.write('错误：--any 与乡镇不能同时给出\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const sources =
          opts.any || units.length
            ? unwrap(await engine.call('packageSources.set', { unitIds: units.map((ref) => resolveUnitRef(engine.lib.db, ref).id) }))
            : unwrap(await engine.call('packageSources.get', {}));
        if (opts.json) printJson(sources);
        else {
          process.stdout.write(`本库标识：${sources.libraryId}\n`);
          process.stdout.write(sources.expected.length ? `只接受以下乡镇的数据包：\n${sources.expected.map((e) => `  ${e.path}（${e.archiveCode}）\n`).join('')}` : '接受任何乡镇的数据包（每个数据包只能改动它自己的单位）\n');
        }
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}
