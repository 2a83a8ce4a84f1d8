// Acceptance packages end to end: a township packed as a BagIt bag that standard tools accept, verified, split by
// village, written safely (a full drive, a failed write or a cancel leaves nothing that looks finished), and
// imported into another library — where hostile or broken packages are refused with nothing changed.
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { PackResult, VerifyReport } from '../../shared/domain';
import type { BagImportPlan } from '../../shared/importPlan';
import { DangkaError } from '../../shared/errors';
import { unwrap, type Engine } from '../../engine/api/engine';
import { createUnit } from '../../engine/catalog/units';
import { detachedContext } from '../../engine/jobs/jobs';
import { storeBlob } from '../../engine/library/blobs';
import { packageCatalog } from '../../engine/pack/catalog';
import { packUnit } from '../../engine/pack/pack';
import { removableMounts } from '../../engine/pack/targets';
import { nodeIo, type WriterIo } from '../../engine/pack/writer';
import { searchDocuments } from '../../engine/search/search';
import { filesUnder, importInto, tempDir, tempEngine } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const VILLAGE_ITEM = '公示公告/贫困户识别两公示一公告';

async function jpeg(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 120 + seed, height: 170, channels: 3, background: { r: 200 + (seed % 50), g: 200, b: 190 } } }).jpeg().toBuffer();
}

/** A document with real stored images: its masters, access copies and thumbnails, and its OCR text. */
async function addDocument(engine: Engine, unitId: number, item: string | null, title: string, pages: { master: Buffer; text: string }[]): Promise<number> {
  const lib = engine.lib;
  const id = Number(lib.db.prepare("INSERT INTO document (unit_id, item, title, source) VALUES (?, ?, ?, 'file')").run(unitId, item, title).lastInsertRowid);
  for (const [i, p] of pages.entries()) {
    const master = storeBlob(lib, p.master, 'image/jpeg');
    const access = storeBlob(lib, await sharp(p.master).greyscale().jpeg().toBuffer(), 'image/jpeg');
    const thumb = storeBlob(lib, await sharp(p.master).resize(40).jpeg().toBuffer(), 'image/jpeg');
    const words = JSON.stringify([{ text: p.text, confidence: 91, bbox: [5, 5, 100, 20] }]);
    const { width, height } = await sharp(p.master).metadata();
    lib.db
      .prepare(
        `INSERT INTO page (document_id, seq, master_sha256, access_sha256, thumb_sha256, width, height, dpi, ocr_status, ocr_text, ocr_confidence, ocr_words)
         VALUES (?, ?, ?, ?, ?, ?, ?, 200, 'done', ?, 91, ?)`,
      )
      .run(id, i + 1, master, access, thumb, width, height, p.text, words);
  }
  return id;
}

function addHousehold(engine: Engine, villageId: number, name: string, no: string, idNumber: string) {
  const unit = createUnit(fixtureWriter(engine.lib.db), { parentId: villageId, tier: 'household', name });
  engine.lib.db.prepare("INSERT INTO household (unit_id, household_no, phone, status) VALUES (?, ?, '13812345678', 'stable')").run(unit.id, no);
  engine.lib.db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, ?, ?, '户主')").run(unit.id, name, idNumber);
  return unit;
}

