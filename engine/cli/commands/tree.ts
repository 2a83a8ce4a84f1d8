import type { Command } from 'commander';
import { CONTACT_ROLE_LABEL, HOUSEHOLD_STATUS_LABEL, TIER_LABEL, type ContactRole, type UnitNode } from '../../../shared/domain';
import { unwrap } from '../../api/engine';
import { unitDetail } from '../../catalog/households';
import { children, resolveUnitRef } from '../../catalog/units';
import { action, EXIT_USAGE, libraryOption, openEngine, printJson } from '../common';

interface TreeNode extends UnitNode {
  children?: TreeNode[];
}

export function registerTree(program: Command): void {
  libraryOption(
    program
      .command('tree [unit]')
      .description('显示档案目录树（县→乡镇→村→户）；单位可用档号或路径，如 某县/某镇/某村')
      .option('--depth <n>', '只显示到第 n 层（不给则显示到户）')
      .option('--json', '以 JSON 输出'),
  ).action(
    action((unitRef: string | undefined, opts: { library?: string; depth?: string; json?: boolean }) => {
      const depth = opts.depth === undefined ? Infinity : Number(opts.depth);
      if (depth !== Infinity && (!Number.isInteger(depth) || depth < 1)) {
        process.stderr.write('错误：--depth 应为正整数\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      const db = engine.lib.db;
      const rootId = unitRef ? resolveUnitRef(db, unitRef).id : null;
      const build = (parentId: number | null, level: number): TreeNode[] =>
        children(db, parentId).map((node) =>
          level < depth && node.childCount > 0 ? { ...node, children: build(node.id, level + 1) } : node,
        );
      const roots: TreeNode[] =
        rootId === null
          ? build(null, 1)
          : [{ ...unwrapRoot(engine, rootId), ...(depth > 1 ? { children: build(rootId, 2) } : {}) }];
      engine.close();
      if (opts.json) {
        printJson(roots);
        return;
      }
      const out: string[] = [];
      const walk = (nodes: TreeNode[], indent: string) => {
        for (const n of nodes) {
          const status = n.status && n.status !== 'ordinary' ? ` [${HOUSEHOLD_STATUS_LABEL[n.status]}]` : '';
          const count = n.tier === 'household' ? '' : `（${n.childCount}）`;
          out.push(`${indent}${TIER_LABEL[n.tier]} ${n.name}${count}  ${n.archiveCode}${status}`);
          if (n.children) walk(n.children, `${indent}  `);
        }
      };
      walk(roots, '');
      process.stdout.write(out.length ? `${out.join('\n')}\n` : '档案库是空的：可用 dangka import-roster 导入花名册，或 dangka demo 生成示例\n');
    }),
  );
}

function unwrapRoot(engine: ReturnType<typeof openEngine>, id: number): UnitNode {
  const d = unitDetail(engine.lib, id);
  const childCount = d.tier === 'household' ? 0 : (engine.lib.db.prepare('SELECT count(*) AS n FROM unit WHERE parent_id = ?').get(id) as { n: number }).n;
  return { id: d.id, tier: d.tier, name: d.name, archiveCode: d.archiveCode, childCount };
}

export function registerShow(program: Command): void {
  libraryOption(
    program
      .command('show <unit>')
      .description('显示一个单位（或一户）的详细信息；单位可用档号、户编号或路径')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (unitRef: string, opts: { library?: string; json?: boolean }) => {
      const engine = openEngine(opts);
      const unit = resolveUnitRef(engine.lib.db, unitRef);
      if (unit.tier === 'household') {
        const h = unwrap(await engine.call('catalog.household', { id: unit.id }));
        engine.close();
        if (opts.json) return printJson(h);
        const lines = [
          `户：${h.headName ?? h.unit.name}  档号 ${h.unit.archiveCode}  户编号 ${h.householdNo}`,
          `位置：${h.unit.path.map((p) => p.name).join(' / ')}${h.naturalVillage ? `（${h.naturalVillage}）` : ''}`,
          `户类型：${HOUSEHOLD_STATUS_LABEL[h.status]}  贫困户属性：${h.attribute ?? '—'}  主要致贫原因：${h.mainCause ?? '—'}`,
          `脱贫年度：${h.exitYear ?? '—'}  人均纯收入：${h.perCapitaIncome ?? '—'}  联系电话：${h.phone ?? '—'}`,
          `家庭成员（${h.members.length}人）：`,
          ...h.members.map((m) => `  ${m.relation}  ${m.name}  ${m.sex ?? ''}  ${m.idNumberMasked}  ${m.health ?? ''}  ${m.labourSkill ?? ''}`),
          '联系人（明白卡）：',
          ...Object.entries(h.contacts).map(([role, p]) =>
            p ? `  ${roleLabel(role)}：${p.name}  ${p.post}  ${p.workUnit}  ${p.phone}${p.photoSha256 ? '' : '  （缺照片）'}` : `  ${roleLabel(role)}：（未设置）`,
          ),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
        return;
      }
      const d = unitDetail(engine.lib, unit.id);
      engine.close();
      if (opts.json) return printJson(d);
      const lines = [
        `${TIER_LABEL[d.tier]}：${d.name}  档号 ${d.archiveCode}${d.regionCode ? `  区划代码 ${d.regionCode}` : ''}`,
        `位置：${d.path.map((p) => p.name).join(' / ')}`,
        `下辖：乡镇 ${d.counts.townships}  村 ${d.counts.villages}  户 ${d.counts.households}  人 ${d.counts.persons}`,
        '档案模板：',
        ...d.template.map((c, i) => `  ${i + 1}. ${c.name}：${c.items.join('；')}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    }),
  );
}

function roleLabel(role: string): string {
  return CONTACT_ROLE_LABEL[role as ContactRole];
}
