// The acceptance package (验收数据包) of a unit: one BagIt bag per part (RFC 8493), each standing alone —
//   bagit.txt, bag-info.txt, manifest-sha256.txt, tagmanifest-sha256.txt
//   data/index.html      browse the tree, open the PDFs, search titles — from file://, without Dangka
//   data/catalog.json    for another Dangka (engine/pack/catalog.ts), catalog.xlsx for people
//   data/report.pdf      the validation report
//   data/units/<档号>/…   the documents (engine/pack/contents.ts)
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PackPlan, PackResult, WrittenBag } from '../../shared/domain';
import { TIER_LABEL } from '../../shared/domain';
import { DangkaError } from '../../shared/errors';
import type { JobContext } from '../jobs/jobs';
import { APP_VERSION, type Library } from '../library/library';
import { PACKAGE_FORMAT, PACKAGE_VERSION, type FileRef, type PackageCatalog, type PackageDocument, type PackageMaker } from './catalog';
import { catalogWorkbook } from './catalogXlsx';
import { collectDossier, planParts, type Dossier, type PackInclude, type Part } from './contents';
import { renderIndexHtml } from './indexHtml';
import { makerInfo, packageMaker } from './provenance';
import { compactDate, safeName } from './names';
import { validationReport } from './report';
import { formatBytes, freeBagName, freeSpace, nodeIo, removeAbandoned, spaceNeeded, writeBag, type BagFile, type WriterIo } from './writer';

export interface PackOptions {
  unitId: number;
  outDir: string;
  include: PackInclude;
  maxPartBytes: number | null;
  /** Only this part (1-based), for writing a split dossier one stick at a time; null = every part. */
  part?: number | null;
  maskPersonal?: boolean;
}

/** catalog.json, catalog.xlsx, report.pdf and index.html of a bag. */
const GENERATED_FILES = 4;

/** What a part adds besides its documents: the generated files (by the units and documents they list) and photos. */
function extra(dossier: Dossier, part: Part): { bytes: number; files: number } {
  const units = dossier.units.filter((u) => part.unitIds.has(u.id));
  const documents = dossier.documents.filter((d) => part.unitIds.has(d.unitId)).length;
  const people = new Set(units.flatMap((u) => u.household?.contacts.map((c) => c.personKey) ?? []));
  const photos = [...people].map((key) => dossier.photoEntries.get(key)).filter((e) => e !== undefined);
  return {
    bytes: 256 * 1024 + (units.length + documents) * 3 * 1024 + photos.reduce((s, e) => s + e.size, 0),
    files: GENERATED_FILES + photos.length,
  };
}

function checkOutDir(outDir: string): string {
  const dir = resolve(outDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new DangkaError('NOT_FOUND', `找不到保存位置：${dir}。请插好U盘，或选择一个已有的文件夹`);
  }
  return dir;
}

export async function planPackage(lib: Library, options: PackOptions, ctx: JobContext): Promise<PackPlan> {
  const dossier = await collectDossier(lib, options.unitId, options.include, options.maskPersonal ?? false, ctx, true);
  const parts = planParts(dossier, options.maxPartBytes);
  const dir = resolve(options.outDir);
  const sized = parts.map((p) => ({ ...p, bytes: p.bytes + extra(dossier, p).bytes, files: p.files + extra(dossier, p).files }));
  return {
    unit: { id: dossier.root.id, tier: dossier.root.tier, name: dossier.root.name, archiveCode: dossier.root.archiveCode },
    households: dossier.units.filter((u) => u.packed && u.tier === 'household').length,
    documents: dossier.documents.length,
    pages: dossier.pages,
    files: sized.reduce((s, p) => s + p.files, 0),
    bytes: sized.reduce((s, p) => s + p.bytes, 0),
    parts: sized.map((p) => ({ index: p.index, count: p.count, villages: p.villages, files: p.files, bytes: p.bytes })),
    freeBytes: existsSync(dir) ? freeSpace(dir) : null,
    warnings: dossier.warnings,
  };
}

