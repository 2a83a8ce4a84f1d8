import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { unwrap } from '../../engine/api/engine';
import { main } from '../../engine/cli/main';
import { buildDemoLibrary } from '../../engine/demo/build';
import { generateCounty, type DemoCounty, type DemoHousehold } from '../../engine/demo/generate';
import { RARE_NAME_CHARS } from '../../engine/demo/names';
import { REFERENCE_YEAR } from '../../engine/demo/people';
import { parseIdNumber } from '../../shared/idNumber';
import { tempDir, tempEngine } from './helpers';

const householdsOf = (county: DemoCounty): DemoHousehold[] => county.townships.flatMap((t) => t.villages.flatMap((v) => v.households));
const year = (date: string) => Number(date.slice(0, 4));
const count = (engine: ReturnType<typeof tempEngine>, sql: string) => (engine.lib.db.prepare(sql).get() as { n: number }).n;

describe('demo county generator', () => {
  it('is the same county for the same seed and another for another seed', () => {
    expect(generateCounty({ households: 300, seed: 7 })).toEqual(generateCounty({ households: 300, seed: 7 }));
    const other = householdsOf(generateCounty({ households: 300, seed: 8 }));
    expect(other[0]!.members[0]!.idNumber).not.toBe(householdsOf(generateCounty({ households: 300, seed: 7 }))[0]!.members[0]!.idNumber);
  });

  it('builds about 15 townships and 165 villages by default, fewer for a small county', () => {
    const county = generateCounty();
    const households = householdsOf(county);
    expect(county.townships).toHaveLength(15);
    expect(county.townships.flatMap((t) => t.villages)).toHaveLength(165);
    expect(households).toHaveLength(3000);
    const persons = households.reduce((n, h) => n + h.members.length, 0) / households.length;
    expect(persons).toBeGreaterThan(2.5);
    expect(persons).toBeLessThan(3);
    expect(county.townships.every((t) => t.name.startsWith('示例'))).toBe(true);
    expect(county.townships.flatMap((t) => t.villages).every((v) => v.name.endsWith('示范村'))).toBe(true);

    const small = generateCounty({ households: 35 });
    expect(small.townships).toHaveLength(1);
    expect(small.townships[0]!.villages).toHaveLength(4);
    expect(householdsOf(small)).toHaveLength(35);
  });

  it('gives every person a valid, unique fake ID that agrees with their sex, birth date and relation', () => {
    const households = householdsOf(generateCounty());
    const seen = new Set<string>();
    for (const h of households) {
      expect(h.members.filter((m) => m.relation === '户主')).toHaveLength(1);
      expect(h.members[0]!.relation).toBe('户主');
      expect(h.members.length).toBeGreaterThanOrEqual(1);
      expect(h.members.length).toBeLessThanOrEqual(7);
      const headYear = year(h.members[0]!.birthDate);
      expect(REFERENCE_YEAR - headYear).toBeGreaterThanOrEqual(18);
      for (const m of h.members) {
        const parsed = parseIdNumber(m.idNumber);
        expect(parsed.ok, m.idNumber).toBe(true);
        if (!parsed.ok) continue;
        expect(m.idNumber.startsWith('419999')).toBe(true);
        expect(parsed.info.sex).toBe(m.sex);
        expect(parsed.info.birthDate).toBe(m.birthDate);
        expect(seen.has(m.idNumber)).toBe(false);
        seen.add(m.idNumber);
        if (/^之(子|女|孙|外孙)/.test(m.relation)) expect(year(m.birthDate) - headYear, m.relation).toBeGreaterThanOrEqual(18);
        if (m.relation === '之父' || m.relation === '之母') expect(headYear - year(m.birthDate)).toBeGreaterThanOrEqual(18);
        if (['之子', '之孙子', '之外孙子', '之父'].includes(m.relation)) expect(m.sex).toBe('男');
        if (['之女', '之孙女', '之外孙女', '之母', '之儿媳'].includes(m.relation)) expect(m.sex).toBe('女');
      }
    }
  });

  it('mixes the four ledgers, keeps rare name characters in a few names and a few contacts without a photo', () => {
    const county = generateCounty();
    const households = householdsOf(county);
    expect(new Set(households.map((h) => h.status))).toEqual(new Set(['stable', 'monitored', 'returned', 'marginal']));
    expect(households.filter((h) => h.status === 'stable').length / households.length).toBeGreaterThan(0.75);
    const rare = new RegExp(`[${RARE_NAME_CHARS}]`);
    expect(households.some((h) => h.members.some((m) => rare.test(m.name)))).toBe(true);
    const withoutPhoto = county.contacts.filter((c) => !c.hasPhoto).length;
    expect(withoutPhoto).toBeGreaterThan(0);
    expect(withoutPhoto).toBeLessThan(county.contacts.length / 10);
  });
});

