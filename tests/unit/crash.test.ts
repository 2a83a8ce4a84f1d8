// Crash safety (the "trust" issue): `dangka ingest`, `dangka import-roster` and `dangka pack` run as real processes
// and are killed with SIGKILL at chosen points of their work — points picked from their own progress output on
// stderr and from what they have done to the library or the target folder so far (the library's write lock held, a
// searchable PDF cached, a temporary bag folder filling up) — and the library is then reopened and checked: the
// database intact, no row pointing at a missing or damaged file, no household half imported, no document with only
// some of its pages, the audit chain unbroken; the interrupted work either rolled back whole or finished by a re-run.
// Every kill is checked to have landed mid-work: the child died of SIGKILL after its progress showed the work under
// way and before it reported the result.
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestResult } from '../../shared/domain';
import { createEngine, unwrap } from '../../engine/api/engine';
import { verifyAudit } from '../../engine/audit/trail';
import { createUnit } from '../../engine/catalog/units';
import { detachedContext } from '../../engine/jobs/jobs';
import { storeBlob } from '../../engine/library/blobs';
import { DB_FILE, openLibrary } from '../../engine/library/library';
import { verifyBag } from '../../engine/pack/bagit';
import { importRoster } from '../../engine/roster/import';
import { householdRows, rosterXlsx, type RosterRow } from '../fixtures/rosterFile';
import { renderScan, type PageKind } from '../fixtures/scans';
import { tempDir } from './helpers';
import { fixtureWriter } from '../fixtureWriter';

const root = join(import.meta.dirname, '..', '..');
const BIN = join(root, 'engine', 'cli', 'bin.ts');

// ---------------------------------------------------------------------------------------------------------------
// The command as a child process, run to the end or killed at a point of its work.

interface Output {
  out: string;
  err: string;
}

interface Run extends Output {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Started {
  child: ChildProcess;
  output: Output;
  exited: Promise<Run>;
  finished: () => boolean;
}

function start(args: string[]): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    cwd: root,
    // Its own temporary folder (removed after the test): a killed process leaves its scratch files behind, e.g. a
    // PDF being rendered page by page.
    env: { ...process.env, DANGKA_LIBRARY: '', TMPDIR: tempDir('dangka-crash-child-') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: Output = { out: '', err: '' };
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output.out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output.err += d));
  let done = false;
  const exited = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      done = true;
      resolve({ code, signal, out: output.out, err: output.err });
    });
  });
  return { child, output, exited, finished: () => done };
}

/** Runs a command to its end (killed after `limitMs`, which fails the test). */
async function dangka(args: string[], limitMs = 40_000): Promise<Run> {
  const p = start(args);
  const timer = setTimeout(() => p.child.kill('SIGKILL'), limitMs);
  try {
    const run = await p.exited;
    expect(run.signal, `dangka ${args[0]} ran over ${limitMs} ms:\n${run.err}`).toBeNull();
    return run;
  } finally {
    clearTimeout(timer);
  }
}

interface Killed extends Run {
  /** The trigger saw the point it waited for (false: the command ended or the time ran out first). */
  fired: boolean;
  /** What `atKill` said right before the kill (e.g. the write lock still held). */
  atKill: boolean | null;
}

/**
 * Starts a command and SIGKILLs it once `ready` (checked every ~2 ms against its output so far, and again with the
 * child stopped) says the chosen point of the work is reached, `delayMs` later.
 */
async function killWhen(
  args: string[],
  ready: (output: Output) => boolean,
  options: { delayMs?: number; withinMs?: number; pollMs?: number; atKill?: () => boolean } = {},
): Promise<Killed> {
  const p = start(args);
  const deadline = Date.now() + (options.withinMs ?? 30_000);
  let fired = false;
  try {
    while (!p.finished() && Date.now() < deadline) {
      if (reached(ready, p.output)) {
        // Seen moving, the child may pass the point before the kill lands (a write transaction of a millisecond
        // ends): stopped, it stands still, so a second look at it decides — and holds until the kill.
        p.child.kill('SIGSTOP');
        if (reached(ready, p.output)) {
          fired = true;
          break;
        }
        p.child.kill('SIGCONT');
      }
      await sleep(options.pollMs ?? 2);
    }
    if (fired && options.delayMs) {
      p.child.kill('SIGCONT');
      await sleep(options.delayMs);
    }
    const atKill = fired && !p.finished() && options.atKill ? options.atKill() : null;
    p.child.kill('SIGKILL');
    return { ...(await p.exited), fired, atKill };
  } finally {
    if (!p.finished()) p.child.kill('SIGKILL');
  }
}

