// The county merges a township's package. Nothing is trusted: the bag is verified first (RFC 8493, lstat only:
// symlinks, devices, paths outside data/ refused), catalog.json is read within size limits and checked with the
// package schema, every file the catalog names must be in the manifest with the same digest, the unit tree must
// hold together, form records must satisfy their schemas. Only then are files copied into the store (each hashed
// again as it lands: the stick could change after verification) and the rows written in ONE transaction. Any
// refusal or failure leaves the library as it was: files stored by this import are removed again.
// planBagImport runs the same checks and the same merge in a transaction it rolls back: the clerk's preview (counts,
// conflicts) before 确认导入 is what the merge does, not a second reckoning of it.
//
// Matching and conflicts (the stated rule; docs/decisions.md): households by 户编号, other units by 档号 (then by
// name under the same parent). A unit the library already has with a different last-change time is a conflict:
// "newer" (default) keeps whichever changed last, "package"/"library" are the clerk's choice. The winner's facts,
// members, contacts and form records stand. Documents are only ever added, never replaced or removed — a document
// whose pages (by hash) the unit already has is skipped — so no import loses a page.
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BagImportConflict, BagImportResult, BagProblem, ConflictRule, VerifyReport } from '../../shared/domain';
import type { FourPropertyCheck, PackageVerifyReport } from '../../shared/fixity';
import { DangkaError } from '../../shared/errors';
import { FORM_LABEL, formSchemas } from '../../shared/forms';
import { replaceMembers, upsertHouseholdRecord } from '../catalog/householdRecords';
import { createPerson, replaceContacts } from '../catalog/households';
import { insertCarriedDocument, insertPage } from '../ingest/documents';
import { recordBlob } from '../library/blobs';
import { replaceImportedForms, type ImportedForm } from '../validate/formRecords';
import { recordImportedSignoff } from '../validate/review';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import type { WriteDb } from '../library/handles';
import { insertUnitRecord, replaceUnitPlace, touchUnit } from '../catalog/units';
import { stmt } from '../library/sql';
import { hashFile } from './bagit';
import { verifyPackage } from './fourProperties';
import { mimeOf } from './names';
import { checkExpectedSource, describeMaker } from './provenance';
import { PARENT_TIERS } from '../../shared/tiers';
import { emptyTally, type BagImportPlan } from '../../shared/importPlan';
import { checkScope, libraryParentId, libraryPath, matchUnit, packagePath } from './scope';
import { documentText, PACKAGE_FORMAT, PACKAGE_LIMITS, packageCatalog, type DocumentText, type FileRef, type PackageCatalog, type PackageUnit } from './catalog';

const TAG_FILE = /^(bagit\.txt|bag-info\.txt|(tag)?manifest-(sha256|sha512)\.txt)$/;
/** A document's text file larger than this is refused (a 5,000-page document's words are well under it). */
const MAX_TEXT_BYTES = 256 * 1024 * 1024;

export interface ImportOptions {
  onConflict: ConflictRule;
}

function refused(source: string, problems: BagProblem[]): BagImportResult {
  return { applied: false, source, unitsCreated: 0, unitsUpdated: 0, documentsAdded: 0, documentsSkipped: 0, filesStored: 0, filesReused: 0, forms: 0, conflicts: [], problems };
}

/** A package that passed every check, ready to plan or merge. */
interface CheckedBag {
  origin: string;
  catalog: PackageCatalog;
  texts: Map<string, DocumentText>;
}

/** The package's 四性检测 and, when it passed every check, the package; else why it is refused. */
interface BagCheck {
  checks: FourPropertyCheck[];
  outcome: CheckedBag | BagImportResult;
}

/**
 * The 四性检测 (the same as `dangka verify`: a package whose 真实性、完整性 or 安全性 fails is refused with each failure
 * named), then its catalog checked against this library; a refusal names every problem. Writes nothing.
 */
