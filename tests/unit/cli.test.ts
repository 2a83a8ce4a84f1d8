// The `dangka` command as a clerk runs it: real processes, exit codes 0 ok / 1 problems in the input / 2 usage.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { householdRows, rosterXlsx } from '../fixtures/rosterFile';
import { tempDir } from './helpers';

const root = join(import.meta.dirname, '..', '..');
// Each test starts several real `dangka` processes (tsx transpiles on start): seconds each on a loaded 2-core machine.
// Behaviour is asserted here, never speed, so the limit only catches a hang.
const CLI_TEST_TIMEOUT = 180_000;

function dangka(...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'engine', 'cli', 'bin.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DANGKA_LIBRARY: '' },
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

describe('dangka CLI', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('imports a roster, shows the tree and a household, and refuses a bad roster with exit 1', async () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    const good = join(dir, '花名册.xlsx');
    writeFileSync(good, await rosterXlsx([...householdRows('4199990000001', { seq: 1 }), ...householdRows('4199990000002', { seq: 2, size: 1 })]));
    expect(dangka('init', '--library', library).code).toBe(0);
    const imported = dangka('import-roster', good, '--library', library);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('新建 2 户');

    const tree = dangka('tree', '--library', library, '--json');
    expect(tree.code).toBe(0);
    const county = JSON.parse(tree.out)[0];
    expect(county.children[0].children[0].children.map((h: { name: string }) => h.name)).toHaveLength(2);
    const shown = dangka('show', '示例县/示例一镇/示范一村/4199990000001', '--library', library);
    expect(shown.out).toMatch(/户主\s+张建国1/);
    expect(shown.out).not.toMatch(/\d{17}[\dX]/); // IDs masked

    const bad = join(dir, 'bad.xlsx');
    const rows = householdRows('4199990000003', { seq: 3 });
    rows[0]!['联系电话'] = '123';
    writeFileSync(bad, await rosterXlsx(rows));
    const refused = dangka('import-roster', bad, '--library', library, '--json');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.out)).toMatchObject({ applied: false, problems: [{ row: 2, column: '联系电话' }] });
  });

  it('exits 1 for a missing library or file and 2 for wrong usage', () => {
    const dir = tempDir();
    expect(dangka('tree', '--library', join(dir, 'none')).code).toBe(1);
    expect(dangka('import-roster', join(dir, 'none.xlsx'), '--library', dir).code).toBe(1);
    expect(dangka('import-roster').code).toBe(2);
    expect(dangka('no-such-command').code).toBe(2);
    expect(dangka('tree', '--depth', 'x', '--library', dir).code).toBe(2);
  });
});