/** A probe that finds the library busy (another connection recovering its log) has not seen the point yet. */
function reached(ready: (output: Output) => boolean, output: Output): boolean {
  try {
    return ready(output);
  } catch (err) {
    if (String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) return false;
    throw err;
  }
}

/** The kill landed mid-work: the point was reached, the process died of SIGKILL, work had begun and not ended. */
function expectKilledMidWork(run: Killed, begun: RegExp, ended: RegExp): void {
  const log = `stdout:\n${run.out}\nstderr:\n${run.err}`;
  expect(run.fired, `the kill point was never reached\n${log}`).toBe(true);
  expect(run.signal, log).toBe('SIGKILL');
  expect(run.err, 'the progress output shows the work under way').toMatch(begun);
  expect(`${run.out}\n${run.err}`, 'the command had not finished').not.toMatch(ended);
}

// ---------------------------------------------------------------------------------------------------------------
// A second connection to the child's library, to see what the child is doing: a write transaction open (the write
// lock held), or how far its work has got. It never writes (BEGIN IMMEDIATE is rolled back at once) and is kept open
// across the kill — as the app would be — so the checks afterwards reopen a library whose write-ahead log still holds
// the killed writer's uncommitted pages.

function openProbe(dir: string): Database.Database {
  return new Database(join(dir, DB_FILE), { timeout: 0 });
}

/** Another connection holds the write lock: a write transaction is open. */
function writeLocked(probe: Database.Database): boolean {
  try {
    probe.exec('BEGIN IMMEDIATE');
  } catch (err) {
    if (String((err as { code?: string }).code).startsWith('SQLITE_BUSY')) return true;
    throw err;
  }
  probe.exec('ROLLBACK');
  return false;
}

// ---------------------------------------------------------------------------------------------------------------
// The checks after a crash: the library reopened as the app reopens it.

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

interface LibraryState {
  documents: { title: string; pages: number; pdfCached: boolean }[];
  pages: { pending: number; done: number; failed: number; withText: number };
  households: number;
  members: number;
  /** Households whose member rows are not as many as the roster's 人数 said. */
  sizeMismatch: number;
  incomes: number[];
}

