// `dangka print cards|household-cards|binder --unit UNIT --out FILE.pdf`: the contact cards or the household's own
// 明白卡 of every household under a unit, or the binder parts of every dossier under it, in catalog order; what will
// print as a placeholder is listed first.
import type { Command } from 'commander';
import type { PrintResult } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { unwrap, type Engine } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, EXIT_USAGE, libraryOption, openEngine, saveFile, waitForJob } from '../common';

const MAX_WARNINGS_SHOWN = 50;

/** Waits for a print job, lists its warnings, and saves its PDF. */
async function saveResult(engine: Engine, jobId: string, file: string): Promise<number> {
  const state = await waitForJob(engine, jobId);
  if (state.status !== 'done' || !state.result) throw new DangkaError('INTERNAL', state.error?.message ?? '生成失败');
  const r = state.result as PrintResult;
  for (const w of r.warnings.slice(0, MAX_WARNINGS_SHOWN)) process.stderr.write(`提示：${w}\n`);
  if (r.warnings.length > MAX_WARNINGS_SHOWN) process.stderr.write(`提示：……另有 ${r.warnings.length - MAX_WARNINGS_SHOWN} 条\n`);
  const out = saveFile(file, engine.lib.files.read(r.sha256));
  process.stdout.write(`已保存：${out}（${r.pages} 页）\n`);
  return EXIT_OK;
}

export function registerPrint(program: Command): void {
  const print = program.command('print').description('打印：生成可直接打印的 PDF');
  registerPrintBinder(print);
  libraryOption(
    print
      .command('household-cards')
      .description('贫困户精准扶贫明白卡（A4）：单位下每户一张，含家庭情况、成员、帮扶措施及成效、帮扶联系人')
      .requiredOption('--unit <units...>', '村、乡镇或户（档号或路径），可给多个')
      .requiredOption('--out <file>', '保存为（.pdf）'),
  ).action(
    action(async (opts: { library?: string; unit: string[]; out: string }) => {
      const engine = openEngine(opts);
      try {
        const unitIds = opts.unit.map((ref) => resolveUnitRef(engine.lib.db, ref).id);
        return await saveResult(engine, unwrap(await engine.call('print.householdCards', { unitIds })).jobId, opts.out);
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(
    print
      .command('cards')
      .description('明白卡：单位下每户的三张联系人卡片（脱贫责任组组长、驻村第一书记、帮扶责任人），按目录顺序')
      .requiredOption('--unit <units...>', '村、乡镇或户（档号或路径，如 某县/某镇/某村），可给多个')
      .requiredOption('--out <file>', '保存为（.pdf）')
      .option('--layout <layout>', 'a4（A4横向每页4张，带裁切线，默认）、a5 或 a6（每页1张）', 'a4')
      .option('--copies <copies>', 'both（村级户档和家庭户档各一套，默认）、village 或 family', 'both'),
  ).action(
    action(async (opts: { library?: string; unit: string[]; out: string; layout: string; copies: string }) => {
      if (!['a4', 'a5', 'a6'].includes(opts.layout)) {
        process.stderr.write('错误：--layout 应为 a4、a5 或 a6\n');
        return EXIT_USAGE;
      }
      if (!['both', 'village', 'family'].includes(opts.copies)) {
        process.stderr.write('错误：--copies 应为 both、village 或 family\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const unitIds = opts.unit.map((ref) => resolveUnitRef(engine.lib.db, ref).id);
        const { jobId } = unwrap(await engine.call('print.cards', { unitIds, layout: opts.layout as 'a4', copies: opts.copies as 'both' }));
        return await saveResult(engine, jobId, opts.out);
      } finally {
        engine.close();
      }
    }),
  );
}

export function registerPrintBinder(print: Command): void {
  libraryOption(
    print
      .command('binder')
      .description('案卷封面、卷内目录、备考表和脊背：单位及其下每一卷，按目录顺序；件数、页数取自已导入的扫描件')
      .requiredOption('--unit <units...>', '县、乡镇、村或户（档号或路径），可给多个')
      .requiredOption('--out <file>', '保存为（.pdf）')
      .option('--spine <cm>', '档案盒厚度（脊背宽度）：2、3、4、5 或 6 厘米', '3'),
  ).action(
    action(async (opts: { library?: string; unit: string[]; out: string; spine: string }) => {
      const spineCm = Number(opts.spine);
      if (![2, 3, 4, 5, 6].includes(spineCm)) {
        process.stderr.write('错误：--spine 应为 2、3、4、5 或 6\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const unitIds = opts.unit.map((ref) => resolveUnitRef(engine.lib.db, ref).id);
        const { jobId } = unwrap(await engine.call('print.binder', { unitIds, spineCm: spineCm as 3 }));
        return await saveResult(engine, jobId, opts.out);
      } finally {
        engine.close();
      }
    }),
  );
}
