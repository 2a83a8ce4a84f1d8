// `dangka screening HOUSEHOLD [--list ID --yes ITEM... --by NAME --on DATE]`: the household's screening checklists
// (一进二看三算四比五议, 十一种人, 五看, 五不录, 六优先, 两不愁三保障; engine/catalog/screening.ts). With --list, records
// that list whole: the items given with --yes answer 是 (in the list's own sense), every other item 否.
import type { Command } from 'commander';
import { SCREENING_ANSWER_LABEL } from '../../../shared/screening';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, EXIT_USAGE, libraryOption, openEngine, printJson } from '../common';

const collect = (value: string, previous: string[]) => [...previous, value];

export function registerScreening(program: Command): void {
  libraryOption(
    program
      .command('screening')
      .description('户的核查清单（一进二看三算四比五议、十一种人、五看、五不录、六优先、两不愁三保障）：查看；给出 --list 则登记该清单')
      .argument('<household>', '户（档号或路径，如 某县/某镇/某村/户主）')
      .option('--list <id>', '要登记的清单（如 wubulu、liangbuchou；查看时列出全部）')
      .option('--yes <item>', '答“是”的项目（可重复；其余项目答“否”）', collect, [])
      .option('--note <item=说明>', '某项目的说明（可重复）', collect, [])
      .option('--by <name>', '核查人')
      .option('--on <date>', '核查日期，如 2016-03-10')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (ref: string, opts: { library?: string; list?: string; yes: string[]; note: string[]; by?: string; on?: string; json?: boolean }) => {
      const engine = openEngine(opts);
      try {
        const householdId = resolveUnitRef(engine.lib.db, ref).id;
        let screening;
        if (opts.list) {
          if (!opts.by || !opts.on) {
            process.stderr.write('错误：登记核查清单需要 --by 核查人 和 --on 核查日期\n');
            return EXIT_USAGE;
          }
          const current = unwrap(await engine.call('screening.get', { householdId }));
          const list = current.lists.find((l) => l.checklist.id === opts.list);
          if (!list) {
            process.stderr.write(`错误：没有名为“${opts.list}”的核查清单（可用：${current.lists.map((l) => `${l.checklist.id} ${l.checklist.title}`).join('、')}）\n`);
            return EXIT_USAGE;
          }
          const unknown = opts.yes.filter((item) => !list.checklist.items.includes(item));
          if (unknown.length) {
            process.stderr.write(`错误：“${list.checklist.title}”中没有这些项目：${unknown.join('、')}\n`);
            return EXIT_USAGE;
          }
          const notes = new Map(opts.note.map((n) => [n.slice(0, n.indexOf('=')), n.slice(n.indexOf('=') + 1)]));
          const answers = list.checklist.items.map((item) => ({ item, result: opts.yes.includes(item), note: notes.get(item) ?? '', checkedBy: opts.by!, checkedOn: opts.on! }));
          screening = unwrap(await engine.call('screening.save', { householdId, checklist: list.checklist.id, answers }));
        } else {
          screening = unwrap(await engine.call('screening.get', { householdId }));
        }
        if (opts.json) printJson(screening);
        else {
          for (const { checklist, required, answers } of screening.lists) {
            const label = SCREENING_ANSWER_LABEL[checklist.kind];
            process.stdout.write(`${checklist.title}（${checklist.id}${required ? '，必填' : ''}）${answers.length ? '' : '：未登记'}\n`);
            for (const a of answers) process.stdout.write(`  ${a.item}：${a.result ? label.yes : label.no}${a.note ? `（${a.note}）` : ''}  ${a.checkedBy} ${a.checkedOn}\n`);
          }
        }
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}
