// `dangka correct HOUSEHOLD --reason …`: the safe corrections of the household page — household data, a member's
// data, a dated 户类型 change (with --yes as the confirmation) — through the same API methods as the UI.
import type { Command } from 'commander';
import { HOUSEHOLD_STATUS_LABEL, HOUSEHOLD_STATUSES, type HouseholdDetail, type HouseholdStatus } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, libraryOption, openEngine, printJson } from '../common';

interface CorrectOptions {
  library?: string;
  reason?: string;
  village?: string;
  phone?: string;
  size?: string;
  member?: string;
  name?: string;
  idNumber?: string;
  relation?: string;
  status?: string;
  date?: string;
  yes?: boolean;
  json?: boolean;
}

export function registerCorrect(program: Command): void {
  const cmd = program
    .command('correct')
    .description('更正一户的信息（记入操作记录，须写理由）：户信息、成员信息，或户类型调整（动态调整）')
    .argument('<household>', '户（户编号档号或路径，如 某县/某镇/某村/户编号）')
    .requiredOption('--reason <理由>', '更正理由（至少2个字）')
    .option('--village <自然村>', '自然村')
    .option('--phone <电话>', '联系电话（空串表示清除）')
    .option('--size <人数>', '人数')
    .option('--member <成员>', '要更正的成员（姓名）')
    .option('--name <姓名>', '成员的新姓名')
    .option('--id-number <身份证号>', '成员的新身份证号')
    .option('--relation <关系>', '成员的新与户主关系')
    .option('--status <户类型>', `新户类型：${HOUSEHOLD_STATUSES.map((s) => HOUSEHOLD_STATUS_LABEL[s]).join('、')}`)
    .option('--date <日期>', '户类型调整的生效日期，如 2024-03-01')
    .option('--yes', '确认户类型调整')
    .option('--json', '以 JSON 输出');
  libraryOption(cmd).action(
    action(async (ref: string, opts: CorrectOptions) => {
      const reason = opts.reason ?? '';
      const householdFields = opts.village !== undefined || opts.phone !== undefined || opts.size !== undefined;
      const memberFields = opts.name !== undefined || opts.idNumber !== undefined || opts.relation !== undefined;
      const kinds = [householdFields, opts.member !== undefined || memberFields, opts.status !== undefined].filter(Boolean).length;
      if (kinds !== 1) throw usage('请只给出一种更正：户信息（--village/--phone/--size）、成员（--member 加 --name/--id-number/--relation）或户类型（--status）');
      const engine = openEngine({ library: opts.library });
      try {
        const unit = resolveUnitRef(engine.lib.db, ref);
        if (unit.tier !== 'household') throw usage(`“${ref}”不是一户`);
        let detail: HouseholdDetail;
        if (householdFields) {
          const size = opts.size === undefined ? undefined : Number(opts.size);
          if (size !== undefined && !Number.isInteger(size)) throw usage('人数应为整数');
          detail = unwrap(await engine.call('household.correct', { id: unit.id, naturalVillage: opts.village, phone: opts.phone, declaredSize: size, reason }));
        } else if (opts.status !== undefined) {
          const status = statusCode(opts.status);
          if (!opts.date) throw usage('户类型调整请用 --date 写明生效日期');
          if (!opts.yes) throw usage(`将把该户调整为“${HOUSEHOLD_STATUS_LABEL[status]}”（${opts.date} 起）：确认请加 --yes`);
          detail = unwrap(await engine.call('household.changeStatus', { id: unit.id, status, effectiveDate: opts.date, reason, confirmed: true }));
        } else {
          if (!opts.member || !memberFields) throw usage('更正成员请用 --member 指明姓名，并给出 --name、--id-number 或 --relation');
          const current = unwrap(await engine.call('catalog.household', { id: unit.id }));
          const matches = current.members.filter((m) => m.name === opts.member);
          if (matches.length !== 1)
            throw usage(matches.length ? `该户有 ${matches.length} 位成员叫“${opts.member}”` : `该户没有成员“${opts.member}”（成员：${current.members.map((m) => m.name).join('、')}）`);
          detail = unwrap(await engine.call('member.correct', { memberId: matches[0]!.id, name: opts.name, idNumber: opts.idNumber, relation: opts.relation, reason }));
        }
        if (opts.json) printJson(detail);
        else {
          process.stdout.write(`已更正：${detail.unit.name}（户类型 ${HOUSEHOLD_STATUS_LABEL[detail.status]}，自然村 ${detail.naturalVillage ?? '—'}，人数 ${detail.declaredSize ?? '—'}）\n`);
          for (const m of detail.members) process.stdout.write(`  ${m.name}  ${m.relation}  ${m.idNumberMasked}\n`);
        }
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}

function usage(message: string): DangkaError {
  return new DangkaError('INVALID_INPUT', message);
}

function statusCode(raw: string): HouseholdStatus {
  const code = HOUSEHOLD_STATUSES.find((s) => s === raw || HOUSEHOLD_STATUS_LABEL[s] === raw);
  if (!code) throw usage(`户类型“${raw}”应为 ${HOUSEHOLD_STATUSES.map((s) => HOUSEHOLD_STATUS_LABEL[s]).join('、')} 之一`);
  return code;
}