/** A township with two villages, three households, documents (one master shared by two), a photo, a form, a sign-off. */
async function township() {
  const engine = tempEngine();
  const db = engine.lib.db;
  const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县', officialCode: '360124' });
  const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇', officialCode: '101' });
  const taoyuan = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村', officialCode: '201' });
  const xishan = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '西山村', officialCode: '202' });
  const wang = addHousehold(engine, taoyuan.id, '王芳', '3601241012010001', '11010519491231002X');
  const li = addHousehold(engine, taoyuan.id, '李强', '3601241012010002', '110105194912310037');
  const zhang = addHousehold(engine, xishan.id, '张伟', '3601241012020001', '110105194912310045');
  const photo = storeBlob(engine.lib, await jpeg(7), 'image/jpeg');
  const person = Number(db.prepare("INSERT INTO contact_person (name, post, phone, photo_sha256) VALUES ('赵敏', '驻村第一书记', '13900001111', ?)").run(photo).lastInsertRowid);
  for (const h of [wang, li]) db.prepare("INSERT INTO household_contact (household_id, role, person_id) VALUES (?, 'firstSecretary', ?)").run(h.id, person);

  const shared = await jpeg(1);
  await addDocument(engine, taoyuan.id, VILLAGE_ITEM, '贫困户识别第一次公示', [
    { master: shared, text: '桃园村贫困户识别第一次公示 王芳 李强' },
    { master: await jpeg(2), text: '公示期七天 监督电话' },
  ]);
  await addDocument(engine, wang.id, null, '王芳申请书', [{ master: shared, text: '申请人王芳 因病致贫 申请纳入' }]);
  await addDocument(engine, zhang.id, null, '张伟信息采集表', [{ master: await jpeg(3), text: '张伟 家庭人口三人' }]);
  await addDocument(engine, town.id, null, '青山镇审核意见', [{ master: await jpeg(4), text: '乡镇审核 同意' }]);
  db.prepare("INSERT INTO form_record (unit_id, form_type, fields, source) VALUES (?, 'meeting', ?, 'manual')").run(
    taoyuan.id,
    JSON.stringify({ round: 2016, stage: '提议', date: '2016-05-02', due: 30, present: 25, signedIn: 25, votesFor: 20, votesAgainst: 0, signatures: {} }),
  );
  db.prepare("INSERT INTO review_signoff (unit_id, stage, reviewer, result) VALUES (?, '核查', '钱七', '通过')").run(taoyuan.id);
  return { engine, county, town, taoyuan, xishan, wang, li, zhang };
}

async function pack(engine: Engine, unitId: number, outDir: string, extra: Partial<Parameters<typeof packUnit>[1]> = {}, io?: WriterIo): Promise<PackResult> {
  return packUnit(engine.lib, { unitId, outDir, include: { masters: true, pdfs: true }, maxPartBytes: null, ...extra }, detachedContext(), io);
}

async function verify(engine: Engine, dir: string): Promise<VerifyReport> {
  const state = await engine.jobs.wait(unwrap(await engine.call('pack.verifyStart', { dir })).jobId);
  return state.result as VerifyReport;
}


/** Everything about a library an import could change: row counts and the stored files. */
function snapshot(engine: Engine) {
  const count = (table: string) => (engine.lib.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    rows: ['unit', 'household', 'member', 'document', 'page', 'blob', 'contact_person', 'form_record', 'review_signoff'].map((t) => `${t}:${count(t)}`),
    files: filesUnder(engine.lib.files.root),
  };
}

/** Re-writes a bag's manifests after tampering, so the tampering passes BagIt checks and meets the deeper ones. */
function reseal(bag: string): void {
  const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
  const payload = filesUnder(bag).filter((p) => p.startsWith('data/'));
  writeFileSync(join(bag, 'manifest-sha256.txt'), payload.map((p) => `${sha(join(bag, p))}  ${p}\n`).join(''));
  const info = readFileSync(join(bag, 'bag-info.txt'), 'utf8').replace(/^Payload-Oxum: .*\n/m, '');
  writeFileSync(join(bag, 'bag-info.txt'), info);
  const tags = ['bagit.txt', 'bag-info.txt', 'manifest-sha256.txt'];
  writeFileSync(join(bag, 'tagmanifest-sha256.txt'), tags.map((t) => `${sha(join(bag, t))}  ${t}\n`).join(''));
}