describe('demo library', () => {
  afterEach(() => {
    process.exitCode = undefined;
    vi.restoreAllMocks();
  });

  it('writes the county with its counts, one 户主 per household and contacts shared between households', async () => {
    const engine = tempEngine();
    const county = generateCounty({ households: 200, seed: 3 });
    const summary = await buildDemoLibrary(engine.lib, county);
    const persons = householdsOf(county).reduce((n, h) => n + h.members.length, 0);
    expect(summary).toMatchObject({ townships: 2, villages: 20, households: 200, persons, contacts: county.contacts.length });
    expect(unwrap(await engine.call('library.info', {})).counts).toEqual({
      townships: 2,
      villages: 20,
      households: 200,
      persons,
      contacts: county.contacts.length,
    });
    expect(count(engine, "SELECT count(*) AS n FROM (SELECT household_id FROM member GROUP BY household_id HAVING sum(relation = '户主') <> 1)")).toBe(0);
    expect(count(engine, 'SELECT count(*) AS n FROM household_contact')).toBe(600);
    // Every helper serves several households, every first secretary a whole village.
    expect(count(engine, "SELECT min(n) AS n FROM (SELECT count(*) AS n FROM household_contact WHERE role = 'helper' GROUP BY person_id)")).toBeGreaterThanOrEqual(5);
    expect(count(engine, "SELECT count(DISTINCT person_id) AS n FROM household_contact WHERE role = 'firstSecretary'")).toBe(20);
    // Photos: stored once per distinct placeholder, each with its blob row; a few people have none.
    const photos = engine.lib.db.prepare('SELECT DISTINCT photo_sha256 AS sha FROM contact_person WHERE photo_sha256 IS NOT NULL').all() as { sha: string }[];
    expect(photos.length).toBe(summary.photos);
    for (const { sha } of photos) expect(existsSync(engine.lib.files.pathOf(sha))).toBe(true);
    expect(count(engine, 'SELECT count(*) AS n FROM blob')).toBe(summary.photos);
    expect(count(engine, 'SELECT count(*) AS n FROM contact_person WHERE photo_sha256 IS NULL')).toBe(summary.contactsWithoutPhoto);
    const note = engine.lib.db.prepare("SELECT value FROM meta WHERE key = 'demo'").get() as { value: string };
    expect(JSON.parse(note.value).note).toMatch(/虚构/);
  });

  it('shows county → townships → villages → households through the tree API, with a full household page', async () => {
    const engine = tempEngine();
    const county = generateCounty({ households: 200, seed: 3 });
    await buildDemoLibrary(engine.lib, county);
    const [root, ...others] = unwrap(await engine.call('catalog.children', { parentId: null }));
    expect(others).toEqual([]);
    expect(root).toMatchObject({ tier: 'county', name: '示例县', archiveCode: 'JF·419999', childCount: 2 });
    const townships = unwrap(await engine.call('catalog.children', { parentId: root!.id }));
    expect(townships.map((t) => [t.tier, t.name, t.archiveCode])).toEqual([
      ['township', '示例一镇', 'JF·419999101'],
      ['township', '示例二镇', 'JF·419999102'],
    ]);
    const villages = unwrap(await engine.call('catalog.children', { parentId: townships[0]!.id }));
    expect(villages).toHaveLength(11);
    expect(villages[0]).toMatchObject({ tier: 'village', name: county.townships[0]!.villages[0]!.name, archiveCode: 'JF01·419999101201' });
    const households = unwrap(await engine.call('catalog.children', { parentId: villages[0]!.id }));
    const expected = county.townships[0]!.villages[0]!.households;
    expect(households.map((h) => h.name)).toEqual(expected.map((h) => h.members[0]!.name));
    expect(households[0]).toMatchObject({ tier: 'household', archiveCode: 'JF02·419999101201-0001', status: expected[0]!.status });

    const page = unwrap(await engine.call('catalog.household', { id: households[0]!.id }));
    expect(page).toMatchObject({ householdNo: '4199991012010001', headName: expected[0]!.members[0]!.name, declaredSize: expected[0]!.members.length });
    expect(page.members.map((m) => m.relation)).toEqual(expected[0]!.members.map((m) => m.relation));
    expect(page.contacts.groupLeader?.post).toBeTruthy();
    expect(page.contacts.firstSecretary?.post).toBe('驻村第一书记');
    expect(page.contacts.helper?.householdCount).toBeGreaterThanOrEqual(5);
  });

  it('refuses a library that already has units and changes nothing in it', async () => {
    const engine = tempEngine();
    await buildDemoLibrary(engine.lib, generateCounty({ households: 20 }));
    const before = count(engine, 'SELECT count(*) AS n FROM member');
    await expect(buildDemoLibrary(engine.lib, generateCounty({ households: 20, seed: 9 }))).rejects.toThrow(/已有档案/);
    expect(count(engine, 'SELECT count(*) AS n FROM member')).toBe(before);
  });

  it('`dangka demo` builds a new library, prints counts as JSON and refuses to run twice on it', async () => {
    const dir = join(tempDir(), 'demo');
    const out: string[] = [];
    const err: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    await main(['demo', '--households', '40', '--seed', '5', '--library', dir, '--json']);
    expect(process.exitCode).toBe(0);
    expect(JSON.parse(out.join(''))).toMatchObject({ library: dir, county: '示例市示例县', seed: 5, households: 40 });
    await main(['demo', '--library', dir]);
    expect(process.exitCode).toBe(2);
    expect(err.join('')).toMatch(/已有档案.*新的空文件夹/);
    await main(['demo', '--households', '0', '--library', join(dir, 'x')]);
    expect(process.exitCode).toBe(2);
  });
});