export async function packUnit(lib: Library, options: PackOptions, ctx: JobContext, io: WriterIo = nodeIo, now = new Date()): Promise<PackResult> {
  const outDir = checkOutDir(options.outDir);
  removeAbandoned(outDir);
  const dossier = await collectDossier(lib, options.unitId, options.include, options.maskPersonal ?? false, ctx);
  const parts = planParts(dossier, options.maxPartBytes);
  const chosen = options.part ? parts.filter((p) => p.index === options.part) : parts;
  if (!chosen.length) throw new DangkaError('INVALID_INPUT', `只有 ${parts.length} 卷，没有第 ${options.part} 卷`);

  const needed = chosen.reduce((s, p) => s + spaceNeeded(p.bytes + extra(dossier, p).bytes, p.files + extra(dossier, p).files), 0);
  const free = freeSpace(outDir);
  if (free !== null && free < needed) {
    throw new DangkaError(
      'EXPORT_FAILED',
      `空间不足：需要约 ${formatBytes(needed)}，${outDir} 只有 ${formatBytes(free)} 可用。请换一个更大的U盘，或选择“分卷”，每次写入一卷`,
    );
  }

  ctx.progress('生成校验报告', 0, 0);
  const report = await validationReport(lib, options.unitId, now);
  const bytesTotal = chosen.reduce((s, p) => s + p.bytes + extra(dossier, p).bytes + report.length, 0);
  const group = `${safeName(dossier.root.archiveCode)}-${compactDate(now)}`;
  const maker = packageMaker(lib.db);
  const bags: WrittenBag[] = [];
  let bytesBefore = 0;
  for (const part of chosen) {
    const name = freeBagName(outDir, part.count > 1 ? `${group}-${part.index}of${part.count}` : group);
    const { files, finish, counts } = bagContents(dossier, part, now, group, report, options.maskPersonal ?? false, maker);
    const sourceName = dossier.units.filter((u) => u.tier !== 'household' && (u.id === dossier.root.id || !u.packed)).map((u) => u.name).join('');
    const written = await writeBag(
      lib,
      outDir,
      {
        name,
        files,
        finish,
        info: [
          ['Source-Organization', sourceName],
          ['External-Identifier', dossier.root.archiveCode],
          ['External-Description', `脱贫攻坚档案验收数据包：${dossier.root.name}（${TIER_LABEL[dossier.root.tier]}）${part.villages.length && part.count > 1 ? `，含${part.villages.join('、')}` : ''}`],
          ['Bagging-Date', now.toISOString().slice(0, 10)],
          ['Bag-Group-Identifier', group],
          ['Bag-Count', `${part.index} of ${part.count}`],
          ['Dangka-Version', APP_VERSION],
          ['Dangka-Households', String(counts.households)],
          ['Dangka-Documents', String(counts.documents)],
          ['Dangka-Pages', String(counts.pages)],
          ['Dangka-Personal-Data', options.maskPersonal ? 'masked' : 'full'],
          ...makerInfo(maker, now.toISOString()),
        ],
      },
      ctx,
      { label: chosen.length > 1 || part.count > 1 ? `第 ${part.index}/${part.count} 卷` : '写入', bytesBefore, bytesTotal },
      io,
    );
    bytesBefore += written.bytes;
    bags.push({ path: written.path, name, part: part.index, count: part.count, files: written.files, bytes: written.bytes });
  }
  return { bags, warnings: dossier.warnings };
}

/**
 * The files of one part's bag: its documents and photos (a blob shared by two documents written once), then —
 * once their digests are known — catalog.json, catalog.xlsx, report.pdf and index.html.
 */