async function checkBag(lib: Library, dir: string, ctx: JobContext): Promise<BagCheck> {
  const verified = await verifyPackage(dir, ctx);
  if (verified.admissible) return { checks: verified.checks, outcome: await checkCatalog(lib, dir, verified, ctx) };
  // The catalog's own structure is named with the 四性检测's failures: one refusal lists what the township must fix.
  const problems = [...verified.refusals];
  const catalog = verified.valid && !verified.backup ? readCatalog(dir, []) : null;
  if (catalog) checkTree(catalog, problems);
  return { checks: verified.checks, outcome: refused(sourceOf(verified, dir), problems) };
}

function sourceOf(verified: VerifyReport, dir: string): string {
  return verified.info['External-Description'] ?? verified.info['Source-Organization'] ?? dir;
}

async function checkCatalog(lib: Library, dir: string, verified: PackageVerifyReport, ctx: JobContext): Promise<CheckedBag | BagImportResult> {
  const source = sourceOf(verified, dir);
  // BagIt allows other tag files; a package to import has only ours: anything else outside data/ is refused.
  const strays = readdirSync(dir).filter((name) => name !== 'data' && !TAG_FILE.test(name));
  if (strays.length) return refused(source, strays.map((name) => ({ kind: 'unsafe', path: name, message: `data 文件夹以外有不该有的文件：${name}` })));

  ctx.progress('检查目录', 0, 0);
  // A backup is restored into a new library (用户管理 → 恢复备份), never merged.
  if (verified.backup) return refused(source, [{ kind: 'structure', path: 'bag-info.txt', message: '这是档案库备份，不是验收数据包：不能导入，请在“用户管理 → 恢复备份”中恢复到新文件夹' }]);
  const problems: BagProblem[] = [];
  const catalog = readCatalog(dir, problems);
  if (!catalog) return refused(source, problems);
  if (catalog.masked) {
    return refused(source, [{ kind: 'structure', path: 'data/catalog.json', message: '该数据包隐藏了身份证号与电话，只能浏览，不能导入。请让对方导出完整数据包' }]);
  }
  const origin = `${source}（${describeMaker(catalog)}）`;
  // The maker's agreement with bag-info and the catalog's digests were checked by the 四性检测 (真实性).
  checkTree(catalog, problems);
  if (problems.length) return refused(origin, problems);
  checkScope(lib.db, catalog, problems);
  checkExpectedSource(lib, catalog, problems);
  const texts = readTexts(dir, catalog, problems);
  if (problems.length) return refused(origin, problems);
  return { origin, catalog, texts };
}

/** Thrown inside the planning transaction so that SQLite undoes every row the rehearsal wrote. */
class PlanRollback extends Error {}

/**
 * What merging the package would do, without changing the library: the same checks and the same merge as
 * importBag, run in a transaction that is rolled back, so the plan cannot drift from what 确认导入 does.
 * Files are not copied; they are counted as new or already stored.
 */
export async function planBagImport(lib: Library, dir: string, options: ImportOptions, ctx: JobContext): Promise<BagImportPlan> {
  const { checks, outcome: checked } = await checkBag(lib, dir, ctx);
  if (!('catalog' in checked)) return { ready: false, source: checked.source, ...emptyTally(), filesNew: 0, filesStored: 0, conflicts: [], problems: checked.problems, checks };
  ctx.throwIfCancelled('已取消，本库没有任何改动');
  let filesNew = 0;
  let filesStored = 0;
  for (const ref of allRefs(checked.catalog).values()) {
    if (lib.files.has(ref.sha256)) filesStored++;
    else filesNew++;
  }
  ctx.progress('预演合并', 0, 0);
  let merged: Awaited<ReturnType<typeof applyCatalog>> | null = null;
  try {
    await ctx.longWrite(lib, async (db) => {
      merged = await applyCatalog(db, checked.catalog, checked.texts, options.onConflict, pauseOf(ctx, '预演合并', '已取消，本库没有任何改动'));
      throw new PlanRollback();
    });
  } catch (err) {
    if (!(err instanceof PlanRollback)) throw err;
  }
  const { conflicts, tally } = merged!;
  return { ready: true, source: checked.origin, ...tally, filesNew, filesStored, conflicts, problems: [], checks };
}

