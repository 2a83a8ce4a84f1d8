// 验收销号 and review rounds from the command line, for the county's review team working from a script or a
// terminal: `dangka problem report|accept|return ID`, `dangka round add|list|progress`, `dangka review sign`.
import type { Command } from 'commander';
import { PROBLEM_STAGE_LABEL, REVIEW_STAGES, type Problem, type ReviewStage } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { unwrap, type Engine } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_USAGE, libraryOption, openEngine, printJson } from '../common';

function problemLine(p: Problem): string {
  return `#${p.id} ${PROBLEM_STAGE_LABEL[p.stage]}${p.closedBy ? `（验收人 ${p.closedBy}）` : ''}${p.returnedReason ? `（退回：${p.returnedReason}）` : ''}：${p.description}\n`;
}

function problemId(raw: string): number | null {
  const id = Number(raw.replace(/^#/, ''));
  return Number.isInteger(id) && id > 0 ? id : null;
}

/** A round by its number or its name. */
export async function roundId(engine: Engine, ref: string): Promise<number> {
  const rounds = unwrap(await engine.call('rounds.list', {}));
  const found = rounds.find((r) => String(r.id) === ref || r.name === ref);
  if (!found) throw new DangkaError('NOT_FOUND', `没有找到核查轮次“${ref}”（已有：${rounds.map((r) => r.name).join('、') || '无'}）`);
  return found.id;
}

export function registerInspection(program: Command): void {
  const problem = program.command('problem').description('问题整改与验收销号：report 整改完成，accept 验收销号，return 退回整改');
  const withProblem = (name: string, description: string, body: (engine: Engine, id: number, opts: Record<string, string | undefined>) => Promise<Problem>) =>
    libraryOption(problem.command(`${name} <id>`).description(description).option('--by <name>', '签字人姓名').option('--note <text>', '验收意见').option('--reason <text>', '退回理由')).action(
      action(async (raw: string, opts: Record<string, string | undefined>) => {
        const id = problemId(raw);
        if (id === null) {
          process.stderr.write('错误：问题编号应为正整数（dangka check 列出的 #编号）\n');
          return EXIT_USAGE;
        }
        const engine = openEngine(opts);
        try {
          process.stdout.write(problemLine(await body(engine, id, opts)));
        } finally {
          engine.close();
        }
      }),
    );
  withProblem('report', '整改完成，提交验收', async (engine, id) => unwrap(await engine.call('problems.report', { id })));
  withProblem('accept', '验收销号（需 --by 验收人 与 --note 验收意见）', async (engine, id, o) => unwrap(await engine.call('problems.accept', { id, by: o.by ?? '', note: o.note ?? '' })));
  withProblem('return', '退回整改（需 --by 退回人 与 --reason 理由）', async (engine, id, o) => unwrap(await engine.call('problems.return', { id, by: o.by ?? '', reason: o.reason ?? '' })));

  const round = program.command('round').description('核查轮次：add 新建，list 列出，progress 某单位各轮次进度');
  libraryOption(
    round
      .command('add <name>')
      .description('新建核查轮次：范围、各环节期限与人员（复核至少两人；审核组第一人为组长）')
      .requiredOption('--unit <unit...>', '范围内的单位（档号、户编号或路径），可多个')
      .requiredOption('--check <names>', '核查组人员，用逗号分隔')
      .requiredOption('--recheck <names>', '复核组人员（至少两人），用逗号分隔')
      .requiredOption('--audit <names>', '审核组人员，第一人为组长（挂片领导），用逗号分隔')
      .option('--deadlines <dates>', '核查、复核、审核的期限，如 2020-06-10,2020-06-20,2020-06-30')
      .option('--note <text>', '说明', '')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (name: string, opts: { library?: string; unit: string[]; check: string; recheck: string; audit: string; deadlines?: string; note: string; json?: boolean }) => {
      const deadlines = opts.deadlines?.split(/[,，]/).map((d) => d.trim() || null) ?? [];
      const people = (list: string) => list.split(/[,，、]/).map((p) => p.trim()).filter(Boolean);
      const engine = openEngine(opts);
      try {
        const unitIds = opts.unit.map((u) => resolveUnitRef(engine.lib.db, u).id);
        const groups = [people(opts.check), people(opts.recheck), people(opts.audit)];
        const created = unwrap(
          await engine.call('rounds.create', {
            name,
            note: opts.note,
            unitIds,
            stages: REVIEW_STAGES.map((stage, i) => ({
              stage,
              deadline: deadlines[i] ?? null,
              members: groups[i]!.map((person, k) => ({ person, leader: stage === '审核' && k === 0 })),
            })),
          }),
        );
        if (opts.json) printJson(created);
        else process.stdout.write(`已新建核查轮次 #${created.id} ${created.name}：${created.stages.map((s) => `${s.stage} ${s.members.map((m) => m.person + (m.leader ? '（组长）' : '')).join('、')}${s.deadline ? ` 期限${s.deadline}` : ''}`).join('；')}\n`);
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(round.command('list').description('列出核查轮次').option('--json', '以 JSON 输出')).action(
    action(async (opts: { library?: string; json?: boolean }) => {
      const engine = openEngine(opts);
      try {
        const rounds = unwrap(await engine.call('rounds.list', {}));
        if (opts.json) printJson(rounds);
        else for (const r of rounds) process.stdout.write(`#${r.id} ${r.name}　范围：${r.units.map((u) => u.name).join('、')}\n`);
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(round.command('progress <unit>').description('某单位在各核查轮次的进度').option('--json', '以 JSON 输出')).action(
    action(async (unitRef: string, opts: { library?: string; json?: boolean }) => {
      const engine = openEngine(opts);
      try {
        const progress = unwrap(await engine.call('rounds.progress', { unitId: resolveUnitRef(engine.lib.db, unitRef).id }));
        if (opts.json) printJson(progress);
        else if (progress.length === 0) process.stdout.write('该单位不在任何核查轮次中\n');
        else {
          for (const p of progress) {
            const stages = p.stages.map((s) => `${s.stage}${s.done ? '✓' : s.overdue ? '（逾期）' : ''}${s.signed.length ? `[${s.signed.map((x) => `${x.reviewer}${x.result}`).join('、')}]` : ''}`);
            process.stdout.write(`${p.round.name}：${stages.join(' → ')}　${p.next ? `下一步：${p.next}` : '已审核完成'}\n`);
          }
        }
      } finally {
        engine.close();
      }
    }),
  );

  const review = program.command('review').description('核查、复核、审核签字');
  libraryOption(
    review
      .command('sign <unit>')
      .description('在某核查轮次中为单位签字（同一人不能签同一单位的两个环节）')
      .requiredOption('--stage <stage>', '核查、复核 或 审核')
      .requiredOption('--by <name>', '签字人姓名')
      .option('--round <round>', '核查轮次（编号或名称）')
      .option('--result <result>', '通过 或 不通过', '通过')
      .option('--note <text>', '意见', ''),
  ).action(
    action(async (unitRef: string, opts: { library?: string; stage: string; by: string; round?: string; result: string; note: string }) => {
      if (!(REVIEW_STAGES as readonly string[]).includes(opts.stage) || (opts.result !== '通过' && opts.result !== '不通过')) {
        process.stderr.write('错误：--stage 应为 核查、复核 或 审核，--result 应为 通过 或 不通过\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const unitId = resolveUnitRef(engine.lib.db, unitRef).id;
        const round = opts.round === undefined ? undefined : await roundId(engine, opts.round);
        const signed = unwrap(
          await engine.call('review.signoff', { unitId, ...(round === undefined ? {} : { roundId: round }), stage: opts.stage as ReviewStage, reviewer: opts.by, result: opts.result as '通过' | '不通过', note: opts.note }),
        );
        const last = signed.at(-1)!;
        process.stdout.write(`已签字：${last.stage} ${last.reviewer} ${last.result}（${last.signedAt}）\n`);
      } finally {
        engine.close();
      }
    }),
  );
}
