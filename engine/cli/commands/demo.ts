import type { Command } from 'commander';
import { buildDemoLibrary } from '../../demo/build';
import { DEFAULT_DEMO_HOUSEHOLDS, DEFAULT_DEMO_SEED, generateCounty, MAX_DEMO_HOUSEHOLDS } from '../../demo/generate';
import { action, endProgress, EXIT_USAGE, libraryOption, openEngine, printJson, progressLine } from '../common';

interface DemoOptions {
  library?: string;
  households?: string;
  seed?: string;
  json?: boolean;
}

/** Progress lines at most a few times a second, plus the last one of each phase. */
function throttledProgress(): (phase: string, done: number, total: number) => void {
  let phase = '';
  let phaseStarted = 0;
  let lastShown = 0;
  return (p, done, total) => {
    const now = performance.now();
    if (p !== phase) {
      phase = p;
      phaseStarted = now;
    }
    if (now - lastShown < 250 && done < total) return;
    lastShown = now;
    const elapsed = (now - phaseStarted) / 1000;
    progressLine(p, done, total, done > 0 && done < total ? Math.round((elapsed / done) * (total - done)) : null);
  };
}

export function registerDemo(program: Command): void {
  libraryOption(
    program
      .command('demo')
      .description('生成一个示例县（示例市示例县，人员均为虚构）到新的空档案库，供试用、培训和测试')
      .option('--households <n>', `户数（默认 ${DEFAULT_DEMO_HOUSEHOLDS}，最多 ${MAX_DEMO_HOUSEHOLDS}）`)
      .option('--seed <s>', `随机种子：同一种子总是生成同样的数据（默认 ${DEFAULT_DEMO_SEED}）`)
      .option('--json', '以 JSON 输出'),
  ).action(
    action(async (opts: DemoOptions) => {
      const households = opts.households === undefined ? DEFAULT_DEMO_HOUSEHOLDS : Number(opts.households);
      if (!Number.isInteger(households) || households < 1 || households > MAX_DEMO_HOUSEHOLDS) {
        process.stderr.write(`错误：--households 应为 1–${MAX_DEMO_HOUSEHOLDS} 的整数\n`);
        return EXIT_USAGE;
      }
      const seed = opts.seed === undefined ? DEFAULT_DEMO_SEED : Number(opts.seed);
      if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
        process.stderr.write('错误：--seed 应为非负整数\n');
        return EXIT_USAGE;
      }
      const started = performance.now();
      const engine = openEngine(opts, { create: true });
      try {
        const built = await buildDemoLibrary(engine.lib, generateCounty({ households, seed }), throttledProgress());
        const summary = { ...built, seconds: Math.round((performance.now() - started) / 100) / 10 };
        endProgress();
        if (opts.json) return printJson(summary);
        const lines = [
          `示例档案库已生成：${summary.library}`,
          `${summary.county}（虚构数据，种子 ${summary.seed}）：乡镇 ${summary.townships}  村 ${summary.villages}  户 ${summary.households}  人 ${summary.persons}`,
          `联系人 ${summary.contacts}（其中 ${summary.contactsWithoutPhoto} 人故意不放照片）  示例照片 ${summary.photos} 张`,
          `用时 ${summary.seconds} 秒`,
          `查看：dangka tree --library "${summary.library}" --depth 2    浏览：dangka serve --library "${summary.library}"`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        endProgress();
        engine.close();
      }
    }),
  );
}
