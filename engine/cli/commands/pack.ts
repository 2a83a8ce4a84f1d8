// `dangka pack --unit UNIT --out DIR`: the acceptance package (验收数据包) of a unit as BagIt bags on a USB stick;
// `dangka verify BAG`: complete and valid per RFC 8493, exit 1 on any problem; `dangka import BAG`: the county
// merges a township's package (verified first; refused whole on any problem).
import type { Command } from 'commander';
import type { BagImportResult, BagProblem, PackResult } from '../../../shared/domain';
import { CONFLICT_RULES, type ConflictRule } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PackageVerifyReport } from '../../../shared/fixity';
import { unwrap } from '../../api/engine';
import { JobRunner } from '../../jobs/jobs';
import { packageLabel, packageReportPdf, packageReportText, verifyPackage } from '../../pack/fourProperties';
import { resolveUnitRef } from '../../catalog/units';
import { formatBytes } from '../../pack/writer';
import { action, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, libraryOption, openEngine, waitForJob } from '../common';

const KIND_LABEL: Record<BagProblem['kind'], string> = { missing: '缺少', changed: '已改动', extra: '多余', structure: '结构', unsafe: '不安全', conflict: '冲突' };
const MAX_PROBLEMS_SHOWN = 100;

/** "4G", "700M", "16GB" → bytes. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)B?$/i.exec(text.trim());
  if (!m) return null;
  const power = { '': 0, K: 1, M: 2, G: 3, T: 4 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  return Math.floor(Number(m[1]) * 1024 ** power);
}

function printProblems(problems: readonly BagProblem[]): void {
  for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN)) process.stdout.write(`  [${KIND_LABEL[p.kind]}] ${p.message}\n`);
  if (problems.length > MAX_PROBLEMS_SHOWN) process.stdout.write(`  ……另有 ${problems.length - MAX_PROBLEMS_SHOWN} 处\n`);
}

function finished<T>(state: { status: string; result: unknown; error: { message: string } | null }): T {
  if (state.status === 'cancelled') throw new DangkaError('JOB_CANCELLED', state.error?.message ?? '已取消');
  if (state.status !== 'done' || !state.result) throw new DangkaError('INTERNAL', state.error?.message ?? '失败');
  return state.result as T;
}

export function registerPack(program: Command): void {
  libraryOption(
    program
      .command('pack')
      .description('导出验收数据包（BagIt）：单位的目录、文件、校验报告与可离线浏览的 index.html，写到U盘或文件夹')
      .requiredOption('--unit <unit>', '乡镇、村或户（档号或路径，如 某县/某镇）')
      .requiredOption('--out <dir>', '写到哪个文件夹（U盘的盘符或挂载点）')
      .option('--no-masters', '不含原件（只有可检索PDF与图像副本）')
      .option('--no-pdfs', '不含可检索PDF')
      .option('--max-size <size>', '分卷：每卷不超过此大小（如 4G、700M），按村分卷')
      .option('--part <n>', '只写第 n 卷（一个U盘写一卷）')
      .option('--mask', '隐藏身份证号与电话（仅供浏览，不能导入）'),
  ).action(
    action(async (opts: { library?: string; unit: string; out: string; masters: boolean; pdfs: boolean; maxSize?: string; part?: string; mask?: boolean }) => {
      const maxPartBytes = opts.maxSize === undefined ? null : parseSize(opts.maxSize);
      if (maxPartBytes === null && opts.maxSize !== undefined) {
        process.stderr.write('错误：--max-size 应为大小，如 4G 或 700M\n');
        return EXIT_USAGE;
      }
      const part = opts.part === undefined ? null : Number(opts.part);
      if (part !== null && !(Number.isInteger(part) && part >= 1)) {
        process.stderr.write('错误：--part 应为正整数\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const unitId = resolveUnitRef(engine.lib.db, opts.unit).id;
        const { jobId } = unwrap(
          await engine.call('pack.start', { unitId, outDir: opts.out, include: { masters: opts.masters, pdfs: opts.pdfs }, maxPartBytes, part, maskPersonal: opts.mask ?? false }),
        );
        const r = finished<PackResult>(await waitForJob(engine, jobId));
        for (const w of r.warnings) process.stderr.write(`提示：${w}\n`);
        for (const bag of r.bags) {
          process.stdout.write(`已写入${bag.count > 1 ? `第 ${bag.part}/${bag.count} 卷` : ''}：${bag.path}（${bag.files} 个文件，${formatBytes(bag.bytes)}），写入后已逐个校验\n`);
        }
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );

  program
    .command('verify')
    .description('校验数据包（RFC 8493）并做四性检测（真实性、完整性、可用性、安全性）；有问题时退出码为 1。不需要档案库')
    .argument('<bag>', '数据包文件夹（含 bagit.txt）')
    .option('--pdf <file>', '另存四性检测报告（PDF，可归档）')
    .action(
      action(async (bag: string, opts: { pdf?: string }) => {
        // Any computer can check a stick: no library is opened.
        const jobs = new JobRunner();
        const r = finished<PackageVerifyReport>(await waitForJob({ jobs }, jobs.start('pack.verify', (ctx) => verifyPackage(resolve(bag), ctx)).id));
        const label = packageLabel(r);
        if (r.valid) process.stdout.write(`数据包完整，所有文件校验通过：${r.files} 个文件，${formatBytes(r.bytes)}${label ? `（${label}）` : ''}\n`);
        else {
          process.stdout.write(`数据包有 ${r.problems.length} 处问题：${r.path}\n`);
          printProblems(r.problems);
        }
        process.stdout.write(packageReportText(r));
        if (opts.pdf) {
          writeFileSync(resolve(opts.pdf), await packageReportPdf(r));
          process.stdout.write(`检测报告（PDF）已保存：${resolve(opts.pdf)}\n`);
        }
        return r.valid && r.ok ? EXIT_OK : EXIT_PROBLEMS;
      }),
    );

  libraryOption(
    program
      .command('import')
      .description('导入数据包：先校验，再把乡镇的验收数据包并入本库（一次事务，有问题则整体不导入）')
      .argument('<bag>', '数据包文件夹（含 bagit.txt）')
      .option('--prefer <rule>', '同一户两边都改过时：newer（较新的为准，默认）、package（以数据包为准）、library（保留本库）', 'newer'),
  ).action(
    action(async (bag: string, opts: { library?: string; prefer: string }) => {
      if (!(CONFLICT_RULES as readonly string[]).includes(opts.prefer)) {
        process.stderr.write('错误：--prefer 应为 newer、package 或 library\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const { jobId } = unwrap(await engine.call('pack.importStart', { dir: bag, onConflict: opts.prefer as ConflictRule }));
        const r = finished<BagImportResult>(await waitForJob(engine, jobId));
        if (!r.applied) {
          process.stdout.write(`未导入：数据包有 ${r.problems.length} 处问题，本库没有任何改动\n`);
          printProblems(r.problems);
          return EXIT_PROBLEMS;
        }
        process.stdout.write(
          `已导入：${r.source}\n  新建单位 ${r.unitsCreated}，更新单位 ${r.unitsUpdated}，新增文件 ${r.documentsAdded}，已有文件跳过 ${r.documentsSkipped}，表单 ${r.forms}；新存入 ${r.filesStored} 个文件，复用 ${r.filesReused} 个\n`,
        );
        for (const c of r.conflicts) process.stdout.write(`  冲突：${c.name}（${c.archiveCode}）保留${c.kept === 'package' ? '数据包' : '本库'}的数据：${c.reason}\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}
