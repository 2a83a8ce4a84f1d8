// `dangka check [UNIT]`: runs the checks (the whole county, or the village of a village or household given) and
// prints the unit's completeness, its children's, and its open problems; exit 1 when any open problem is an error.
import type { Command } from 'commander';
import type { CheckFigures, CheckSummary, Problem } from '../../../shared/domain';
import { TIER_LABEL } from '../../../shared/domain';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, EXIT_PROBLEMS, libraryOption, openEngine, printJson } from '../common';

const SEVERITY_LABEL = { error: '错误', warning: '提醒' } as const;
const MAX_LISTED = 200;

export function registerCheck(program: Command): void {
  libraryOption(
    program
      .command('check [unit]')
      .description('检查档案：完整率（按模板各项与明白卡）和一致性规则；列出未整改的问题，有错误时退出码为1')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (unitRef: string | undefined, opts: { library?: string; json?: boolean }) => {
      const engine = openEngine(opts);
      try {
        const db = engine.lib.db;
        const unit = unitRef
          ? resolveUnitRef(db, unitRef)
          : (db.prepare("SELECT id, tier FROM unit WHERE parent_id IS NULL ORDER BY id LIMIT 1").get() as { id: number; tier: string } | undefined);
        if (!unit) {
          process.stderr.write('档案库中还没有单位：请先导入花名册\n');
          return EXIT_OK;
        }
        const local = unit.tier === 'village' || unit.tier === 'household';
        unwrap(await engine.call('check.run', local ? { unitId: unit.id } : {}));
        const summary = unwrap(await engine.call('check.summary', { unitId: unit.id }));
        const { problems, total } = unwrap(await engine.call('problems.list', { unitId: unit.id, status: 'open', limit: MAX_LISTED }));
        if (opts.json) printJson({ summary, problems, totalOpenProblems: total });
        else process.stdout.write(describe(summary, problems, total));
        return summary.openErrors > 0 ? EXIT_PROBLEMS : EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
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
    lines.push('', `未整改的问题（${total}）：`);
    for (const p of problems) lines.push(`  [${SEVERITY_LABEL[p.severity]}]${p.ruleId ? ` ${p.ruleId}` : ''} ${p.pathLabel}：${p.description}${p.overdue ? '（已逾期）' : ''}`);
    if (total > problems.length) lines.push(`  …另有 ${total - problems.length} 条，用 --json 或在档卡中查看`);
  } else lines.push('', '没有未整改的问题');
  return `${lines.join('\n')}\n`;
}