function checkLibrary(dir: string): LibraryState {
  const lib = openLibrary(dir);
  try {
    const db = lib.db;
    expect(db.pragma('integrity_check'), 'PRAGMA integrity_check').toEqual([{ integrity_check: 'ok' }]);
    expect(db.pragma('foreign_key_check'), 'PRAGMA foreign_key_check').toEqual([]);

    // Every stored file a row names is there, whole, under its digest.
    const badFiles: string[] = [];
    for (const b of db.prepare('SELECT sha256, size FROM blob').iterate() as Iterable<{ sha256: string; size: number }>) {
      const path = lib.files.pathOf(b.sha256);
      if (!existsSync(path)) {
        badFiles.push(`missing ${b.sha256}`);
        continue;
      }
      const bytes = readFileSync(path);
      if (bytes.length !== b.size || sha256(bytes) !== b.sha256) badFiles.push(`damaged ${b.sha256} (${bytes.length} bytes, row says ${b.size})`);
    }
    expect(badFiles, 'blob rows whose file is missing or damaged').toEqual([]);

    // Every column that names a stored file names one with a blob row (whatever table it is in).
    const dangling: string[] = [];
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    for (const { name } of tables) {
      for (const fk of db.pragma(`foreign_key_list("${name}")`) as { table: string; from: string }[]) {
        if (fk.table !== 'blob') continue;
        const { n } = db
          .prepare(`SELECT count(*) AS n FROM "${name}" t WHERE t."${fk.from}" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM blob b WHERE b.sha256 = t."${fk.from}")`)
          .get() as { n: number };
        if (n > 0) dangling.push(`${name}.${fk.from}: ${n} rows`);
      }
    }
    expect(dangling, 'rows naming a file that has no blob row').toEqual([]);
    const blobOf = (col: string) => `(p.${col} IS NULL OR NOT EXISTS (SELECT 1 FROM blob b WHERE b.sha256 = p.${col}))`;
    expect(
      db.prepare(`SELECT p.id FROM page p WHERE ${blobOf('master_sha256')} OR ${blobOf('access_sha256')} OR ${blobOf('thumb_sha256')}`).all(),
      'pages without their master, access copy and thumbnail',
    ).toEqual([]);

    // Households whole: one head each, and no household unit without its household record.
    expect(
      db
        .prepare(
          `SELECT h.household_no FROM household h
            WHERE (SELECT count(*) FROM member m WHERE m.household_id = h.unit_id AND m.relation = '户主') <> 1`,
        )
        .all(),
      'households without exactly one 户主',
    ).toEqual([]);
    expect(
      db.prepare("SELECT u.name FROM unit u WHERE u.tier = 'household' AND NOT EXISTS (SELECT 1 FROM household h WHERE h.unit_id = u.id)").all(),
      'household units without a household record',
    ).toEqual([]);

    // Documents whole: pages, numbered 1..n.
    expect(db.prepare('SELECT d.title FROM document d WHERE NOT EXISTS (SELECT 1 FROM page p WHERE p.document_id = d.id)').all(), 'documents without pages').toEqual([]);
    expect(db.prepare('SELECT document_id FROM page GROUP BY document_id HAVING min(seq) <> 1 OR max(seq) <> count(*)').all(), 'documents with gaps in their pages').toEqual([]);

    // The hash-chained audit trail: a rolled-back transaction leaves no gap or broken link.
    expect(verifyAudit(db).problems, 'audit trail').toEqual([]);

    const documents = (
      db
        // By the name each scan came in as: the title may already be the one read off the page (著录 pre-fill).
        .prepare('SELECT coalesce(d.source_name, d.title) AS title, count(p.id) AS pages, d.pdf_sha256 IS NOT NULL AS pdf FROM document d JOIN page p ON p.document_id = d.id GROUP BY d.id ORDER BY d.id')
        .all() as { title: string; pages: number; pdf: number }[]
    ).map((d) => ({ title: d.title, pages: d.pages, pdfCached: d.pdf === 1 }));
    const pageCounts = db
      .prepare(
        `SELECT ifnull(sum(ocr_status = 'pending'), 0) AS pending, ifnull(sum(ocr_status = 'done'), 0) AS done, ifnull(sum(ocr_status = 'failed'), 0) AS failed,
                ifnull(sum(ocr_status = 'done' AND length(trim(ifnull(ocr_text, ''))) > 0), 0) AS withText FROM page`,
      )
      .get() as LibraryState['pages'];
    const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    const incomes = (db.prepare('SELECT DISTINCT per_capita_income AS v FROM household ORDER BY v').all() as { v: number }[]).map((r) => r.v);
    const { sizeMismatch } = db
      .prepare(
        `SELECT count(*) AS sizeMismatch FROM household h
          WHERE h.declared_size IS NOT NULL AND h.declared_size <> (SELECT count(*) FROM member m WHERE m.household_id = h.unit_id)`,
      )
      .get() as { sizeMismatch: number };
    return { documents, pages: pageCounts, households: count('household'), members: count('member'), sizeMismatch, incomes };
  } finally {
    lib.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 1. dangka ingest: six scans (one of them a two-page PDF), OCR running in the import.

const ITEM = '公示公告/贫困户识别两公示一公告';
const UNIT = '示例县/青山镇/桃园村';

/** Two scanned pages as one PDF, as a sheet-fed scanner's "scan to PDF" makes them (300 dpi). */
async function twoPagePdf(first: Buffer, second: Buffer): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  for (const jpeg of [first, second]) {
    const image = await pdf.embedJpg(jpeg);
    const page = pdf.addPage([(image.width * 72) / 300, (image.height * 72) / 300]);
    page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
  }
  return Buffer.from(await pdf.save());
}

interface ScanFile {
  name: string;
  bytes: Buffer;
  pages: number;
}

interface IngestPoint {
  name: string;
  ready: (output: Output, probe: Database.Database) => boolean;
  delayMs?: number;
  /** What the library shows when the kill landed where it was meant to. */
  landed: (state: LibraryState, run: Killed) => void;
}

/** How far an import has got, as the library shows it. */
function ingestProgress(probe: Database.Database): { documents: number; pending: number } {
  return probe
    .prepare("SELECT (SELECT count(*) FROM document) AS documents, (SELECT count(*) FROM page WHERE ocr_status = 'pending') AS pending")
    .get() as { documents: number; pending: number };
}

const INGEST_POINTS: IngestPoint[] = [
  {
    name: 'while the second file is being cleaned and stored',
    ready: (o) => /导入 1\/6/.test(o.err),
    delayMs: 250,
    landed: (state) => {
      expect(state.documents.length).toBeGreaterThanOrEqual(1);
      expect(state.documents.length).toBeLessThan(6);
    },
  },
  {
    name: 'inside a write transaction (the write lock held) after three or four files',
    ready: (o, probe) => /导入 [1-5]\/6/.test(o.err) && [3, 4].includes(ingestProgress(probe).documents) && writeLocked(probe),
    landed: (state, run) => {
      expect(run.atKill, 'the write lock was still held at the kill').toBe(true);
      expect(state.documents.length).toBeGreaterThanOrEqual(3);
      expect(state.documents.length).toBeLessThan(6);
    },
  },
  {
    name: 'while OCR reads the stored pages (every file stored, pages still pending)',
    ready: (o, probe) => {
      if (!/导入 [1-5]\/6/.test(o.err)) return false;
      const p = ingestProgress(probe);
      return p.documents === 6 && p.pending > 0;
    },
    landed: (state) => {
      expect(state.documents.length).toBe(6);
      expect(state.pages.pending, 'pages left waiting for OCR').toBeGreaterThan(0);
    },
  },
];

describe('kill -9 during dangka ingest', () => {
  let scans: ScanFile[];

  beforeAll(async () => {
    const kinds: PageKind[] = ['application', 'minutes', 'notice'];
    const images: Buffer[] = [];
    for (let i = 0; i < 7; i++) images.push((await renderScan({ kind: kinds[i % 3]!, seed: 700 + i, widthMm: 120, heightMm: 90, jpegQuality: 80 })).image);
    scans = [
      { name: '申请书一.jpg', bytes: images[0]!, pages: 1 },
      { name: '会议记录一.jpg', bytes: images[1]!, pages: 1 },
      { name: '公示两页.pdf', bytes: await twoPagePdf(images[2]!, images[3]!), pages: 2 },
      { name: '申请书二.jpg', bytes: images[4]!, pages: 1 },
      { name: '会议记录二.jpg', bytes: images[5]!, pages: 1 },
      { name: '公示.jpg', bytes: images[6]!, pages: 1 },
    ];
  }, 30_000);

  const expectWhole = (state: LibraryState) => {
    const pagesOf = new Map(scans.map((s) => [s.name.replace(/\.\w+$/, ''), s.pages]));
    for (const d of state.documents) {
      expect(pagesOf.has(d.title), `a document from the batch: ${d.title}`).toBe(true);
      expect(d.pages, `${d.title}: as many pages as its file`).toBe(pagesOf.get(d.title));
    }
    expect(new Set(state.documents.map((d) => d.title)).size, 'no file imported twice').toBe(state.documents.length);
  };

  const scenarios: { name: string; points: IngestPoint[] }[] = [
    { name: `killed ${INGEST_POINTS[0]!.name}, then its re-run killed ${INGEST_POINTS[1]!.name}`, points: [INGEST_POINTS[0]!, INGEST_POINTS[1]!] },
    { name: `killed ${INGEST_POINTS[2]!.name}`, points: [INGEST_POINTS[2]!] },
  ];
  for (const scenario of scenarios) {
    it(`${scenario.name}: the documents there are whole; a re-run imports the rest; pending pages get read`, { timeout: 120_000 }, async () => {
      const base = tempDir();
      const dir = join(base, 'library');
      const lib = openLibrary(dir, { create: true });
      const county = createUnit(fixtureWriter(lib.db), { parentId: null, tier: 'county', name: '示例县' });
      const town = createUnit(fixtureWriter(lib.db), { parentId: county.id, tier: 'township', name: '青山镇' });
      createUnit(fixtureWriter(lib.db), { parentId: town.id, tier: 'village', name: '桃园村' });
      lib.close();
      const files = scans.map((s) => {
        const path = join(base, s.name);
        writeFileSync(path, s.bytes);
        return path;
      });
      const args = ['ingest', ...files, '--unit', UNIT, '--item', ITEM, '--library', dir];

      let state: LibraryState | null = null;
      for (const point of scenario.points) {
        const probe = openProbe(dir);
        let killed: Killed;
        try {
          killed = await killWhen(args, (o) => point.ready(o, probe), { delayMs: point.delayMs, atKill: () => writeLocked(probe) });
          expectKilledMidWork(killed, /导入 \d\/6/, /共 6 个文件/);
          state = checkLibrary(dir);
        } finally {
          probe.close();
        }
        expectWhole(state);
        point.landed(state, killed);
      }

      // The same command again: what is there is reported as already imported, the rest imported and read.
      const there = new Set(state!.documents.map((d) => d.title));
      const again = await dangka([...args, '--json']);
      expect(again.code, again.err).toBe(0);
      const result = JSON.parse(again.out) as IngestResult;
      expect(result.files.map((f) => [f.fileName, f.status])).toEqual(
        scans.map((s) => [s.name, there.has(s.name.replace(/\.\w+$/, '')) ? 'duplicate' : 'imported']),
      );
      const rerun = checkLibrary(dir);
      expectWhole(rerun);
      expect(rerun.documents).toHaveLength(6);

      // Pages the killed runs left waiting for OCR are read when the library is next opened (the app's start).
      const engine = createEngine(openLibrary(dir));
      try {
        expect(unwrap(await engine.call('ocr.status', {})).pending).toBe(rerun.pages.pending);
        engine.startBackgroundWork();
        const deadline = Date.now() + 30_000;
        for (;;) {
          const status = unwrap(await engine.call('ocr.status', {}));
          if (status.jobId) await engine.jobs.wait(status.jobId);
          else if (status.pending === 0 || Date.now() > deadline) break;
          else await sleep(50);
        }
        expect(unwrap(await engine.call('ocr.status', {}))).toMatchObject({ pending: 0, failed: 0 });
      } finally {
        engine.close();
      }
      const final = checkLibrary(dir);
      expectWhole(final);
      expect(final.documents).toHaveLength(6);
      expect(final.pages).toEqual({ pending: 0, done: 7, failed: 0, withText: 7 });
    });
  }
});

// ---------------------------------------------------------------------------------------------------------------
// 2. dangka import-roster: 3000 households (9000 people) over a library that already has 100 of them.

describe('kill -9 during dangka import-roster', () => {
  it(
    'killed while reading, at the start of its one write transaction and deep inside it: nothing of it is kept; a re-run imports it whole',
    { timeout: 120_000 },
    async () => {
      const base = tempDir();
      const dir = join(base, 'library');
      const households = 3000;
      const rows = (n: number, income: number): RosterRow[] =>
        Array.from({ length: n }, (_, k) =>
          householdRows(`41999900${String(k + 1).padStart(5, '0')}`, { seq: k + 1, income, township: `青山${k % 3}镇`, village: `桃园${k % 20}村` }),
        ).flat();
      // The library already holds the first 100 households (income 8000); the big roster updates them (9000).
      const lib = openLibrary(dir, { create: true });
      const first = await importRoster(lib, { fileName: '花名册-上次.xlsx', bytes: await rosterXlsx(rows(100, 8000)) }, { keepValid: false }, detachedContext());
      expect(first.applied).toBe(true);
      lib.close();
      const file = join(base, '花名册.xlsx');
      writeFileSync(file, await rosterXlsx(rows(households, 9000)));
      const args = ['import-roster', file, '--library', dir];

      const before = checkLibrary(dir);
      expect(before).toMatchObject({ households: 100, members: 300, sizeMismatch: 0, incomes: [8000] });
      const walSize = () => (existsSync(join(dir, `${DB_FILE}-wal`)) ? statSync(join(dir, `${DB_FILE}-wal`)).size : 0);
      const walAtStart = walSize();
      const importWriting = (probe: Database.Database) =>
        (probe.prepare("SELECT phase FROM job WHERE kind = 'roster.import' AND status = 'running'").get() as { phase: string } | undefined)?.phase === '写入数据库' &&
        (probe.prepare('SELECT count(*) AS n FROM household').get() as { n: number }).n === 100;

      const points: { name: string; ready: (o: Output, probe: Database.Database) => boolean; delayMs?: number; inTransaction: boolean }[] = [
        { name: 'reading the file', ready: (o) => /读取表格/.test(o.err), delayMs: 50, inTransaction: false },
        // The import's own transaction, told from the job's brief bookkeeping writes by the job's row: its phase is
        // 写入数据库 (written before the transaction begins) and nothing of it has committed yet.
        { name: 'at the start of the write transaction', ready: (o, probe) => importWriting(probe) && writeLocked(probe), inTransaction: true },
        // Deep inside: the transaction has already spilled pages into the WAL (it outgrew the page cache) and not
        // committed — read from the library's files, not from a delay.
        { name: 'deep inside the write transaction', ready: (o, probe) => importWriting(probe) && writeLocked(probe) && walSize() > walAtStart + 512 * 1024, inTransaction: true },
      ];
      for (const point of points) {
        const probe = openProbe(dir);
        try {
          const killed = await killWhen(args, (o) => point.ready(o, probe), { delayMs: point.delayMs, atKill: () => writeLocked(probe) });
          expectKilledMidWork(killed, /读取表格/, /已导入|未导入/);
          expect(killed.atKill, `${point.name}: the write lock held at the kill`).toBe(point.inTransaction);
          const after = checkLibrary(dir);
          expect(after, `killed ${point.name}: the library as before the import`).toMatchObject({ households: 100, members: 300, sizeMismatch: 0, incomes: [8000] });
        } finally {
          probe.close();
        }
      }

      const again = await dangka(args);
      expect(again.code, again.err).toBe(0);
      expect(again.out).toContain(`新建 ${households - 100} 户，更新 100 户，共 ${households * 3} 人`);
      expect(checkLibrary(dir)).toMatchObject({ households, members: households * 3, sizeMismatch: 0, incomes: [9000] });
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// 3. dangka pack: a township of 24 documents (48 scanned pages) to a "USB stick" folder.

/** A JPEG made distinct by a comment segment: each page its own stored files without re-encoding. */
function tagged(jpeg: Buffer, tag: string): Buffer {
  const text = Buffer.from(tag);
  const head = Buffer.alloc(4);
  head.writeUInt16BE(0xfffe, 0);
  head.writeUInt16BE(text.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), head, text, jpeg.subarray(2)]);
}

/** Two villages of four households, each with three two-page documents read by OCR; stored as an import stores them. */
async function packLibrary(dir: string): Promise<number> {
  const kinds: PageKind[] = ['application', 'minutes', 'notice'];
  const pagesIn: { master: Buffer; access: Buffer; thumb: Buffer; text: string; width: number; height: number }[] = [];
  for (let i = 0; i < 4; i++) {
    const scan = await renderScan({ kind: kinds[i % 3]!, seed: 900 + i, widthMm: 160, heightMm: 120, jpegQuality: 80, dpi: 200 });
    const { width, height } = await sharp(scan.image).metadata();
    pagesIn.push({
      master: scan.image,
      access: await sharp(scan.image).greyscale().jpeg({ quality: 75 }).toBuffer(),
      thumb: await sharp(scan.image).resize(160).jpeg().toBuffer(),
      text: scan.truth,
      width: width!,
      height: height!,
    });
  }
  const lib = openLibrary(dir, { create: true });
  const db = lib.db;
  let documents = 0;
  try {
    const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县', officialCode: '419999' });
    const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇', officialCode: '101' });
    const insertPage = db.prepare(
      `INSERT INTO page (document_id, seq, master_sha256, access_sha256, thumb_sha256, width, height, dpi, ocr_status, ocr_text, ocr_confidence, ocr_words)
       VALUES (?, ?, ?, ?, ?, ?, ?, 200, 'done', ?, 90, ?)`,
    );
    let n = 0;
    db.transaction(() => {
      for (const [v, villageName] of ['桃园村', '杏花村'].entries()) {
        const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: villageName });
        for (let k = 0; k < 4; k++) {
          const name = `王${villageName[0]}${k + 1}`;
          const h = createUnit(fixtureWriter(db), { parentId: village.id, tier: 'household', name });
          db.prepare("INSERT INTO household (unit_id, household_no, status) VALUES (?, ?, 'stable')").run(h.id, `4199991012${v + 1}0000${k + 1}`);
          db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, ?, '11010519491231002X', '户主')").run(h.id, name);
          for (let d = 0; d < 3; d++) {
            const id = Number(db.prepare("INSERT INTO document (unit_id, item, title, source) VALUES (?, NULL, ?, 'file')").run(h.id, `${name}材料${d + 1}`).lastInsertRowid);
            documents++;
            for (let p = 0; p < 2; p++) {
              const page = pagesIn[n++ % pagesIn.length]!;
              const tag = `document ${id} page ${p + 1}`;
              const words = JSON.stringify([{ text: page.text.slice(0, 12), confidence: 90, bbox: [20, 20, 600, 80] }]);
              insertPage.run(
                id,
                p + 1,
                storeBlob(lib, tagged(page.master, tag), 'image/jpeg'),
                storeBlob(lib, tagged(page.access, tag), 'image/jpeg'),
                storeBlob(lib, tagged(page.thumb, tag), 'image/jpeg'),
                page.width,
                page.height,
                page.text,
                words,
              );
            }
          }
        }
      }
    })();
  } finally {
    lib.close();
  }
  return documents;
}