export async function importBag(lib: Library, dir: string, options: ImportOptions, ctx: JobContext): Promise<BagImportResult> {
  const checked = (await checkBag(lib, dir, ctx)).outcome;
  if (!('catalog' in checked)) return checked;
  const { origin, catalog, texts } = checked;

  // Files first (content-addressed: harmless until rows point at them), then every row in one transaction.
  const stored: string[] = [];
  try {
    const refs = allRefs(catalog);
    let filesReused = 0;
    let done = 0;
    for (const ref of refs.values()) {
      ctx.throwIfCancelled('已取消，本库没有任何改动');
      if (lib.files.has(ref.sha256)) filesReused++;
      else {
        storeVerified(lib, join(dir, ...ref.path.split('/')), ref.sha256);
        stored.push(ref.sha256);
      }
      ctx.progress('复制文件', ++done, refs.size);
      if (done % 50 === 0) await ctx.yield();
    }
    ctx.throwIfCancelled('已取消，本库没有任何改动');
    ctx.progress('写入档案库', 0, 0);
    // One transaction on a connection of its own (library.ts, longWrite), as the roster import: all or nothing, and
    // the library stays readable meanwhile — the screens see the import when it commits whole.
    const merged = await ctx.longWrite(lib, (db) => applyCatalog(db, catalog, texts, options.onConflict, pauseOf(ctx, '写入档案库', '已取消，本库没有任何改动')));
    const { unitsCreated, unitsUpdated, documentsAdded, documentsSkipped, forms, conflicts } = merged;
    // Completeness and problems follow from the change feed once this commits (engine/api/changeFeed.ts).
    return { unitsCreated, unitsUpdated, documentsAdded, documentsSkipped, forms, conflicts, applied: true, source: origin, filesStored: stored.length, filesReused, problems: [] };
  } catch (err) {
    for (const sha256 of stored) {
      const used = stmt(lib.db, 'SELECT 1 FROM blob WHERE sha256 = ?').get(sha256);
      if (!used) rmSync(lib.files.pathOf(sha256), { force: true });
    }
    throw err;
  }
}

export function readCatalog(dir: string, problems: BagProblem[]): PackageCatalog | null {
  const path = join(dir, 'data', 'catalog.json');
  if (!existsSync(path)) {
    problems.push({ kind: 'structure', path: 'data/catalog.json', message: '缺少 data/catalog.json：这不是档卡导出的数据包' });
    return null;
  }
  if (statSync(path).size > PACKAGE_LIMITS.catalogBytes) {
    problems.push({ kind: 'structure', path: 'data/catalog.json', message: 'catalog.json 过大，不是正常的档案数据包' });
    return null;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    problems.push({ kind: 'structure', path: 'data/catalog.json', message: 'catalog.json 格式损坏，无法读取' });
    return null;
  }
  if ((raw as { format?: unknown } | null)?.format !== PACKAGE_FORMAT) {
    problems.push({ kind: 'structure', path: 'data/catalog.json', message: 'catalog.json 不是档卡数据包目录' });
    return null;
  }
  const parsed = packageCatalog.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues.slice(0, 20)) {
      problems.push({ kind: 'structure', path: 'data/catalog.json', message: `catalog.json 内容不对：${issue.path.join('.')} ${issue.message}` });
    }
    return null;
  }
  return parsed.data;
}

export function readManifest(dir: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'manifest-sha256.txt'), 'utf8').split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
    if (m) map.set(m[2]!.normalize('NFC'), m[1]!.toLowerCase());
  }
  return map;
}

/** Every file named by the catalog, by path (photos, PDFs, masters, access copies, thumbnails, texts). */
function allRefs(catalog: PackageCatalog): Map<string, FileRef> {
  const refs = new Map<string, FileRef>();
  const add = (ref: FileRef | null) => {
    if (ref) refs.set(ref.path, ref);
  };
  for (const p of catalog.people) add(p.photo);
  for (const d of catalog.documents) {
    add(d.pdf);
    for (const p of d.pages) {
      add(p.master);
      add(p.access);
      add(p.thumb);
    }
  }
  return refs;
}