describe('dangka import-roster', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('with --keep-valid imports the valid households, lists the rest and exits 1; a clean re-import exits 0', async () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    expect(dangka('init', '--library', library).code).toBe(0);
    const rows = [...householdRows('4199990000001', { seq: 1 }), ...householdRows('4199990000002', { seq: 2, size: 2 })];
    const bad = rows.map((r) => ({ ...r }));
    bad[3]!['性别'] = '女';
    const file = join(dir, '花名册.xlsx');
    writeFileSync(file, await rosterXlsx(bad));

    const refused = dangka('import-roster', file, '--library', library);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('未导入任何数据');
    expect(refused.out).toContain('第5行 [性别] 户编号 4199990000002：性别“女”与证件号码不符');

    const kept = dangka('import-roster', file, '--keep-valid', '--library', library);
    expect(kept.code).toBe(1);
    expect(kept.out).toMatch(/已导入（表中 5 行）：新建 1 户，更新 0 户，共 3 人；跳过有错误的 1 户；新建乡镇 1 个、村 1 个/);

    writeFileSync(file, await rosterXlsx(rows));
    const clean = dangka('import-roster', file, '--library', library, '--json');
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out)).toMatchObject({ applied: true, households: { created: 1, updated: 1, skipped: 0 }, persons: 5, problems: [] });
  });

  it('exits 1 with a Chinese message for a file that is missing or not a roster, and 2 without a file', () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    expect(dangka('init', '--library', library).code).toBe(0);
    const missing = dangka('import-roster', join(dir, '没有.xlsx'), '--library', library);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('错误：找不到文件');
    const text = join(dir, '花名册.xlsx');
    writeFileSync(text, '姓名,证件号码\n张三,1\n');
    const broken = dangka('import-roster', text, '--library', library);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/^未导入任何数据：\n {2}文件不是有效的 Excel/);
    expect(dangka('import-roster', '--library', library).code).toBe(2);
  });
  it('packs a township to a folder, verifies it (exit 1 once a file changes) and imports it into a county library', async () => {
    const dir = tempDir();
    const library = join(dir, 'township');
    const out = join(dir, 'stick');
    mkdirSync(out);
    expect(dangka('demo', '--library', library, '--households', '40').code).toBe(0);
    expect(dangka('pack', '--library', library, '--unit', '示例县/示例一镇', '--out', out, '--max-size', 'lots').code).toBe(2);
    const packed = dangka('pack', '--library', library, '--unit', '示例县/示例一镇', '--out', out);
    expect(packed.code, packed.err).toBe(0);
    const bag = join(out, readdirSync(out)[0]!);
    expect(packed.out).toContain(`已写入：${bag}`);

    const report = join(dir, '四性检测报告.pdf');
    const verified = dangka('verify', bag, '--pdf', report);
    expect(verified.code, verified.out).toBe(0);
    expect(verified.out).toMatch(/数据包完整，所有文件校验通过：\d+ 个文件/);
    expect(verified.out).toMatch(/【可用性】文件可以打开.*：通过/);
    expect(verified.out).toContain('结论：四性检测全部通过');
    expect(readFileSync(report).subarray(0, 5).toString()).toBe('%PDF-');

    const county = join(dir, 'county');
    expect(dangka('init', '--library', county).code).toBe(0);
    const imported = dangka('import', bag, '--library', county);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toMatch(/已导入：.*示例一镇[\s\S]*新建单位 \d+/);
    expect(JSON.parse(dangka('tree', '--library', county, '--json').out)[0].children[0].name).toBe('示例一镇');

    appendFileSync(join(bag, 'data', 'catalog.json'), ' ');
    const broken = dangka('verify', bag);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('[已改动] 文件已改动或损坏（校验值不符）：data/catalog.json');
    const refused = dangka('import', bag, '--library', county);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('未导入：数据包有 2 处问题，本库没有任何改动');
  }, 120_000); // demo, pack, verify (every image decoded), import: real processes
});

describe('dangka audit', { timeout: CLI_TEST_TIMEOUT }, () => {
  it('audit log words a household’s history as the app does: field labels and the names of contact persons', () => {
    const library = join(tempDir(), 'lib');
    expect(dangka('demo', '--library', library, '--households', '10').code).toBe(0);
    const county = JSON.parse(dangka('tree', '--library', library, '--depth', '4', '--json').out)[0];
    const first = county.children[0].children[0].children[0] as { archiveCode: string };
    const household = JSON.parse(dangka('show', first.archiveCode, '--library', library, '--json').out) as {
      householdNo: string;
      contacts: { helper: { name: string } };
    };
    const log = dangka('audit', 'log', first.archiveCode, '--library', library);
    expect(log.code).toBe(0);
    expect(log.out).toMatch(new RegExp(`新增帮扶联系人\\s+联系人类别：帮扶责任人；联系人：${household.contacts.helper.name}\\n`));
    expect(log.out).toContain(`户编号：${household.householdNo}`);
    expect(log.out).not.toMatch(/#\d/);
    expect(dangka('audit', 'verify', '--library', library).code).toBe(0);
  });
});

describe('dangka ingest', () => {
  it('imports the files of a batch that exist and names a missing one with its reason; nothing is left in uploads/', async () => {
    const dir = tempDir();
    const library = join(dir, 'lib');
    const scan = join(dir, '空白页.png');
    writeFileSync(scan, await sharp({ create: { width: 800, height: 600, channels: 3, background: '#f4f4f0' } }).png().toBuffer());
    expect(dangka('init', '--library', library).code).toBe(0);
    const run = dangka('ingest', join(dir, '不存在.jpg'), scan, '--library', library);
    expect(run.code).toBe(1);
    const lines = run.out.split('\n');
    expect(lines[0]).toBe(`失败  不存在.jpg  找不到文件：${join(dir, '不存在.jpg')}`);
    expect(lines[1]).toMatch(/^已导入 {2}空白页\.png（1页）/);
    expect(run.out).toContain('共 2 个文件：导入 1 个');
    expect(existsSync(join(library, 'uploads')) ? readdirSync(join(library, 'uploads')) : []).toEqual([]);
  }, 60_000);
});

