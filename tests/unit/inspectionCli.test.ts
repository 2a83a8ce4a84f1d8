// The review team's command line: `dangka check` over every top unit with all problems in --json (and pages of them),
// 验收销号 by a named person, review rounds and their signatures — exit codes 0 / 1 / 2. The commands run in this
// process (main() as bin.ts calls it, output captured): a dozen processes would take minutes on a busy machine, and
// tests/unit/cli.test.ts runs the real binary.
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../engine/cli/main';
import { unwrap } from '../../engine/api/engine';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty } from '../../engine/demo/generate';
import { tempEngine } from './helpers';

async function dangka(library: string, ...args: string[]) {
  let out = '';
  let err = '';
  const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  process.exitCode = 0;
  try {
    await main([...args, '--library', library]);
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
  }
  const code = process.exitCode;
  process.exitCode = 0;
  return { code, out, err };
}

interface CheckJson {
  summaries: { unit: { name: string }; openErrors: number }[];
  total: number;
  offset: number;
  problems: { id: number; description: string; unit: { name: string } }[];
}

describe('dangka check, problem, round, review', () => {
  it('checks every top unit, pages through all problems, and signs acceptance and rounds by name', async () => {
    const engine = tempEngine();
    await buildDemoLibrary(engine.lib, generateCounty({ households: 30, seed: 5 }));
    const library = engine.lib.dir;
    const db = engine.lib.db;
    db.prepare("INSERT INTO unit (parent_id, tier, name, code, archive_code) VALUES (NULL, 'county', '另一县', '990002', 'JF·990002')").run();
    const other = db.prepare("SELECT id FROM unit WHERE name = '另一县'").get() as { id: number };
    const manual = unwrap(await engine.call('problems.add', { unitId: other.id, severity: 'error', description: '县级实施方案未盖章', createdBy: '督查组' }));
    const village = db.prepare("SELECT id, parent_id FROM unit WHERE tier = 'village' ORDER BY id LIMIT 1").get() as { id: number; parent_id: number };
    const villagePath = (db.prepare("WITH RECURSIVE up(id, parent_id, name, d) AS (SELECT id, parent_id, name, 0 FROM unit WHERE id = ? UNION ALL SELECT u.id, u.parent_id, u.name, d + 1 FROM unit u JOIN up ON u.id = up.parent_id) SELECT group_concat(name, '/') AS p FROM (SELECT name FROM up ORDER BY d DESC)").get(village.id) as { p: string }).p;
    engine.close();

    const all = await dangka(library, 'check', '--json');
    expect(all.code).toBe(1); // the other county's error is open
    const full = JSON.parse(all.out) as CheckJson;
    expect(full.summaries.map((s) => s.unit.name)).toEqual(['示例县', '另一县']);
    expect(full.problems).toHaveLength(full.total);
    expect(full.total).toBeGreaterThan(3);
    expect(full.problems.map((p) => p.description)).toContain('县级实施方案未盖章');
    const page = JSON.parse((await dangka(library, 'check', '--json', '--offset', '1', '--limit', '2')).out) as CheckJson;
    expect(page).toMatchObject({ total: full.total, offset: 1 });
    expect(page.problems.map((p) => p.id)).toEqual(full.problems.slice(1, 3).map((p) => p.id));
    expect((await dangka(library, 'check', '--json', '--limit', '0')).code).toBe(2);
    const text = await dangka(library, 'check');
    expect(text.out).toMatch(/^县 示例县：/);
    expect(text.out).toMatch(/\n县 另一县：/);
    expect(text.out).toContain(`#${manual.id} [错误] 示例县`.replace('示例县', '另一县'));

    // 验收销号 by a named person; the system never closes it.
    expect((await dangka(library, 'problem', 'accept', String(manual.id), '--by', '王验收')).code).toBe(2); // no note
    expect((await dangka(library, 'problem', 'report', String(manual.id))).out).toContain(`#${manual.id} 已整改待验收`);
    expect((await dangka(library, 'problem', 'return', String(manual.id), '--by', '王验收', '--reason', '未见盖章件')).out).toContain('退回整改（退回：未见盖章件）');
    await dangka(library, 'problem', 'report', String(manual.id));
    expect((await dangka(library, 'problem', 'accept', String(manual.id), '--by', '王验收', '--note', '已补盖公章')).out).toContain('已销号（验收人 王验收）');
    expect((await dangka(library, 'check', '--json')).code).toBe(0);

    // A round, and one person refused on a second stage of the same village.
    const added = await dangka(library, 'round', 'add', '回头看', '--unit', villagePath, '--check', '赵一,钱二', '--recheck', '孙三,李四', '--audit', '周组长', '--deadlines', '2020-06-10,2020-06-20,2020-06-30');
    expect(added.code).toBe(0);
    expect(added.out).toContain('审核 周组长（组长）');
    expect((await dangka(library, 'review', 'sign', villagePath, '--round', '回头看', '--stage', '核查', '--by', '赵一')).code).toBe(0);
    const twice = await dangka(library, 'review', 'sign', villagePath, '--round', '回头看', '--stage', '复核', '--by', '赵一');
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('同一人不能签同一单位的两个环节');
    expect((await dangka(library, 'round', 'progress', villagePath)).out).toContain('回头看：核查✓[赵一通过] → 复核（逾期） → 审核（逾期）　下一步：复核');
  });
});
