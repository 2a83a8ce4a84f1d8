// Roster import of a whole county: the demo county written as the national system's per-person .xlsx, imported
// into a fresh library each run. Baseline: exceljs's streaming reader alone over the same file (the import can
// never be faster than reading it), so the ratio shows what checking and writing cost on top.
import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createEngine, unwrap } from '../engine/api/engine';
import { generateCounty, type DemoCounty } from '../engine/demo/generate';
import { openLibrary } from '../engine/library/library';
import type { RosterImportResult } from '../shared/domain';
import { rosterXlsx, type RosterRow } from '../tests/fixtures/rosterFile';
import { timeMs, type BenchGroup } from './harness';

export function rosterRows(county: DemoCounty): RosterRow[] {
  const rows: RosterRow[] = [];
  for (const t of county.townships)
    for (const v of t.villages)
      for (const h of v.households)
        for (const m of h.members)
          rows.push({
            市: county.city, 县: county.name, '乡(镇)': t.name, 行政村: v.name, 自然村: h.naturalVillage, 户编号: h.householdNo,
            姓名: m.name, 证件号码: m.idNumber, 与户主关系: m.relation, 人数: h.members.length, 性别: m.sex, 民族: m.ethnicity,
            文化程度: m.education, 健康状况: m.health, 劳动技能: m.labourSkill, 务工状况: m.workStatus ?? '',
            贫困户属性: h.attribute ?? '', 主要致贫原因: h.mainCause, 脱贫年度: h.exitYear ?? '', 联系电话: m.relation === '户主' ? h.phone : '',
            人均纯收入: h.perCapitaIncome,
          });
  return rows;
}

async function readOnly(bytes: Buffer): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(bytes), { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  return rows;
}

export const rosterGroup: BenchGroup = {
  name: 'roster',
  description: 'roster import of the county (.xlsx, one row per person) into a fresh library',
  async run(ctx) {
    const county = generateCounty({ households: ctx.households });
    const rows = rosterRows(county);
    const file = join(ctx.tempDir('roster'), '花名册.xlsx');
    writeFileSync(file, await rosterXlsx(rows));
    const bytes = readFileSync(file);
    ctx.log(`${ctx.households} households, ${rows.length} persons, ${(bytes.length / 1e6).toFixed(1)} MB`);
    const imports: number[] = [];
    const reads: number[] = [];
    for (let run = 0; run < ctx.runs; run++) {
      reads.push(await timeMs(() => readOnly(bytes)));
      const engine = createEngine(openLibrary(ctx.tempDir(`import-${run}`), { create: true }));
      imports.push(
        await timeMs(async () => {
          const { jobId } = unwrap(await engine.call('roster.importStart', { fileName: '花名册.xlsx', contentBase64: bytes.toString('base64'), keepValid: false }));
          const state = await engine.jobs.wait(jobId);
          const result = state.result as RosterImportResult | null;
          if (!result?.applied) throw new Error(`import failed: ${JSON.stringify(state.error ?? result?.problems.slice(0, 3))}`);
        }),
      );
      engine.close();
    }
    ctx.figure({
      name: `import ${ctx.households} households / ${rows.length} persons`,
      unit: 's',
      samples: imports.map((ms) => ms / 1000),
      targetMax: 60,
      baseline: { name: 'exceljs streaming read of the same file', samples: reads.map((ms) => ms / 1000) },
    });
  },
};
