// Accounts and the audit trail from the command line: `dangka user add|list|passwd|disable` (an administrator at
// the console, e.g. to create the first account or reset a forgotten administrator password) and
// `dangka audit verify|log`. Passwords come from DANGKA_PASSWORD or the first line of standard input, never from an
// argument (it would stay in the shell history and the process list).
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { changeLines, summary } from '../../../shared/auditText';
import { ROLE_LABEL, ROLES, type Role } from '../../../shared/domain';
import { DangkaError } from '../../../shared/errors';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, libraryOption, openEngine, printJson } from '../common';

function readPassword(): string {
  const fromEnv = process.env.DANGKA_PASSWORD;
  if (fromEnv) return fromEnv;
  let input = '';
  try {
    input = readFileSync(0, 'utf8');
  } catch {
    // No standard input (a closed terminal): the message below says what to do.
  }
  const line = input.split(/\r?\n/)[0] ?? '';
  if (!line) throw new DangkaError('INVALID_INPUT', '请通过环境变量 DANGKA_PASSWORD 或标准输入提供密码');
  return line;
}

export function registerTrust(program: Command): void {
  const user = program.command('user').description('用户账户：录入员、审核员、管理员');
  libraryOption(
    user
      .command('add')
      .description('新建账户（密码来自 DANGKA_PASSWORD 或标准输入）')
      .argument('<username>', '用户名')
      .requiredOption('--name <name>', '姓名（签字时使用）')
      .option('--role <role>', 'clerk（录入员，默认）、reviewer（审核员）或 admin（管理员）', 'clerk'),
  ).action(
    action(async (username: string, opts: { library?: string; name: string; role: string }) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) {
        process.stderr.write('错误：--role 应为 clerk、reviewer 或 admin\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const created = unwrap(await engine.call('users.create', { username, displayName: opts.name, role: opts.role as Role, password: readPassword() }));
        process.stdout.write(`已新建账户：${created.username}（${created.displayName}，${ROLE_LABEL[created.role]}）\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(user.command('list').description('列出账户').option('--json', '以 JSON 输出')).action(
    action(async (opts: { library?: string; json?: boolean }) => {
      const engine = openEngine(opts);
      try {
        const users = unwrap(await engine.call('users.list', {}));
        if (opts.json) printJson(users);
        else for (const u of users) process.stdout.write(`${u.username}\t${u.displayName}\t${ROLE_LABEL[u.role]}${u.active ? '' : '\t已停用'}\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(user.command('passwd').description('设置新密码（密码来自 DANGKA_PASSWORD 或标准输入）').argument('<username>', '用户名')).action(
    action(async (username: string, opts: { library?: string }) => {
      const engine = openEngine(opts);
      try {
        const target = unwrap(await engine.call('users.list', {})).find((u) => u.username.toLowerCase() === username.toLowerCase());
        if (!target) throw new DangkaError('NOT_FOUND', `没有这个用户：${username}`);
        unwrap(await engine.call('users.update', { id: target.id, password: readPassword() }));
        process.stdout.write(`已为 ${target.username} 设置新密码\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );

  const audit = program.command('audit').description('操作记录（全程留痕）');
  libraryOption(audit.command('verify').description('核对操作记录的哈希链：找出在档卡之外被改动或删除的记录；有问题时退出码为 1')).action(
    action(async (opts: { library?: string }) => {
      const engine = openEngine(opts);
      try {
        const report = unwrap(await engine.call('audit.verify', {}));
        if (report.ok) {
          process.stdout.write(`操作记录完整：共 ${report.records} 条，哈希链核对无误\n`);
          return EXIT_OK;
        }
        process.stdout.write(`操作记录有 ${report.problems.length} 处问题（共 ${report.records} 条）：\n`);
        for (const p of report.problems) process.stdout.write(`  ${p.message}\n`);
        return EXIT_PROBLEMS;
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(
    audit
      .command('log')
      .description('某单位（及其中文件）的操作记录，最新的在前')
      .argument('<unit>', '单位（档号或路径）')
      .option('--limit <n>', '最多显示几条', '50')
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (unit: string, opts: { library?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        process.stderr.write('错误：--limit 应为 1–500 的整数\n');
        return EXIT_USAGE;
      }
      const engine = openEngine(opts);
      try {
        const unitId = resolveUnitRef(engine.lib.db, unit).id;
        const history = unwrap(await engine.call('audit.history', { unitId, limit }));
        if (opts.json) {
          printJson(history);
          return EXIT_OK;
        }
        for (const e of history.entries) {
          // Worded as in the app's 操作记录: 户类型：稳定脱贫户 → 监测户; 联系人：张三.
          const changes = changeLines(e, history.refs).map((c) => `${c.label}：${c.before} → ${c.after}`);
          const details = [...changes, summary(e, history.refs)].filter(Boolean).join('；');
          process.stdout.write(`${e.at.slice(0, 19).replace('T', ' ')}  ${e.actor}  ${e.what}${details ? `  ${details}` : ''}\n`);
        }
        if (history.total > history.entries.length) process.stdout.write(`……共 ${history.total} 条\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}
