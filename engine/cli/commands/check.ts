// `dangka check [UNIT]`: runs the checks (every top unit of the library with no UNIT, or the village of a village
// or household given) and prints each unit's completeness, its children's, and its open problems; exit 1 when any
// open problem is an error. --json gives every open problem with the total (or one page: --offset/--limit).
import type { Command } from 'commander';
import type { CheckFigures, CheckSummary, Problem, UnitRef } from '../../../shared/domain';
import { PROBLEM_STAGE_LABEL, TIER_LABEL } from '../../../shared/domain';
import { unwrap, type Engine } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, libraryOption, openEngine, printJson } from '../common';

const SEVERITY_LABEL = { error: '错误', warning: '提醒' } as const;
/** Problems printed as text per top unit; --json has them all. */
const MAX_LISTED = 200;
/** The API's largest page of problems. */
const PAGE = 500;

export function registerCheck(program: Command): void {
  libraryOption(
    program
      .command('check [unit]')
      .description('检查档案：完整率（按模板各项与明白卡）和一致性规则；列出未销号的问题，有错误时退出码为1。不指定单位时检查全部顶级单位')
      .option('--json', '以 JSON 输出（全部问题及总数）')
      .option('--offset <n>', 'JSON 中问题从第 n 条起（从0计）', '0')
      .option('--limit <n>', 'JSON 中最多列出 n 条问题（默认全部）'),
  ).action(
    action(async (unitRef: string | undefined, opts: { library?: string; json?: boolean; offset: string; limit?: string }) => {
      const offset = Number(opts.offset);
      const limit = opts.limit === undefined ? Infinity : Number(opts.limit);
      if (!Number.isInteger(offset) || offset < 0 || !(limit === Infinity || (Number.isInteger(limit) && limit > 0))) {
        process.stderr.write('错误：--offset 应为不小于0的整数，--limit 应为正整数\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const db = engine.lib.db;
        const units: UnitRef[] = unitRef
          ? [resolveUnitRef(db, unitRef)]
          : (db.prepare('SELECT id, tier, name FROM unit WHERE parent_id IS NULL ORDER BY id').all() as UnitRef[]);
        if (units.length === 0) {
          process.stderr.write('档案库中还没有单位：请先导入花名册\n');
          return EXIT_OK;
        }
        const local = units.length === 1 && (units[0]!.tier === 'village' || units[0]!.tier === 'household');
        unwrap(await engine.call('check.run', local ? { unitId: units[0]!.id } : {}));
        const summaries: CheckSummary[] = [];
        for (const u of units) summaries.push(unwrap(await engine.call('check.summary', { unitId: u.id })));
        if (opts.json) {
          const { problems, total } = await openProblems(engine, units, offset, limit);
          printJson({ summaries, total, offset, problems });
        } else {
          for (const [i, u] of units.entries()) {
            const { problems, total } = await openProblems(engine, [u], 0, MAX_LISTED);
            process.stdout.write(`${i > 0 ? '\n' : ''}${describe(summaries[i]!, problems, total)}`);
          }
        }
        return summaries.some((s) => s.openErrors > 0) ? EXIT_PROBLEMS : EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}

/** The open problems of the units' subtrees, one after another: those from `offset`, at most `limit`, and the total. */
async function openProblems(engine: Engine, units: readonly UnitRef[], offset: number, limit: number): Promise<{ problems: Problem[]; total: number }> {
  const problems: Problem[] = [];
  let total = 0;
  for (const u of units) {
    const before = total;
    total += unwrap(await engine.call('problems.list', { unitId: u.id, status: 'open', limit: 1 })).total;
    // This unit's problems from position `from` (its own numbering) until the page is full.
    let from = Math.max(0, offset + problems.length - before);
    while (problems.length < limit && before + from < total) {
      const page = unwrap(await engine.call('problems.list', { unitId: u.id, status: 'open', offset: from, limit: Math.min(PAGE, limit - problems.length) }));
      if (page.problems.length === 0) break;
      problems.push(...page.problems);
      from += page.problems.length;
    }
  }
  return { problems, total };
}

function figureLine(f: CheckFigures): string {
  const percent = f.percent === null ? '未检查' : `${f.percent.toFixed(1)}%`;
  const bar = f.percent === null ? '' : `${'█'.repeat(Math.round(f.percent / 10))}${'░'.repeat(10 - Math.round(f.percent / 10))} `;
  return `${bar}完整率 ${percent}（${f.present}/${f.required}）  错误 ${f.openErrors}  提醒 ${f.openWarnings}${f.overdue ? `  逾期 ${f.overdue}` : ''}`;
}

function describe(s: CheckSummary, problems: Problem[], total: number): string {
  const lines = [`${TIER_LABEL[s.unit.tier]} ${s.unit.name}：${figureLine(s)}`];
  if (s.missing.length) lines.push(`  本级缺少：${s.missing.map((m) => m.slice(m.indexOf('/') + 1)).join('、')}`);
  for (const c of s.children.slice(0, 100)) lines.push(`  ${TIER_LABEL[c.unit.tier]} ${c.unit.name.padEnd(8, '　')} ${figureLine(c)}`);
  if (s.children.length > 100) lines.push(`  …共 ${s.children.length} 个下级`);
  if (total > 0) {
    lines.push('', `未销号的问题（${total}）：`);
    for (const p of problems) {
      const stage = p.stage === 'open' ? '' : `【${PROBLEM_STAGE_LABEL[p.stage]}】`;
      lines.push(`  #${p.id} [${SEVERITY_LABEL[p.severity]}]${p.ruleId ? ` ${p.ruleId}` : ''} ${stage}${p.pathLabel}：${p.description}${p.overdue ? '（已逾期）' : ''}`);
    }
    if (total > problems.length) lines.push(`  …另有 ${total - problems.length} 条，用 --json（可加 --offset/--limit）或在档卡中查看`);
  } else lines.push('', '没有未销号的问题');
  return `${lines.join('\n')}\n`;
}