/**
 * Nothing in the target folder looks finished unless it is: every entry is either a temporary folder (a leading
 * dot, no tag manifest) or a bag that verifies as complete and valid. Returns the finished bags' names.
 */
async function checkOutDir(out: string): Promise<{ finished: string[]; unfinished: string[] }> {
  const finished: string[] = [];
  const unfinished: string[] = [];
  for (const name of readdirSync(out).sort()) {
    if (name.startsWith('.') && !existsSync(join(out, name, 'tagmanifest-sha256.txt'))) {
      unfinished.push(name);
      continue;
    }
    const report = await verifyBag(join(out, name), detachedContext());
    expect(report.problems, `${name} looks like a bag: it must be complete and valid`).toEqual([]);
    expect(report.valid).toBe(true);
    finished.push(name);
  }
  return { finished, unfinished };
}

/** The temporary bag folder a run made (not one left by an earlier run). */
function newTemp(out: string, earlier: ReadonlySet<string>): string | null {
  return readdirSync(out).find((n) => !earlier.has(n) && n.startsWith('.') && n.includes('.writing-')) ?? null;
}

describe('kill -9 during dangka pack', () => {
  it(
    'killed while making searchable PDFs, while copying the scans and at the commit point: nothing looks finished that is not; a re-run writes a bag that verifies',
    { timeout: 120_000 },
    async () => {
      const base = tempDir();
      const dir = join(base, 'library');
      const documents = await packLibrary(dir);
      const out = join(base, 'U盘');
      mkdirSync(out);
      const args = ['pack', '--library', dir, '--unit', '示例县/青山镇', '--out', out];
      const finishedMark = /已写入|错误/;

      // (a) While the searchable PDFs are made and cached in the library (its only writes during a pack).
      const probe = openProbe(dir);
      const cachedPdfs = () => (probe.prepare('SELECT count(*) AS n FROM document WHERE pdf_sha256 IS NOT NULL').get() as { n: number }).n;
      try {
        const killed = await killWhen(args, (o) => /准备文件与可检索PDF/.test(o.err) && cachedPdfs() >= 4);
        expectKilledMidWork(killed, /准备文件与可检索PDF/, finishedMark);
        const state = checkLibrary(dir);
        const cached = state.documents.filter((d) => d.pdfCached).length;
        expect(cached).toBeGreaterThanOrEqual(4);
        expect(cached, 'killed before every PDF was made').toBeLessThan(documents);
      } finally {
        probe.close();
      }
      expect(readdirSync(out), 'nothing written to the stick yet').toEqual([]);

      // (b) While the scans are copied into the temporary bag folder: some there, the closing files not yet.
      let earlier = new Set(readdirSync(out));
      const entriesIn = (temp: string) => readdirSync(join(out, temp), { recursive: true }).length;
      const copying = await killWhen(args, () => {
        const temp = newTemp(out, earlier);
        return temp !== null && entriesIn(temp) >= 40;
      }, { pollMs: 5 });
      expectKilledMidWork(copying, /准备/, finishedMark);
      const tempB = newTemp(out, earlier)!;
      expect(entriesIn(tempB)).toBeGreaterThanOrEqual(40);
      expect(existsSync(join(out, tempB, 'data', 'catalog.json')), 'killed before the closing files').toBe(false);
      expect(await checkOutDir(out)).toEqual({ finished: [], unfinished: [tempB] });

      // (c) At the commit point: the tag files being written (bagit.txt is the first), the rename to the bag's name
      // about to happen. What is left is a folder under its temporary name, with or without its tag manifest (then a
      // complete bag), or the finished bag.
      earlier = new Set(readdirSync(out));
      const committing = await killWhen(args, () => {
        const temp = newTemp(out, earlier);
        return temp !== null && existsSync(join(out, temp, 'bagit.txt'));
      });
      expectKilledMidWork(committing, /准备/, finishedMark);
      const afterC = await checkOutDir(out);
      const madeC = [...afterC.finished, ...afterC.unfinished].filter((n) => !earlier.has(n));
      expect(madeC, 'the bag folder of the killed run').toHaveLength(1);
      // The run killed in (c) first removed what the run killed in (b) had left (its process is gone).
      expect(afterC.unfinished).not.toContain(tempB);

      const state = checkLibrary(dir);
      expect(state.documents).toHaveLength(documents);
      expect(state.documents.every((d) => d.pdfCached)).toBe(true);

      // The re-run writes the package whole; it verifies, and so does everything in the folder that looks finished.
      const again = await dangka(args);
      expect(again.code, again.err).toBe(0);
      const bag = /已写入：(.+?)（/.exec(again.out)?.[1];
      expect(bag, again.out).toBeTruthy();
      const report = await verifyBag(bag!, detachedContext());
      expect(report.problems).toEqual([]);
      expect(report.info['Dangka-Documents']).toBe(String(documents));
      const end = await checkOutDir(out);
      expect(end.finished).toContain(bag!.slice(out.length + 1));
      expect(end.unfinished, 'the re-run removed the folders the killed runs left').toEqual([]);
      checkLibrary(dir);
    },
  );
});

