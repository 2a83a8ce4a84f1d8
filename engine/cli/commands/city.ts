// `dangka city add NAME [--code 4107]`, `dangka city place COUNTY CITY --reason …`, `dangka city remove COUNTY --reason …`:
// the optional 市 above the counties (engine/catalog/cities.ts).
import type { Command } from 'commander';
import { unwrap } from '../../api/engine';
import { resolveUnitRef } from '../../catalog/units';
import { action, EXIT_OK, libraryOption, openEngine } from '../common';

export function registerCity(program: Command): void {
  const city = program.command('city').description('市：新建市，把县划入市或移出市（市、县、乡、村四级档案）');
  libraryOption(city.command('add').description('新建一个市').argument('<name>', '市的名称，如 新乡市').option('--code <code>', '市的区划代码（4位，如 4107）')).action(
    action(async (name: string, opts: { library?: string; code?: string }) => {
      const engine = openEngine(opts);
      try {
        const made = unwrap(await engine.call('units.createCity', { name, code: opts.code ?? null }));
        const row = engine.lib.db.prepare('SELECT archive_code FROM unit WHERE id = ?').get(made.id) as { archive_code: string };
        process.stdout.write(`已新建市：${made.name}  档号 ${row.archive_code}\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(
    city
      .command('place')
      .description('把县划入市')
      .argument('<county>', '县（档号或名称）')
      .argument('<city>', '市（档号或名称）')
      .requiredOption('--reason <text>', '理由（记入操作记录）'),
  ).action(
    action(async (countyRef: string, cityRef: string, opts: { library?: string; reason: string }) => {
      const engine = openEngine(opts);
      try {
        const county = resolveUnitRef(engine.lib.db, countyRef);
        const target = resolveUnitRef(engine.lib.db, cityRef);
        unwrap(await engine.call('units.placeCounty', { countyId: county.id, cityId: target.id, reason: opts.reason }));
        process.stdout.write(`已将 ${county.name} 划入 ${target.name}\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
  libraryOption(
    city
      .command('remove')
      .description('把县移出市（成为顶层的县）')
      .argument('<county>', '县（档号或路径，如 某市/某县）')
      .requiredOption('--reason <text>', '理由（记入操作记录）'),
  ).action(
    action(async (countyRef: string, opts: { library?: string; reason: string }) => {
      const engine = openEngine(opts);
      try {
        const county = resolveUnitRef(engine.lib.db, countyRef);
        unwrap(await engine.call('units.placeCounty', { countyId: county.id, cityId: null, reason: opts.reason }));
        process.stdout.write(`已将 ${county.name} 移出所属的市\n`);
        return EXIT_OK;
      } finally {
        engine.close();
      }
    }),
  );
}
