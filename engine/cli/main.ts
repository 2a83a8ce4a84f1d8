// The `dangka` command line. Each command lives in commands/<name>.ts and registers itself here.
import { Command, CommanderError } from 'commander';
import { registerBackup } from './commands/backup';
import { registerCheck } from './commands/check';
import { registerCity } from './commands/city';
import { registerCorrect } from './commands/correct';
import { registerDemo } from './commands/demo';
import { registerDescribe } from './commands/describe';
import { registerImportForms } from './commands/importForms';
import { registerImportRoster } from './commands/importRoster';
import { registerIngest } from './commands/ingest';
import { registerInit } from './commands/init';
import { registerInspection } from './commands/inspection';
import { registerLedger } from './commands/ledger';
import { registerTemplate } from './commands/template';
import { registerOcr } from './commands/ocr';
import { registerFixity } from './commands/fixity';
import { registerPack } from './commands/pack';
import { registerPackageSources } from './commands/packageSources';
import { registerPrint } from './commands/print';
import { registerScreening } from './commands/screening';
import { registerSearch } from './commands/search';
import { registerServe } from './commands/serve';
import { registerShow, registerTree } from './commands/tree';
import { registerTrust } from './commands/trust';
import { EXIT_USAGE } from './common';

export function buildProgram(): Command {
  const program = new Command('dangka')
    .description('档卡 — 脱贫攻坚档案管理（离线）')
    .version('0.1.0', '-V, --version', '显示版本')
    .helpOption('-h, --help', '显示帮助')
    .helpCommand('help [command]', '显示某个命令的帮助')
    .showHelpAfterError('（用 dangka --help 查看用法）')
    .exitOverride();
  registerInit(program);
  registerDemo(program);
  registerImportRoster(program);
  registerImportForms(program);
  registerTree(program);
  registerCity(program);
  registerShow(program);
  registerIngest(program);
  registerCheck(program);
  registerLedger(program);
  registerTemplate(program);
  registerInspection(program);
  registerPrint(program);
  registerPack(program);
  registerPackageSources(program);
  registerBackup(program);
  registerFixity(program);
  registerSearch(program);
  registerOcr(program);
  registerServe(program);
  registerTrust(program);
  registerScreening(program);
  registerDescribe(program);
  registerCorrect(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; anything else commander rejects is wrong usage.
      process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
      return;
    }
    throw err;
  }
}