function bagContents(dossier: Dossier, part: Part, now: Date, group: string, report: Uint8Array, masked: boolean, maker: PackageMaker) {
  const files: BagFile[] = [];
  const pathOfBlob = new Map<string, string>();
  const rebase = (ref: FileRef | null): FileRef | null => (ref ? { ...ref, path: pathOfBlob.get(ref.sha256) ?? ref.path } : null);
  const documents: PackageDocument[] = [];
  let pages = 0;
  for (const record of dossier.documents) {
    if (!part.unitIds.has(record.unitId)) continue;
    for (const entry of record.entries) {
      if (entry.sha256 !== null) {
        if (pathOfBlob.has(entry.sha256)) continue;
        pathOfBlob.set(entry.sha256, entry.path);
      }
      files.push(entry);
    }
    documents.push(record.doc);
    pages += record.doc.pages.length;
  }
  // The part's units and every unit above them (a village split by household still needs its village), the
  // latter only placing the part in the tree.
  const byCode = new Map(dossier.units.map((u) => [u.archiveCode, u]));
  const needed = new Set<number>();
  for (const u of dossier.units) {
    if (!part.unitIds.has(u.id)) continue;
    for (let up: typeof u | undefined = u; up && !needed.has(up.id); up = up.parentArchiveCode ? byCode.get(up.parentArchiveCode) : undefined) needed.add(up.id);
  }
  const units = dossier.units
    .filter((u) => needed.has(u.id))
    .map(({ id, villageId: _village, ...u }) => (part.unitIds.has(id) ? u : { ...u, packed: false, folder: null }));
  const personKeys = new Set(units.flatMap((u) => u.household?.contacts.map((c) => c.personKey) ?? []));
  const people = dossier.people.filter((p) => personKeys.has(p.key));
  for (const p of people) {
    const photo = dossier.photoEntries.get(p.key);
    if (photo && !pathOfBlob.has(photo.sha256!)) {
      pathOfBlob.set(photo.sha256!, photo.path);
      files.push(photo);
    }
  }

  const finish = (written: ReadonlyMap<string, { sha256: string; size: number }>): BagFile[] => {
    const catalog: PackageCatalog = {
      format: PACKAGE_FORMAT,
      version: PACKAGE_VERSION,
      createdAt: now.toISOString(),
      createdBy: `dangka ${APP_VERSION}`,
      maker,
      source: { archiveCode: dossier.root.archiveCode, name: dossier.root.name, tier: dossier.root.tier },
      part: { index: part.index, count: part.count, group },
      masked,
      units,
      people: people.map((p) => ({ ...p, photo: rebase(p.photo) })),
      documents: documents.map((d) => ({
        ...d,
        pdf: rebase(d.pdf),
        // A text file's digest and size are known once it is written.
        text: d.text ? { path: d.text.path, ...written.get(d.text.path)! } : null,
        pages: d.pages.map((p) => ({ ...p, master: rebase(p.master), access: rebase(p.access), thumb: rebase(p.thumb) })),
      })),
      forms: dossier.forms.filter((f) => part.unitIds.has(f.unitId)).map(({ unitId, ...f }) => f),
      signoffs: dossier.signoffs.filter((s) => part.unitIds.has(s.unitId)).map(({ unitId, ...s }) => s),
    };
    const json = Buffer.from(JSON.stringify(catalog));
    const html = Buffer.from(renderIndexHtml(catalog, { report: 'data/report.pdf', catalogXlsx: 'data/catalog.xlsx' }));
    return [
      { path: 'data/catalog.json', sha256: null, size: json.length, source: { bytes: json } },
      { path: 'data/report.pdf', sha256: null, size: report.length, source: { bytes: report } },
      { path: 'data/catalog.xlsx', sha256: null, size: 0, source: { make: () => catalogWorkbook(catalog) } },
      { path: 'data/index.html', sha256: null, size: html.length, source: { bytes: html } },
    ];
  };
  return {
    files,
    finish,
    counts: { households: units.filter((u) => u.packed && u.tier === 'household').length, documents: documents.length, pages },
  };
}