/** Every file the catalog names is in the manifest with the digest the catalog records (BagIt has checked the files). */
export function checkReferences(catalog: PackageCatalog, manifest: Map<string, string>, problems: BagProblem[]): void {
  const check = (ref: FileRef | null) => {
    if (!ref) return;
    const digest = manifest.get(ref.path.normalize('NFC'));
    if (digest === undefined) problems.push({ kind: 'missing', path: ref.path, message: `目录指向的文件不在数据包中：${ref.path}` });
    else if (digest !== ref.sha256) problems.push({ kind: 'changed', path: ref.path, message: `目录记录的校验值与清单不符：${ref.path}` });
  };
  for (const ref of allRefs(catalog).values()) check(ref);
  for (const d of catalog.documents) check(d.text);
}

function checkTree(catalog: PackageCatalog, problems: BagProblem[]): void {
  const units = new Map<string, PackageUnit>();
  const bad = (message: string) => problems.push({ kind: 'structure', path: 'data/catalog.json', message });
  const householdNos = new Set<string>();
  for (const u of catalog.units) {
    if (units.has(u.archiveCode)) bad(`单位档号重复：${u.archiveCode}`);
    units.set(u.archiveCode, u);
    if ((u.tier === 'household') !== (u.household !== null)) bad(`单位层级与户信息不符：${u.name}（${u.archiveCode}）`);
    if (u.household && householdNos.has(u.household.householdNo)) bad(`户编号重复：${u.household.householdNo}`);
    if (u.household) householdNos.add(u.household.householdNo);
  }
  const seen = new Set<string>();
  for (const u of catalog.units) {
    const parent = u.parentArchiveCode === null ? null : units.get(u.parentArchiveCode);
    // Parents first, as Dangka writes them: no unit can be its own ancestor, and import places each under a known parent.
    if (parent && !seen.has(parent.archiveCode)) bad(`“${u.name}”排在其上级单位之前，目录顺序不对`);
    seen.add(u.archiveCode);
    if (u.parentArchiveCode !== null && !parent) bad(`找不到“${u.name}”的上级单位：${u.parentArchiveCode}`);
    else if (!PARENT_TIERS[u.tier].includes(parent?.tier ?? null)) bad(`“${u.name}”的上级层级不对`);
  }
  const keys = new Set<string>();
  const people = new Set(catalog.people.map((p) => p.key));
  for (const u of catalog.units) for (const c of u.household?.contacts ?? []) if (!people.has(c.personKey)) bad(`“${u.name}”的联系人不在目录中`);
  for (const d of catalog.documents) {
    if (keys.has(d.key)) bad(`文件编号重复：${d.key}`);
    keys.add(d.key);
    if (!units.get(d.unitArchiveCode)?.packed) bad(`文件“${d.title}”所属单位不在数据包中：${d.unitArchiveCode}`);
    if (d.pages.some((p) => !p.master && !p.access)) bad(`文件“${d.title}”有的页既没有原件也没有图像`);
  }
  for (const f of catalog.forms) {
    if (!units.get(f.unitArchiveCode)?.packed) bad(`表单所属单位不在数据包中：${f.unitArchiveCode}`);
    if (f.documentKey !== null && !keys.has(f.documentKey)) bad(`表单指向的文件不在数据包中：${f.documentKey}`);
    const parsed = formSchemas[f.type].safeParse(f.fields);
    if (!parsed.success) bad(`${FORM_LABEL[f.type]}（${f.unitArchiveCode}）内容不对：${parsed.error.issues[0]!.message}`);
  }
  for (const s of catalog.signoffs) if (!units.get(s.unitArchiveCode)?.packed) bad(`审核记录所属单位不在数据包中：${s.unitArchiveCode}`);
}

