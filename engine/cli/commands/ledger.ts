// `dangka ledger UNIT`: a village's or township's ledgers as Excel or PDF — the four household ledgers
// (稳定脱贫户/监测户/返贫户/边缘户) or, with --kind problems, 问题整改及验收销号台账.
import type { Command } from 'commander';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_USAGE, libraryOption, openEngine, saveFile } from '../common';
import { roundId } from './inspection';

export function registerLedger(program: Command): void {
  libraryOption(
    program
      .command('ledger <unit>')
      .description('导出台账：四本户类型台账（稳定脱贫户、监测户、返贫户、边缘户）或问题整改及验收销号台账，Excel 或 PDF')
      .option('--kind <kind>', 'households（户类型台账，默认）或 problems（问题台账）', 'households')
      .option('--format <format>', 'xlsx（默认）或 pdf', 'xlsx')
      .option('--round <round>', '问题台账只列该核查轮次的问题（编号或名称）')
      .option('--out <file>', '保存到（默认：当前文件夹下的台账名）'),
  ).action(
    action(async (unitRef: string, opts: { library?: string; kind: string; format: string; round?: string; out?: string }) => {
      if (opts.kind !== 'households' && opts.kind !== 'problems') {
        process.stderr.write('错误：--kind 应为 households 或 problems\n');
        return EXIT_USAGE;
      }
      if (opts.format !== 'xlsx' && opts.format !== 'pdf') {
        process.stderr.write('错误：--format 应为 xlsx 或 pdf\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const unit = resolveUnitRef(engine.lib.db, unitRef);
        const round = opts.round === undefined ? undefined : await roundId(engine, opts.round);
        const ledger = unwrap(await engine.call('ledger.export', { unitId: unit.id, kind: opts.kind, format: opts.format, ...(round === undefined ? {} : { roundId: round }) }));
        const out = saveFile(opts.out ?? ledger.fileName, Buffer.from(ledger.contentBase64, 'base64'));
        process.stdout.write(`已保存：${out}\n`);
      } finally {
        engine.close();
      }
    }),
  );
}