// ---------------------------------------------------------------------------------------------------------------
// The checks themselves find what a crash could leave behind (else a passing run above would prove nothing).

describe('the crash checks', () => {
  it('find a missing file, a household without its head, a document without pages and a half-written bag', async () => {
    const base = tempDir();
    const dir = join(base, 'library');
    const lib = openLibrary(dir, { create: true });
    const db = lib.db;
    const county = createUnit(fixtureWriter(db), { parentId: null, tier: 'county', name: '示例县' });
    const town = createUnit(fixtureWriter(db), { parentId: county.id, tier: 'township', name: '青山镇' });
    const village = createUnit(fixtureWriter(db), { parentId: town.id, tier: 'village', name: '桃园村' });
    const h = createUnit(fixtureWriter(db), { parentId: village.id, tier: 'household', name: '王芳' });
    lib.close();
    expect(() => checkLibrary(dir)).toThrow(/household units without a household record/);
    const reopen = () => openLibrary(dir);
    let l = reopen();
    l.db.prepare("INSERT INTO household (unit_id, household_no) VALUES (?, '4199991012010001')").run(h.id);
    l.close();
    expect(() => checkLibrary(dir)).toThrow(/households without exactly one 户主/);
    l = reopen();
    l.db.prepare("INSERT INTO member (household_id, seq, name, id_number, relation) VALUES (?, 1, '王芳', '11010519491231002X', '户主')").run(h.id);
    const docId = Number(l.db.prepare("INSERT INTO document (unit_id, title, source) VALUES (?, '申请书', 'file')").run(h.id).lastInsertRowid);
    l.close();
    expect(() => checkLibrary(dir)).toThrow(/documents without pages/);
    l = reopen();
    const jpeg = await sharp({ create: { width: 40, height: 60, channels: 3, background: '#eee' } }).jpeg().toBuffer();
    const sha = storeBlob(l, jpeg, 'image/jpeg');
    l.db.prepare('INSERT INTO page (document_id, seq, master_sha256, access_sha256, thumb_sha256) VALUES (?, 1, ?, ?, ?)').run(docId, sha, sha, sha);
    l.close();
    expect(checkLibrary(dir).documents).toEqual([{ title: '申请书', pages: 1, pdfCached: false }]);
    writeFileSync(l.files.pathOf(sha), jpeg.subarray(0, 100));
    expect(() => checkLibrary(dir)).toThrow(/blob rows whose file is missing or damaged/);

    const out = join(base, 'out');
    mkdirSync(join(out, '.JF-419999101-20260101.writing-0a1b2c3d', 'data'), { recursive: true });
    expect(await checkOutDir(out)).toEqual({ finished: [], unfinished: ['.JF-419999101-20260101.writing-0a1b2c3d'] });
    mkdirSync(join(out, 'JF-419999101-20260101', 'data'), { recursive: true });
    writeFileSync(join(out, 'JF-419999101-20260101', 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    writeFileSync(join(out, 'JF-419999101-20260101', 'data', 'catalog.json'), '{}');
    await expect(checkOutDir(out)).rejects.toThrow(/must be complete and valid/);
  });
});