function readTexts(dir: string, catalog: PackageCatalog, problems: BagProblem[]): Map<string, DocumentText> {
  const texts = new Map<string, DocumentText>();
  for (const d of catalog.documents) {
    if (!d.text) continue;
    const bad = (message: string) => problems.push({ kind: 'structure', path: d.text!.path, message });
    if (d.text.size > MAX_TEXT_BYTES) {
      bad(`文字文件过大：${d.text.path}`);
      continue;
    }
    let parsed;
    try {
      parsed = documentText.safeParse(JSON.parse(readFileSync(join(dir, ...d.text.path.split('/')), 'utf8')));
    } catch {
      bad(`文字文件损坏：${d.text.path}`);
      continue;
    }
    if (!parsed.success) bad(`文字文件内容不对：${d.text.path}`);
    else texts.set(d.key, parsed.data);
  }
  return texts;
}

/** Copies a file into the store, hashing the copy: what lands must be what the manifest promised. */
function storeVerified(lib: Library, from: string, sha256: string): void {
  const target = lib.files.pathOf(sha256);
  mkdirSync(join(lib.files.root, sha256.slice(0, 2)), { recursive: true });
  const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  copyFileSync(from, tmp);
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  if (hashFile(tmp) !== sha256) {
    rmSync(tmp, { force: true });
    throw new DangkaError('PACKAGE_INVALID', `导入时文件内容与校验值不符（U盘上的文件在校验后被改动？）：${from}。本库没有任何改动`);
  }
  renameSync(tmp, target);
}

/** Package units looked at between pauses of the long write: each step holds the event loop a few milliseconds. */
const UNITS_PER_STEP = 200;

/** A pause of a job's long write: reports how far it is, lets the event loop answer reads, stops on a cancel. */
function pauseOf(ctx: JobContext, phase: string, cancelled: string): (done: number, total: number) => Promise<void> {
  return async (done, total) => {
    ctx.progress(phase, done, total);
    await ctx.yield();
    ctx.throwIfCancelled(cancelled);
  };
}

/**
 * Sets the package's rows in `db` (a long write's connection: library.ts, longWrite). `pause` is awaited between
 * steps — the screens' reads and the job's progress are answered there, and a cancel throws, rolling everything back.
 */