describe('pack', () => {
  it('writes a valid BagIt bag laid out by 档号 that sha256sum -c accepts, with catalog, index and report', async () => {
    const { engine, town } = await township();
    const out = tempDir();
    const result = await pack(engine, town.id, out);
    expect(result.warnings).toEqual([]);
    expect(result.bags).toHaveLength(1);
    const bag = result.bags[0]!.path;
    // Only the finished bag is there: no temporary folder beside it.
    expect(readdirSync(out)).toEqual([result.bags[0]!.name]);
    expect(result.bags[0]!.name).toMatch(/^JF-360124101-\d{8}$/);

    expect(readFileSync(join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    const info = readFileSync(join(bag, 'bag-info.txt'), 'utf8');
    const payload = filesUnder(bag).filter((p) => p.startsWith('data/'));
    const octets = payload.reduce((sum, p) => sum + readFileSync(join(bag, p)).length, 0);
    expect(info).toContain(`Payload-Oxum: ${octets}.${payload.length}\n`);
    expect(info).toContain('External-Identifier: JF·360124101\n');
    expect(info).toContain('Source-Organization: 示例县青山镇\n');
    expect(info).toContain('Bag-Count: 1 of 1\n');

    // Standard tools agree, inside the bag.
    const check = spawnSync('sha256sum', ['-c', '--quiet', 'manifest-sha256.txt'], { cwd: bag, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const tagCheck = spawnSync('sha256sum', ['-c', '--quiet', 'tagmanifest-sha256.txt'], { cwd: bag, encoding: 'utf8' });
    expect(tagCheck.status, tagCheck.stdout + tagCheck.stderr).toBe(0);

    // Stored names are ASCII-safe and short (FAT32/exFAT on Windows); titles live in the catalog.
    for (const p of payload) {
      expect(p).toMatch(/^data\/[A-Za-z0-9._/-]+$/);
      expect(p.length).toBeLessThan(120);
    }
    expect(payload).toEqual(expect.arrayContaining(['data/catalog.json', 'data/catalog.xlsx', 'data/index.html', 'data/report.pdf']));
    expect(payload, payload.join("\n")).toContain("data/units/JF02-360124101201-0001/JF02-360124101201-0001-000-001.pdf");

    const catalog = packageCatalog.parse(JSON.parse(readFileSync(join(bag, 'data/catalog.json'), 'utf8')));
    expect(catalog.units.map((u) => u.name)).toEqual(['示例县', '青山镇', '桃园村', '王芳', '李强', '西山村', '张伟']);
    expect(catalog.units[0]!.packed).toBe(false);
    expect(catalog.documents.map((d) => d.title).sort()).toEqual(['张伟信息采集表', '王芳申请书', '贫困户识别第一次公示', '青山镇审核意见']);
    // A master shared by two documents is stored once in the bag.
    const shared = catalog.documents.find((d) => d.title === '王芳申请书')!.pages[0]!.master!;
    expect(catalog.documents.find((d) => d.title === '贫困户识别第一次公示')!.pages[0]!.master!.path).toBe(shared.path);
    expect(catalog.forms).toHaveLength(1);
    expect(catalog.people[0]!.photo).not.toBeNull();
    // The report is a PDF a person can read.
    expect(readFileSync(join(bag, 'data/report.pdf')).subarray(0, 5).toString()).toBe('%PDF-');

    const report = await verify(engine, bag);
    expect(report.problems).toEqual([]);
    expect(report.valid).toBe(true);
    expect(report.files).toBe(payload.length);

    // The wizard's plan (PDFs now made) counts what was written, and its size is in the right range.
    const plan = unwrap(await engine.call('pack.plan', { unitId: town.id, outDir: out, include: { masters: true, pdfs: true } }));
    expect(plan).toMatchObject({ households: 3, documents: 4, pages: 5, files: payload.length });
    expect(plan.bytes).toBeGreaterThan(octets * 0.5);
    expect(plan.bytes).toBeLessThan(octets * 2 + 512 * 1024);
    expect(plan.freeBytes).toBeGreaterThan(0);
  });

  it('verify lists changed, missing and extra files, and a tampered tag file', async () => {
    const { engine, town } = await township();
    const bag = (await pack(engine, town.id, tempDir())).bags[0]!.path;
    const pdf = filesUnder(bag).find((p) => p.endsWith('.pdf') && p.startsWith('data/units/'))!;
    const master = filesUnder(bag).find((p) => p.endsWith('-m01.jpg'))!;
    appendFileSync(join(bag, pdf), 'x');
    unlinkSync(join(bag, master));
    writeFileSync(join(bag, 'data', 'notes.txt'), '多出来的文件');
    appendFileSync(join(bag, 'bag-info.txt'), 'Contact-Name: 某人\n');
    const report = await verify(engine, bag);
    expect(report.valid).toBe(false);
    const kinds = report.problems.map((p) => `${p.kind} ${p.path}`);
    expect(kinds).toEqual(expect.arrayContaining([`changed ${pdf}`, `missing ${master}`, 'extra data/notes.txt', 'changed bag-info.txt']));
    // Payload-Oxum tells at once that the payload is not what was packed.
    expect(report.problems.some((p) => p.kind === 'structure' && p.message.includes('文件总量'))).toBe(true);
  });

  it('splits by village into parts that are each a valid bag, and imports each alone', async () => {
    const { engine, town } = await township();
    const out = tempDir();
    // Smaller than the whole, larger than any village.
    const result = await pack(engine, town.id, out, { maxPartBytes: 16 * 1024 * 1024, part: null });
    expect(result.bags).toHaveLength(1); // everything fits one part of 16 MB

    const { planParts, collectDossier } = await import('../../engine/pack/contents');
    const dossier = await collectDossier(engine.lib, town.id, { masters: true, pdfs: true }, false, detachedContext());
    const villageBytes = planParts(dossier, null)[0]!.bytes;
    const parts = planParts(dossier, Math.ceil(villageBytes / 2));
    expect(parts.length).toBeGreaterThan(1);
    expect([...new Set(parts.flatMap((p) => p.villages))]).toEqual(['桃园村', '西山村']);

    const split = await packUnit(engine.lib, { unitId: town.id, outDir: tempDir(), include: { masters: true, pdfs: true }, maxPartBytes: Math.ceil(villageBytes / 2) }, detachedContext());
    expect(split.bags.length).toBe(parts.length);
    for (const bag of split.bags) {
      expect(bag.name).toMatch(new RegExp(`-${bag.part}of${split.bags.length}$`));
      expect((await verify(engine, bag.path)).valid).toBe(true);
      expect(readFileSync(join(bag.path, 'bag-info.txt'), 'utf8')).toContain(`Bag-Count: ${bag.part} of ${split.bags.length}\n`);
    }
    // The last part alone, into an empty library: it carries the county and township to hang its village on.
    const county = tempEngine();
    const last = split.bags.at(-1)!;
    const r = await importInto(county, last.path);
    expect(r.applied).toBe(true);
    const names = (county.lib.db.prepare('SELECT name FROM unit ORDER BY id').all() as { name: string }[]).map((u) => u.name);
    expect(names.slice(0, 2)).toEqual(['示例县', '青山镇']);
    expect(names).toContain('西山村');
  });

  it('a full drive mid-way, a failed write or a cancel leaves no finished-looking package', async () => {
    const { engine, town } = await township();
    const out = tempDir();
    let writes = 0;
    const full: WriterIo = {
      ...nodeIo,
      copyFile: (from, to) => {
        if (++writes > 3) throw Object.assign(new Error('no space'), { code: 'ENOSPC' });
        nodeIo.copyFile(from, to);
      },
    };
    await expect(pack(engine, town.id, out, {}, full)).rejects.toThrow(/空间已满.*没有写完/);
    expect(readdirSync(out)).toEqual([]);

    const pulled: WriterIo = { ...nodeIo, writeFile: () => { throw Object.assign(new Error('io'), { code: 'EIO' }); } };
    await expect(pack(engine, town.id, out, {}, pulled)).rejects.toThrow(/U盘可能已被拔出/);
    expect(readdirSync(out)).toEqual([]);

    // A stick that returns other bytes than were written is caught by the read-back.
    const lying: WriterIo = { ...nodeIo, copyFile: (from, to) => { nodeIo.copyFile(from, to); appendFileSync(to, 'x'); } };
    await expect(pack(engine, town.id, out, {}, lying)).rejects.toThrow(/写入后校验不符/);
    expect(readdirSync(out)).toEqual([]);

    const controller = new AbortController();
    let copies = 0;
    const slow: WriterIo = { ...nodeIo, copyFile: (from, to) => { if (++copies === 2) controller.abort(); nodeIo.copyFile(from, to); } };
    await expect(
      packUnit(engine.lib, { unitId: town.id, outDir: out, include: { masters: true, pdfs: true }, maxPartBytes: null }, detachedContext(controller.signal), slow),
    ).rejects.toThrow(DangkaError);
    expect(readdirSync(out)).toEqual([]);
  });

  it('removes what a killed export left on the stick, but not the folder of an export still running', async () => {
    const { engine, town } = await township();
    const out = tempDir();
    const dead = join(out, '.JF-360124101-20240101.writing-999999999-0123abcd');
    const running = join(out, `.JF-360124101-20240101.writing-${process.pid}-89abcdef`);
    for (const dir of [dead, running]) {
      mkdirSync(join(dir, 'data'), { recursive: true });
      writeFileSync(join(dir, 'data', 'scan.jpg'), 'half a scan');
    }
    const result = await pack(engine, town.id, out);
    expect(readdirSync(out).sort()).toEqual([running.slice(out.length + 1), result.bags[0]!.name].sort());
  });

  it('refuses before writing when the drive is too small', async (ctx) => {
    const { engine, town } = await township();
    const stick = tempDir();
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', stick]).status === 0;
    // Mounting needs root (CI runs as root); elsewhere this shows as skipped and the injected failures above cover it.
    if (!mounted) ctx.skip();
    try {
      await expect(pack(engine, town.id, stick)).rejects.toThrow(/空间不足：需要约 .*只有 .*可用/);
      expect(readdirSync(stick)).toEqual([]);
    } finally {
      spawnSync('umount', [stick]);
    }
  });
});

describe('targets', () => {
  it('offers the USB sticks the system mounted (FAT32, exFAT, NTFS under /media, /run/media, /mnt), not system disks', () => {
    const mounts = join(tempDir(), 'mounts');
    writeFileSync(
      mounts,
      [
        '/dev/sda1 / ext4 rw,relatime 0 0',
        '/dev/sdb1 /media/clerk/KINGSTON vfat rw,nosuid 0 0',
        '/dev/sdc1 /run/media/clerk/U\\040DISK exfat rw 0 0',
        '/dev/sdd1 /mnt/usb fuseblk rw 0 0',
        '/dev/sde1 /boot/efi vfat rw 0 0',
        'tmpfs /run tmpfs rw 0 0',
      ].join('\n'),
    );
    expect(removableMounts('linux', mounts)).toEqual(['/media/clerk/KINGSTON', '/run/media/clerk/U DISK', '/mnt/usb']);
  });
});

describe('import', () => {
  it('merges a package into another library: units, households, documents with their text, forms; again = nothing new', async () => {
    const { engine, town } = await township();
    const bag = (await pack(engine, town.id, tempDir())).bags[0]!.path;
    const county = tempEngine();
    const r = await importInto(county, bag);
    expect(r).toMatchObject({ applied: true, unitsCreated: 7, documentsAdded: 4, documentsSkipped: 0, forms: 1, conflicts: [], problems: [] });
    const db = county.lib.db;
    expect((db.prepare("SELECT id_number FROM member m JOIN unit u ON u.id = m.household_id WHERE u.name = '王芳'").get() as { id_number: string }).id_number).toBe('11010519491231002X');
    expect(db.prepare("SELECT count(*) AS n FROM household_contact").get()).toEqual({ n: 2 });
    expect(db.prepare("SELECT count(*) AS n FROM review_signoff").get()).toEqual({ n: 1 });
    // Every page's files are in the store, and its text is searchable: a two-character name finds it.
    for (const row of db.prepare('SELECT master_sha256, access_sha256, thumb_sha256 FROM page').all() as Record<string, string>[]) {
      for (const sha of Object.values(row)) expect(county.lib.files.has(sha)).toBe(true);
    }
    const hits = searchDocuments(db, '王芳', {});
    expect(hits.hits.map((h) => h.documentTitle)).toEqual(expect.arrayContaining(['王芳申请书', '贫困户识别第一次公示']));

    const before = snapshot(county);
    const again = await importInto(county, bag);
    expect(again).toMatchObject({ applied: true, unitsCreated: 0, documentsAdded: 0, documentsSkipped: 4, conflicts: [] });
    expect(snapshot(county)).toEqual(before);
  });

  it('carries each document\'s description (著录) in catalog.json, catalog.xlsx and index.html and reads it back; a package from before 著录 still imports', async () => {
    const { engine, town, taoyuan } = await township();
    const [doc] = unwrap(await engine.call('describe.dossier', { unitId: taoyuan.id })).documents;
    unwrap(
      await engine.call('describe.save', {
        unitId: taoyuan.id,
        rows: [{ ...doc!, title: '桃园村贫困户识别第一次公示', author: '桃园村村民委员会', refNumber: '', date: '20160510', retention: 'D30', secrecy: '', remarks: '张贴于村务公开栏' }],
      }),
    );
    const bag = (await pack(engine, town.id, tempDir())).bags[0]!.path;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(bag, 'data', 'catalog.xlsx'));
    const sheet = book.getWorksheet('卷内文件目录')!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1));
    const row = rows.find((r) => r[header.indexOf('题名')] === '桃园村贫困户识别第一次公示')!;
    const cell = (name: string) => row[header.indexOf(name)];
    expect([cell('题名'), cell('责任者'), cell('日期'), cell('保管期限'), cell('备注'), cell('著录状态')]).toEqual(['桃园村贫困户识别第一次公示', '桃园村村民委员会', '20160510', '定期30年', '张贴于村务公开栏', '已著录']);
    expect(readFileSync(join(bag, 'data', 'index.html'), 'utf8')).toContain('"桃园村村民委员会","20160510"');

    const county = tempEngine();
    await importInto(county, bag);
    const village = county.lib.db.prepare("SELECT id FROM unit WHERE name = '桃园村'").get() as { id: number };
    const [imported] = unwrap(await county.call('describe.dossier', { unitId: village.id })).documents;
    expect(imported).toMatchObject({ title: '桃园村贫困户识别第一次公示', author: '桃园村村民委员会', date: '20160510', retention: 'D30', remarks: '张贴于村务公开栏', missing: [] });

    // The same package as an older Dangka wrote it: no description at all. It imports, its documents not described.
    const old = JSON.parse(readFileSync(join(bag, 'data', 'catalog.json'), 'utf8')) as { documents: Record<string, unknown>[] };
    for (const d of old.documents) delete d.description;
    writeFileSync(join(bag, 'data', 'catalog.json'), JSON.stringify(old));
    reseal(bag);
    const other = tempEngine();
    expect((await importInto(other, bag)).applied).toBe(true);
    const v = other.lib.db.prepare("SELECT id FROM unit WHERE name = '桃园村'").get() as { id: number };
    expect(unwrap(await other.call('describe.dossier', { unitId: v.id })).documents[0]).toMatchObject({ title: '桃园村贫困户识别第一次公示', author: '', date: '', missing: ['缺责任者', '缺成文日期'] });
  });

  it('settles a household changed on both sides by the stated rule: newer wins unless the clerk chooses', async () => {
    const { engine, town, wang } = await township();
    const county = tempEngine();
    await importInto(county, (await pack(engine, town.id, tempDir())).bags[0]!.path);
    const wangThere = (county.lib.db.prepare("SELECT unit_id FROM household WHERE household_no = '3601241012010001'").get() as { unit_id: number }).unit_id;

    // The township changes 王芳 later: its package is newer and wins.
    engine.lib.db.prepare("UPDATE household SET status = 'monitored' WHERE unit_id = ?").run(wang.id);
    engine.lib.db.prepare("UPDATE unit SET updated_at = '2030-01-01T00:00:00.000Z' WHERE id = ?").run(wang.id);
    const newer = (await pack(engine, town.id, tempDir())).bags[0]!.path;
    const status = () => (county.lib.db.prepare('SELECT status FROM household WHERE unit_id = ?').get(wangThere) as { status: string }).status;

    const keptLibrary = await importInto(county, newer, 'library');
    expect(keptLibrary.conflicts).toEqual([expect.objectContaining({ name: '王芳', kept: 'library', reason: '选择了保留本库数据' })]);
    expect(status()).toBe('stable');

    const r = await importInto(county, newer);
    expect(r.conflicts).toEqual([expect.objectContaining({ name: '王芳', kept: 'package' })]);
    expect(r.conflicts[0]!.reason).toMatch(/数据包较新/);
    expect(status()).toBe('monitored');

    // The county then corrects 王芳 itself, later still: an older package no longer overrides it.
    county.lib.db.prepare("UPDATE household SET status = 'returned' WHERE unit_id = ?").run(wangThere);
    county.lib.db.prepare("UPDATE unit SET updated_at = '2031-01-01T00:00:00.000Z' WHERE id = ?").run(wangThere);
    const older = await importInto(county, newer);
    expect(older.conflicts).toEqual([expect.objectContaining({ name: '王芳', kept: 'library' })]);
    expect(older.conflicts[0]!.reason).toMatch(/本库较新/);
    expect(status()).toBe('returned');
  });

  describe('refuses hostile or broken packages and changes nothing', () => {
    async function tampered(change: (bag: string) => void, seal = true) {
      const { engine, town } = await township();
      const original = (await pack(engine, town.id, tempDir())).bags[0]!.path;
      const bag = join(tempDir(), 'bag');
      cpSync(original, bag, { recursive: true });
      change(bag);
      if (seal) reseal(bag);
      const county = tempEngine();
      const before = snapshot(county);
      const r = await importInto(county, bag);
      expect(r.applied).toBe(false);
      expect(snapshot(county)).toEqual(before);
      return r.problems.map((p) => `${p.kind}: ${p.message}`).join('\n');
    }

    it('a manifest path that climbs out of the bag, or is absolute', async () => {
      const problems = await tampered((bag) => {
        appendFileSync(join(bag, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/../../etc/passwd\n${'0'.repeat(64)}  /etc/passwd\n`);
      }, false);
      expect(problems).toMatch(/unsafe: 校验清单中有包外路径（不允许）：data\/\.\.\/\.\.\/etc\/passwd/);
      expect(problems).toMatch(/unsafe: 校验清单中有包外路径（不允许）：\/etc\/passwd/);
    });

    it('a symlink or a device file inside data/', async () => {
      expect(await tampered((bag) => symlinkSync('/etc/passwd', join(bag, 'data', 'passwd')))).toMatch(/unsafe: 包内有符号链接/);
      const fifo = await tampered((bag) => {
        spawnSync('mkfifo', [join(bag, 'data', 'pipe')]);
      });
      expect(fifo).toMatch(/unsafe: 包内有设备或特殊文件/);
    });

    it('a file outside data/ that is not a tag file', async () => {
      expect(await tampered((bag) => writeFileSync(join(bag, 'autorun.inf'), '[autorun]'))).toMatch(/unsafe: data 文件夹以外有不该有的文件：autorun.inf/);
    });

    it('a payload that does not match its manifest', async () => {
      const problems = await tampered((bag) => appendFileSync(join(bag, 'data', 'catalog.xlsx'), 'x'), false);
      expect(problems).toMatch(/changed: 文件已改动或损坏（校验值不符）：data\/catalog.xlsx/);
    });

    it('a malformed catalog.json, or one that breaks the schema', async () => {
      expect(await tampered((bag) => writeFileSync(join(bag, 'data', 'catalog.json'), '{"format": "dangka-package", '))).toMatch(/catalog.json 格式损坏/);
      const schema = await tampered((bag) => {
        const c = JSON.parse(readFileSync(join(bag, 'data', 'catalog.json'), 'utf8'));
        c.documents[0].pages[0].master.path = 'data/../../../etc/passwd';
        c.units[3].household.members = Array.from({ length: 500 }, () => c.units[3].household.members[0]);
        writeFileSync(join(bag, 'data', 'catalog.json'), JSON.stringify(c));
      });
      expect(schema).toMatch(/包内文件路径不安全/);
      expect(schema).toMatch(/members/);
    });

    it('a catalog that points to a missing file, or to a unit that is not there', async () => {
      const missing = await tampered((bag) => {
        const c = JSON.parse(readFileSync(join(bag, 'data', 'catalog.json'), 'utf8'));
        c.documents[0].pages[0].master.path = 'data/units/nothing.jpg';
        c.documents[1].unitArchiveCode = 'JF02·000000000000-9999';
        writeFileSync(join(bag, 'data', 'catalog.json'), JSON.stringify(c));
      });
      expect(missing).toMatch(/missing: 目录指向的文件不在数据包中：data\/units\/nothing.jpg/);
      expect(missing).toMatch(/所属单位不在数据包中/);
    });

    it('a package written with ID numbers masked is for browsing only', async () => {
      const { engine, town } = await township();
      const bag = (await pack(engine, town.id, tempDir(), { maskPersonal: true })).bags[0]!.path;
      const catalog = readFileSync(join(bag, 'data', 'catalog.json'), 'utf8');
      expect(catalog).not.toContain('11010519491231002X');
      expect(catalog).toContain('1101**********002X');
      expect(catalog).not.toContain('13812345678');
      const county = tempEngine();
      const r = await importInto(county, bag);
      expect(r.applied).toBe(false);
      expect(r.problems[0]!.message).toMatch(/只能浏览，不能导入/);
    });
  });

  it('a bag missing bagit.txt, or not a folder, gets a clear message', async () => {
    const engine = tempEngine();
    const dir = tempDir();
    mkdirSync(join(dir, 'data'));
    const report = await verify(engine, dir);
    expect(report.valid).toBe(false);
    expect(report.problems[0]!.message).toMatch(/缺少 bagit.txt/);
    const file = join(dir, 'x.txt');
    writeFileSync(file, 'x');
    const state = await engine.jobs.wait(unwrap(await engine.call('pack.verifyStart', { dir: file })).jobId);
    expect(state.error?.message).toMatch(/不是数据包文件夹/);
    expect(existsSync(file)).toBe(true);
    rmSync(file);
  });
});

describe('import preview (pack.importPlanStart)', () => {
  async function plan(engine: Engine, dir: string, onConflict: 'newer' | 'package' | 'library' = 'newer'): Promise<BagImportPlan> {
    const state = await engine.jobs.wait(unwrap(await engine.call('pack.importPlanStart', { dir, onConflict })).jobId);
    if (state.status !== 'done') throw new Error(state.error?.message ?? state.status);
    return state.result as BagImportPlan;
  }

  it('counts what a merge would add, update and leave, writes nothing, and matches what 确认导入 then does', async () => {
    const { engine, town, wang } = await township();
    const bag = (await pack(engine, town.id, tempDir())).bags[0]!.path;
    const county = tempEngine();
    const before = snapshot(county);
    const trailBefore = county.lib.db.prepare('SELECT count(*) AS n FROM audit').get();
    const first = await plan(county, bag);
    expect(first).toMatchObject({
      ready: true,
      unitsNew: 4,
      unitsUpdated: 0,
      unitsUnchanged: 0,
      householdsNew: 3,
      householdsUpdated: 0,
      householdsUnchanged: 0,
      documentsNew: 4,
      documentsUnchanged: 0,
      pagesNew: 5,
      pagesUnchanged: 0,
      forms: 1,
      conflicts: [],
      problems: [],
    });
    expect(first.filesNew).toBeGreaterThan(0);
    expect(first.filesStored).toBe(0);
    // The rehearsal left no row, no stored file and nothing in the trail.
    expect(snapshot(county)).toEqual(before);
    const trail = () => county.lib.db.prepare('SELECT count(*) AS n FROM audit').get();
    expect(trail()).toEqual(trailBefore);

    const done = await importInto(county, bag);
    expect(done).toMatchObject({ unitsCreated: first.unitsNew + first.householdsNew, documentsAdded: first.documentsNew, forms: first.forms, filesStored: first.filesNew });

    // The township changes 王芳 later: the preview names the conflict and whose data would stand, and still writes nothing.
    engine.lib.db.prepare("UPDATE household SET status = 'monitored' WHERE unit_id = ?").run(wang.id);
    engine.lib.db.prepare("UPDATE unit SET updated_at = '2030-01-01T00:00:00.000Z' WHERE id = ?").run(wang.id);
    const newer = (await pack(engine, town.id, tempDir())).bags[0]!.path;
    const merged = snapshot(county);
    const second = await plan(county, newer);
    expect(second).toMatchObject({ ready: true, unitsNew: 0, householdsNew: 0, householdsUpdated: 1, householdsUnchanged: 2, unitsUnchanged: 4, documentsNew: 0, documentsUnchanged: 4, pagesNew: 0, pagesUnchanged: 5, filesNew: 0 });
    expect(second.conflicts).toEqual([expect.objectContaining({ name: '王芳', kept: 'package' })]);
    expect((await plan(county, newer, 'library')).conflicts).toEqual([expect.objectContaining({ name: '王芳', kept: 'library', reason: '选择了保留本库数据' })]);
    expect(snapshot(county)).toEqual(merged);
    expect((county.lib.db.prepare("SELECT status FROM household WHERE household_no = '3601241012010001'").get() as { status: string }).status).toBe('stable');
  });

  it('refuses a damaged package in the preview with its problems named, so there is nothing to confirm', async () => {
    const { engine, town } = await township();
    const bag = (await pack(engine, town.id, tempDir())).bags[0]!.path;
    const county = tempEngine();
    const victim = filesUnder(bag).find((p) => p.startsWith('data/') && p.endsWith('.jpg'))!;
    appendFileSync(join(bag, victim), 'x');
    const refused = await plan(county, bag);
    expect(refused.ready).toBe(false);
    expect(refused.problems.map((p) => p.path)).toContain(victim);
  });
});
