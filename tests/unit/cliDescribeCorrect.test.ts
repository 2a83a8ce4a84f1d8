// `dangka describe` and `dangka correct` as a clerk runs them: real processes, the same API methods as the UI.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { householdRows, rosterXlsx } from '../fixtures/rosterFile';
import { tempDir } from './helpers';

const root = join(import.meta.dirname, '..', '..');
const HOUSEHOLD = '示例县/示例一镇/示范一村/4199990000001';

function dangka(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DANGKA_LIBRARY: '' },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

async function libraryWithTwoScans(): Promise<{ dir: string; library: string }> {
  const dir = tempDir();
  const library = join(dir, 'lib');
  const roster = join(dir, '花名册.xlsx');
  writeFileSync(roster, await rosterXlsx(householdRows('4199990000001', { seq: 1 })));
  expect(dangka('init', '--library', library).code).toBe(0);
  expect(dangka('import-roster', roster, '--library', library).code).toBe(0);
  const scans = [];
  // Two different pages (the same bytes twice would be one document).
  for (const [name, background] of [['scan1.png', '#ffffff'], ['IMG_0002.png', '#f4f1e8']] as const) {
    const path = join(dir, name);
    await sharp({ create: { width: 400, height: 560, channels: 3, background } }).png().toFile(path);
    scans.push(path);
  }
  const ingested = dangka('ingest', ...scans, '--unit', HOUSEHOLD, '--library', library);
  expect(ingested.code, ingested.err).toBe(0);
  return { dir, library };
}

describe('dangka describe', () => {
  it('lists a dossier, sets one document, describes others from a CSV, and refuses a bad cell saving nothing', { timeout: 420_000 }, async () => {
    const { dir, library } = await libraryWithTwoScans();
    const listed = dangka('describe', HOUSEHOLD, '--library', library);
    expect(listed.code, listed.err).toBe(0);
    expect(listed.out).toContain('未著录 2 件');

    const set = dangka('describe', HOUSEHOLD, '--doc', '1', '--title', '关于张建国1家庭申请脱贫的报告', '--author', '示范一村村民委员会', '--date', '2019-4-2', '--library', library, '--json');
    expect(set.code, set.err).toBe(0);
    const afterSet = JSON.parse(set.out);
    expect(afterSet.documents[0]).toMatchObject({ pieceNo: 1, title: '关于张建国1家庭申请脱贫的报告', author: '示范一村村民委员会', date: '20190402', missing: [] });
    expect(afterSet.undescribed).toBe(1);

    const csv = join(dir, '著录.csv');
    writeFileSync(csv, '\uFEFF件号,题名,责任者,文号,成文日期,保管期限\n2,关于公布2019年脱贫户名单的通知,示例一镇人民政府,示政发〔2019〕12号,20191130,永久\n');
    const fromCsv = dangka('describe', HOUSEHOLD, '--csv', csv, '--library', library, '--json');
    expect(fromCsv.code, fromCsv.err).toBe(0);
    const afterCsv = JSON.parse(fromCsv.out);
    expect(afterCsv.documents[1]).toMatchObject({ title: '关于公布2019年脱贫户名单的通知', refNumber: '示政发〔2019〕12号', retention: 'Y', missing: [] });
    expect(afterCsv.undescribed).toBe(0);

    writeFileSync(csv, '件号,题名,成文日期\n1,改过的题名,20190231\n');
    const refused = dangka('describe', HOUSEHOLD, '--csv', csv, '--library', library);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('没有这一天');
    expect(dangka('describe', HOUSEHOLD, '--library', library).out).toContain('关于张建国1家庭申请脱贫的报告');

    const unknownPiece = dangka('describe', HOUSEHOLD, '--doc', '9', '--title', 'x', '--library', library);
    expect(unknownPiece.code).toBe(2);
    expect(unknownPiece.err).toContain('件号“9”不在这个案卷');
  });
});

describe('dangka correct', () => {
  it('corrects household and member data with a reason, and changes 户类型 only with a date and --yes', { timeout: 420_000 }, async () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    const roster = join(dir, '花名册.xlsx');
    writeFileSync(roster, await rosterXlsx(householdRows('4199990000001', { seq: 1 })));
    expect(dangka('init', '--library', library).code).toBe(0);
    expect(dangka('import-roster', roster, '--library', library).code).toBe(0);

    expect(dangka('correct', HOUSEHOLD, '--village', '下庄', '--library', library).code).toBe(2); // no reason
    const household = dangka('correct', HOUSEHOLD, '--village', '下庄', '--phone', '13800138000', '--reason', '入户核实', '--library', library, '--json');
    expect(household.code, household.err).toBe(0);
    expect(JSON.parse(household.out)).toMatchObject({ naturalVillage: '下庄', phone: '13800138000' });

    const badId = dangka('correct', HOUSEHOLD, '--member', '张建国1', '--id-number', '123', '--reason', '核对身份证', '--library', library);
    expect(badId.code).not.toBe(0);
    expect(badId.err).toMatch(/身份证/);
    const renamed = dangka('correct', HOUSEHOLD, '--member', '张建国1', '--name', '张建国', '--reason', '户口本为准', '--library', library, '--json');
    expect(renamed.code, renamed.err).toBe(0);
    expect(JSON.parse(renamed.out).members.map((m: { name: string }) => m.name)).toContain('张建国');

    const unconfirmed = dangka('correct', HOUSEHOLD, '--status', '监测户', '--date', '2024-03-01', '--reason', '因病收入骤减', '--library', library);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.err).toContain('确认请加 --yes');
    const changed = dangka('correct', HOUSEHOLD, '--status', '监测户', '--date', '2024-03-01', '--reason', '因病收入骤减', '--yes', '--library', library, '--json');
    expect(changed.code, changed.err).toBe(0);
    expect(JSON.parse(changed.out).status).toBe('monitored');
  });
});