async function applyCatalog(db: WriteDb, catalog: PackageCatalog, texts: Map<string, DocumentText>, rule: ConflictRule, pause: (done: number, total: number) => Promise<void>) {
  // Each unit is looked at twice (its place, then its household): the count the job shows.
  let unitsSeen = 0;
  const steps = 2 * catalog.units.length;
  const idOf = new Map<string, number>();
  /** Units whose facts and records the package sets (new ones, and conflicts the package won). */
  const takeFromPackage = new Set<string>();
  const conflicts: BagImportConflict[] = [];
  let unitsCreated = 0;
  let unitsUpdated = 0;
  const tally = emptyTally();
  const count = (u: PackageUnit, outcome: 'New' | 'Updated' | 'Unchanged') => {
    tally[`${u.tier === 'household' ? 'households' : 'units'}${outcome}`]++;
  };

  for (const u of catalog.units) {
    if (++unitsSeen % UNITS_PER_STEP === 0) await pause(unitsSeen, steps);
    const parentId = libraryParentId(db, u, u.parentArchiveCode === null ? null : idOf.get(u.parentArchiveCode)!);
    const existing = matchUnit(db, u, parentId);
    if (existing) {
      if (existing.tier !== u.tier) throw new DangkaError('PACKAGE_INVALID', `档号 ${u.archiveCode} 在本库中是另一层级的单位“${existing.name}”，未导入任何数据`);
      idOf.set(u.archiveCode, existing.id);
      if (!u.packed || existing.changed_at === u.changedAt) {
        count(u, 'Unchanged');
        continue;
      }
      const packageNewer = u.changedAt > existing.changed_at;
      const kept = rule === 'package' || (rule === 'newer' && packageNewer) ? 'package' : 'library';
      // checkScope allowed a move only within the package's root; it is named, never silent.
      const moves = kept === 'package' && existing.parent_id !== parentId ? `；由 ${libraryPath(db, existing.parent_id)} 迁至 ${packagePath(catalog, u.parentArchiveCode)}` : '';
      conflicts.push({
        archiveCode: u.archiveCode,
        name: u.name,
        kept,
        reason:
          (rule === 'newer'
            ? packageNewer
              ? `数据包较新（${u.changedAt.slice(0, 10)}，本库 ${existing.changed_at.slice(0, 10)}）`
              : `本库较新（${existing.changed_at.slice(0, 10)}，数据包 ${u.changedAt.slice(0, 10)}）`
            : rule === 'package'
              ? '选择了以数据包为准'
              : '选择了保留本库数据') + moves,
      });
      count(u, kept === 'package' ? 'Updated' : 'Unchanged');
      if (kept === 'package') {
        takeFromPackage.add(u.archiveCode);
        unitsUpdated++;
        // A household the township moved to another village (of the package's own root: checkScope) moves here too;
        // it keeps its 档号 and takes the 案卷号 the township gave it there.
        try {
          replaceUnitPlace(db, existing.id, { name: u.name, parentId, code: u.code });
        } catch (err) {
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw err;
          throw new DangkaError('PACKAGE_INVALID', `“${u.name}”迁至 ${packagePath(catalog, u.parentArchiveCode)} 时与本库该处已有单位的名称或编号冲突，未导入任何数据。请先核对两边的目录`);
        }
      }
      continue;
    }
    try {
      idOf.set(u.archiveCode, insertUnitRecord(db, { parentId, tier: u.tier, name: u.name, code: u.code, codeOfficial: u.codeOfficial, archiveCode: u.archiveCode }));
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new DangkaError('PACKAGE_INVALID', `“${u.name}”（${u.archiveCode}）与本库中已有单位的名称或编码冲突，未导入任何数据。请先核对两边的目录`);
      }
      throw err;
    }
    unitsCreated++;
    count(u, 'New');
    if (u.packed) takeFromPackage.add(u.archiveCode);
  }

  // People: the same name and phone is the same person.
  const personId = new Map<string, number>();
  for (const p of catalog.people) {
    const found = stmt(db, 'SELECT id FROM contact_person WHERE name = ? AND phone = ?').get(p.name, p.phone) as { id: number } | undefined;
    if (p.photo) recordBlob(db, p.photo.sha256, p.photo.size, mimeOf(p.photo.path));
    if (found) personId.set(p.key, found.id);
    else personId.set(p.key, createPerson(db, { name: p.name, post: p.post, workUnit: p.workUnit, phone: p.phone }, p.photo?.sha256 ?? null));
  }

  await pause(unitsSeen, steps);
  for (const u of catalog.units) {
    if (++unitsSeen % UNITS_PER_STEP === 0) await pause(unitsSeen, steps);
    if (!u.household || !takeFromPackage.has(u.archiveCode)) continue;
    const id = idOf.get(u.archiveCode)!;
    const h = u.household;
    upsertHouseholdRecord(db, id, h);
    // Numbered 1… in the package's order of seq, as every writer of members numbers them.
    replaceMembers(db, id, [...h.members].sort((a, b) => a.seq - b.seq));
    replaceContacts(db, id, h.contacts.map((c) => ({ role: c.role, personId: personId.get(c.personKey)! })));
  }

  await pause(unitsSeen, steps);
  // Documents: added when the unit does not already have the same pages (by hash, in order).
  const documentId = new Map<string, number>();
  let documentsAdded = 0;
  let documentsSkipped = 0;
  const fingerprints = new Map<number, Map<string, number>>();
  const documentsOf = (unitId: number) => {
    let known = fingerprints.get(unitId);
    if (!known) {
      const rows = stmt(
        db,
        `SELECT d.id, (SELECT group_concat(f, ',') FROM (SELECT master_sha256 || ':' || master_page AS f FROM page WHERE document_id = d.id ORDER BY seq)) AS f
           FROM document d WHERE d.unit_id = ?`,
      ).all(unitId) as { id: number; f: string | null }[];
      fingerprints.set(unitId, (known = new Map(rows.map((r) => [r.f ?? '', r.id]))));
    }
    return known;
  };
  for (const d of catalog.documents) {
    const unitId = idOf.get(d.unitArchiveCode)!;
    const fingerprint = d.pages.map((p) => `${(p.master ?? p.access)!.sha256}:${p.master ? p.masterPage : 0}`).join(',');
    const same = documentsOf(unitId).get(fingerprint);
    if (same !== undefined) {
      documentId.set(d.key, same);
      documentsSkipped++;
      tally.pagesUnchanged += d.pages.length;
      continue;
    }
    for (const ref of [d.pdf, ...d.pages.flatMap((p) => [p.master, p.access, p.thumb])]) {
      if (ref) recordBlob(db, ref.sha256, ref.size, mimeOf(ref.path));
    }
    // A package from before 著录 carries no description: the document comes in not described, as it was.
    const described = d.description;
    const id = insertCarriedDocument(db, {
      unitId,
      item: d.item,
      title: d.title,
      source: d.source,
      pdfSha256: d.pdf?.sha256 ?? null,
      createdAt: d.createdAt,
      updatedAt: d.updatedAt,
      author: described?.author ?? '',
      refNumber: described?.refNumber ?? '',
      date: described?.date ?? '',
      pieceNo: described?.pieceNo ?? null,
      retention: described?.retention ?? null,
      secrecy: described?.secrecy ?? '',
      remarks: described?.remarks ?? '',
      suggested: described?.suggested ?? [],
      // Unknown for an older package: only a title that reads like a file name (scan1, IMG_0001) counts as one.
      sourceName: described?.sourceName ?? null,
    });
    documentId.set(d.key, id);
    documentsOf(unitId).set(fingerprint, id);
    const text = new Map((texts.get(d.key)?.pages ?? []).map((p) => [p.seq, p]));
    for (const p of d.pages) {
      const t = text.get(p.seq);
      insertPage(
        db,
        id,
        p.seq,
        {
          masterSha256: (p.master ?? p.access)!.sha256,
          masterPage: p.master ? p.masterPage : 0,
          accessSha256: p.access?.sha256 ?? null,
          thumbSha256: p.thumb?.sha256 ?? null,
          width: p.width,
          height: p.height,
          dpi: p.dpi,
          rotation: p.rotation,
          skew: p.skew,
          warnings: p.warnings,
        },
        {
          // A page whose text did not travel is read again here.
          ocrStatus: t?.ocrStatus ?? 'pending',
          ocrText: t?.ocrText ?? null,
          ocrConfidence: t?.ocrConfidence ?? null,
          ocrWords: t?.ocrWords ?? null,
          correctedText: t?.correctedText ?? null,
        },
      );
    }
    documentsAdded++;
    tally.pagesNew += d.pages.length;
  }

  await pause(unitsSeen, steps);
  // Form records and sign-offs of the units the package sets: replaced by the package's.
  let forms = 0;
  const formsOf = new Map<number, ImportedForm[]>();
  for (const f of catalog.forms) {
    if (!takeFromPackage.has(f.unitArchiveCode)) continue;
    const unitId = idOf.get(f.unitArchiveCode)!;
    if (!formsOf.has(unitId)) formsOf.set(unitId, []);
    formsOf.get(unitId)!.push({
      unitId,
      documentId: f.documentKey === null ? null : (documentId.get(f.documentKey) ?? null),
      type: f.type,
      fields: formSchemas[f.type].parse(f.fields) as Record<string, unknown>,
      source: f.source,
      updatedAt: f.updatedAt,
    });
    forms++;
  }
  for (const [unitId, records] of formsOf) replaceImportedForms(db, unitId, records);
  for (const s of catalog.signoffs) {
    recordImportedSignoff(db, idOf.get(s.unitArchiveCode)!, s);
  }
  // The package's clock travels with its data, so importing the same package again finds nothing to settle.
  for (const u of catalog.units) if (takeFromPackage.has(u.archiveCode)) touchUnit(db, idOf.get(u.archiveCode)!, u.changedAt);

  Object.assign(tally, { documentsNew: documentsAdded, documentsUnchanged: documentsSkipped, forms });
  return { unitsCreated, unitsUpdated, documentsAdded, documentsSkipped, forms, conflicts, tally };
}

