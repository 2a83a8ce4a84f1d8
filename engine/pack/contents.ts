// What an acceptance package of a unit holds, read from the library once: the unit's subtree (and its ancestors,
// which only place it in the tree), households with members and contacts, documents with their pages, form records
// and sign-offs — and the stored files behind them, laid out by 档号:
//   data/units/<档号>/<档号>-<项目号>-<件号>.pdf          the searchable PDF (可检索PDF)
//   data/units/<档号>/<档号>-<项目号>-<件号>-m01.<ext>    the masters (原件) exactly as received
//   data/units/<档号>/<档号>-<项目号>-<件号>.text.json    OCR text, word boxes and corrections
//   data/units/<档号>/access/…-p001.jpg, …-p001-t.jpg      access copies and thumbnails (for the county's viewer)
//   data/photos/<sha256 prefix>.<ext>                      contact persons' photos
// A dossier too large for one drive is split into parts by village (or by household inside a very large village),
// each part a bag that stands alone: its own catalog, index and report, and every ancestor it needs.
import type { Tier } from '../../shared/domain';
import { maskIdNumber } from '../../shared/idNumber';
import { maskPhone } from '../../shared/phone';
import { DangkaError } from '../../shared/errors';
import type { HouseholdRow } from '../catalog/households';
import { itemsForUnit, type PageRow } from '../ingest/documents';
import type { JobContext } from '../jobs/jobs';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { documentPdf } from '../pdf/documentPdf';
import type { DocumentText, FileRef, PackageCatalog, PackageDescription, PackageDocument, PackageUnit } from './catalog';
import { extensionOf, NameBook, safeName } from './names';

export interface PackInclude {
  masters: boolean;
  pdfs: boolean;
}

/** A file of the payload: a stored blob copied as is, or bytes made while writing (a document's text). */
export type PayloadSource = { blob: string } | { make: () => Uint8Array | Promise<Uint8Array> };

export interface PayloadEntry {
  path: string;
  /** Known for stored blobs (the name they are stored under); computed while writing otherwise. */
  sha256: string | null;
  /** Exact for blobs, an estimate for made files. */
  size: number;
  source: PayloadSource;
}

interface UnitRecord extends PackageUnit {
  id: number;
  /** The village this unit's files travel with (null for the county and townships). */
  villageId: number | null;
}

interface DocumentRecord {
  doc: PackageDocument;
  unitId: number;
  entries: PayloadEntry[];
  /** Payload bytes and files of the document (an estimate for a plan: PDFs not made yet are guessed). */
  bytes: number;
  files: number;
}

/** Everything packed for one unit, before it is cut into parts. */
export interface Dossier {
  root: UnitRecord;
  units: UnitRecord[];
  documents: DocumentRecord[];
  people: PackageCatalog['people'];
  /** Person key → photo, so a part only carries the photos of the people its households name. */
  photoEntries: Map<string, PayloadEntry>;
  forms: (PackageCatalog['forms'][number] & { unitId: number })[];
  signoffs: (PackageCatalog['signoffs'][number] & { unitId: number })[];
  warnings: string[];
  pages: number;
}

interface UnitRow {
  id: number;
  parent_id: number | null;
  tier: Tier;
  name: string;
  code: string;
  code_official: number;
  archive_code: string;
  updated_at: string;
  depth: number;
}

/** The subtree of `unitId` in catalog order, then its ancestors; households with their facts. */
function readUnits(lib: Library, unitId: number, maskPersonal: boolean): UnitRecord[] {
  const subtree = stmt(
    lib.db,
    `WITH RECURSIVE sub(id, sort, depth) AS (
       SELECT id, printf('%010d', 0), 0 FROM unit WHERE id = ?
       UNION ALL SELECT u.id, sub.sort || '/' || u.code || printf('%010d', u.id), sub.depth + 1 FROM unit u JOIN sub ON u.parent_id = sub.id)
     SELECT u.id, u.parent_id, u.tier, u.name, u.code, u.code_official, u.archive_code, u.updated_at, sub.depth
       FROM sub JOIN unit u ON u.id = sub.id ORDER BY sub.sort`,
  ).all(unitId) as UnitRow[];
  if (subtree.length === 0) throw new DangkaError('NOT_FOUND', `没有找到该单位（编号 ${unitId}）`);
  const ancestors: UnitRow[] = [];
  for (let parent = subtree[0]!.parent_id; parent !== null; ) {
    const row = stmt(lib.db, 'SELECT id, parent_id, tier, name, code, code_official, archive_code, updated_at, 0 AS depth FROM unit WHERE id = ?').get(parent) as UnitRow;
    ancestors.unshift(row);
    parent = row.parent_id;
  }
  const codeOf = new Map([...ancestors, ...subtree].map((u) => [u.id, u.archive_code]));

  // Last change of anything filed under each unit: the "newer wins" clock of an import.
  const changed = new Map(
    (
      stmt(
        lib.db,
        `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
         SELECT u.id, max(u.updated_at,
                  ifnull((SELECT max(updated_at) FROM document d WHERE d.unit_id = u.id), ''),
                  ifnull((SELECT max(updated_at) FROM form_record f WHERE f.unit_id = u.id), ''),
                  ifnull((SELECT max(signed_at) FROM review_signoff r WHERE r.unit_id = u.id), '')) AS changed_at
           FROM sub JOIN unit u ON u.id = sub.id`,
      ).all(unitId) as { id: number; changed_at: string }[]
    ).map((r) => [r.id, r.changed_at]),
  );

  const households = new Map(
    (
      stmt(
        lib.db,
        `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
         SELECT h.* FROM household h WHERE h.unit_id IN (SELECT id FROM sub)`,
      ).all(unitId) as (HouseholdRow & { unit_id: number })[]
    ).map((h) => [h.unit_id, h]),
  );
  const members = new Map<number, NonNullable<PackageUnit['household']>['members']>();
  for (const m of stmt(
    lib.db,
    `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
     SELECT * FROM member WHERE household_id IN (SELECT id FROM sub) ORDER BY household_id, seq`,
  ).iterate(unitId) as Iterable<Record<string, unknown> & { household_id: number }>) {
    const list = members.get(m.household_id) ?? [];
    list.push({
      seq: m.seq as number,
      name: m.name as string,
      idNumber: maskPersonal ? maskIdNumber(m.id_number as string) : (m.id_number as string),
      relation: m.relation as string,
      sex: m.sex as '男' | '女' | null,
      birthDate: m.birth_date as string | null,
      ethnicity: m.ethnicity as string | null,
      education: m.education as string | null,
      health: m.health as string | null,
      labourSkill: m.labour_skill as string | null,
      workStatus: m.work_status as string | null,
    });
    members.set(m.household_id, list);
  }
  const contacts = new Map<number, { role: 'groupLeader' | 'firstSecretary' | 'helper'; personKey: string }[]>();
  for (const c of stmt(
    lib.db,
    `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
     SELECT household_id, role, person_id FROM household_contact WHERE household_id IN (SELECT id FROM sub) ORDER BY household_id, role`,
  ).all(unitId) as { household_id: number; role: 'groupLeader' | 'firstSecretary' | 'helper'; person_id: number }[]) {
    contacts.set(c.household_id, [...(contacts.get(c.household_id) ?? []), { role: c.role, personKey: `p${c.person_id}` }]);
  }

  const folders = new NameBook();
  const record = (u: UnitRow, packed: boolean): UnitRecord => {
    const h = households.get(u.id);
    const villageId = u.tier === 'village' ? u.id : u.tier === 'household' ? u.parent_id : null;
    return {
      id: u.id,
      villageId,
      archiveCode: u.archive_code,
      parentArchiveCode: u.parent_id === null ? null : (codeOf.get(u.parent_id) ?? null),
      tier: u.tier,
      name: u.name,
      code: u.code,
      codeOfficial: u.code_official === 1,
      changedAt: changed.get(u.id) ?? u.updated_at,
      packed,
      folder: packed ? `data/units/${folders.take(safeName(u.archive_code))}` : null,
      household: h
        ? {
            householdNo: h.household_no,
            naturalVillage: h.natural_village,
            attribute: h.attribute,
            mainCause: h.main_cause,
            exitYear: h.exit_year,
            perCapitaIncome: h.per_capita_income,
            phone: maskPersonal && h.phone ? maskPhone(h.phone) : h.phone,
            declaredSize: h.declared_size,
            status: h.status,
            members: members.get(u.id) ?? [],
            contacts: contacts.get(u.id) ?? [],
          }
        : null,
    };
  };
  return [...ancestors.map((u) => record(u, false)), ...subtree.map((u) => record(u, true))];
}

interface BlobInfo {
  size: number;
  mime: string;
}

/**
 * Reads the dossier. `estimate` (for a plan, shown while the clerk picks options) makes no PDFs: a PDF not made yet
 * is guessed from its page images.
 */
export async function collectDossier(lib: Library, unitId: number, include: PackInclude, maskPersonal: boolean, ctx: JobContext, estimate = false): Promise<Dossier> {
  ctx.progress('读取目录', 0, 0);
  const units = readUnits(lib, unitId, maskPersonal);
  const root = units.find((u) => u.id === unitId)!;
  const unitById = new Map(units.map((u) => [u.id, u]));
  const blobInfo = (sha256: string): BlobInfo => {
    const row = stmt(lib.db, 'SELECT size, mime FROM blob WHERE sha256 = ?').get(sha256) as BlobInfo | undefined;
    if (!row || !lib.files.has(sha256)) throw new DangkaError('LIBRARY_CORRUPT', `档案库缺少文件 ${sha256.slice(0, 12)}…，请先从备份恢复后再导出`);
    return row;
  };
  const warnings: string[] = [];

  const docs = stmt(
    lib.db,
    `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
     SELECT id, unit_id, item, title, source, created_at, updated_at, author, ref_number, doc_date, piece_no, retention, secrecy, remarks,
            suggested, source_name FROM document
      WHERE unit_id IN (SELECT id FROM sub) ORDER BY unit_id, item, created_at, id`,
  ).all(unitId) as ({
    id: number;
    unit_id: number;
    item: string | null;
    title: string;
    source: PackageDocument['source'];
    created_at: string;
    updated_at: string;
  } & DescriptionColumns)[];

  const itemLists = new Map<Tier, string[]>();
  const itemNoOf = (unit: UnitRecord, item: string | null): number => {
    if (item === null) return 0;
    let items = itemLists.get(unit.tier);
    if (!items) itemLists.set(unit.tier, (items = itemsForUnit(lib, unit.id)));
    return items.indexOf(item) + 1;
  };

  const documents: DocumentRecord[] = [];
  const seqInItem = new Map<string, number>();
  let pages = 0;
  let pendingOcr = 0;
  for (const [i, d] of docs.entries()) {
    ctx.throwIfCancelled('已取消，没有写入任何文件');
    if (i % 20 === 0) {
      ctx.progress(include.pdfs ? '准备文件与可检索PDF' : '准备文件', i, docs.length);
      await ctx.yield();
    }
    const unit = unitById.get(d.unit_id)!;
    const itemNo = itemNoOf(unit, d.item);
    const seqKey = `${d.unit_id}/${itemNo}`;
    const seq = (seqInItem.get(seqKey) ?? 0) + 1;
    seqInItem.set(seqKey, seq);
    const stem = `${safeName(unit.archiveCode)}-${String(itemNo).padStart(3, '0')}-${String(seq).padStart(3, '0')}`;
    const folder = unit.folder!;
    const entries: PayloadEntry[] = [];
    // A blob is written once per document (a multi-page TIFF is the master of all its pages); a blob shared by two
    // documents is written once per bag when the bag is put together (bagFiles).
    const placed = new Map<string, FileRef>();
    const place = (sha256: string, path: string): FileRef => {
      const known = placed.get(sha256);
      if (known) return known;
      const { size } = blobInfo(sha256);
      const ref = { path, sha256, size };
      placed.set(sha256, ref);
      entries.push({ path, sha256, size, source: { blob: sha256 } });
      return ref;
    };

    const pageRows = stmt(
      lib.db,
      `SELECT id, seq, master_sha256, master_page, access_sha256, thumb_sha256, width, height, dpi, rotation, skew, warnings, ocr_status,
              length(CAST(ifnull(ocr_text, '') AS BLOB)) + length(CAST(ifnull(ocr_words, '') AS BLOB)) + length(CAST(ifnull(corrected_text, '') AS BLOB)) AS text_bytes
         FROM page WHERE document_id = ? ORDER BY seq`,
    ).all(d.id) as (Pick<PageRow, 'id' | 'seq' | 'master_sha256' | 'master_page' | 'access_sha256' | 'thumb_sha256' | 'width' | 'height' | 'dpi' | 'skew' | 'warnings' | 'ocr_status'> & {
      rotation: 0 | 90 | 180 | 270;
      text_bytes: number;
    })[];
    pages += pageRows.length;
    pendingOcr += pageRows.filter((p) => p.ocr_status === 'pending').length;

    let pdf: FileRef | null = null;
    let guessed = 0;
    if (include.pdfs && pageRows.length) {
      const cached = (stmt(lib.db, 'SELECT pdf_sha256 FROM document WHERE id = ?').get(d.id) as { pdf_sha256: string | null }).pdf_sha256;
      if (estimate && !(cached && lib.files.has(cached))) {
        guessed = pageRows.reduce((sum, p) => sum + (p.access_sha256 ? blobInfo(p.access_sha256).size : 0), 4096);
      } else {
        try {
          const made = await documentPdf(lib, d.id);
          pdf = place(made.sha256, `${folder}/${stem}.pdf`);
        } catch (err) {
          warnings.push(`“${d.title}”未能生成可检索PDF：${err instanceof Error ? err.message : String(err)}`);
        }
      }
    }
    let masterNo = 0;
    const masterPath = (sha256: string) => `${folder}/${stem}-m${String(++masterNo).padStart(2, '0')}.${extensionOf(blobInfo(sha256).mime)}`;
    const packagePages = pageRows.map((p) => {
      const pageNo = String(p.seq).padStart(3, '0');
      const master = !include.masters ? null : (placed.get(p.master_sha256) ?? place(p.master_sha256, masterPath(p.master_sha256)));
      return {
        seq: p.seq,
        master,
        masterPage: p.master_page,
        access: p.access_sha256 ? place(p.access_sha256, `${folder}/access/${stem}-p${pageNo}.${extensionOf(blobInfo(p.access_sha256).mime)}`) : null,
        thumb: p.thumb_sha256 ? place(p.thumb_sha256, `${folder}/access/${stem}-p${pageNo}-t.${extensionOf(blobInfo(p.thumb_sha256).mime)}`) : null,
        width: p.width,
        height: p.height,
        dpi: p.dpi,
        rotation: p.rotation,
        skew: p.skew,
        warnings: JSON.parse(p.warnings) as string[],
      };
    });

    let text: FileRef | null = null;
    if (pageRows.length) {
      const path = `${folder}/${stem}.text.json`;
      const documentId = d.id;
      // Made while writing (one document's words at a time), so a county's text never sits in memory at once.
      const entry: PayloadEntry = { path, sha256: null, size: pageRows.reduce((s, p) => s + p.text_bytes + 200, 100), source: { make: () => documentTextBytes(lib, documentId) } };
      entries.push(entry);
      text = { path, sha256: '', size: entry.size };
    }
    const doc: PackageDocument = {
      key: stem,
      unitArchiveCode: unit.archiveCode,
      item: d.item,
      itemNo,
      title: d.title,
      source: d.source,
      createdAt: d.created_at,
      updatedAt: d.updated_at,
      pdf,
      text,
      pages: packagePages,
      description: packageDescriptionOf(d),
    };
    documents.push({ doc, unitId: d.unit_id, entries, bytes: entries.reduce((s, e) => s + e.size, guessed), files: entries.length + (guessed ? 1 : 0) });
  }
  if (!include.masters) warnings.push('未包含原件：县级导入后只有可检索PDF与图像副本');
  if (pendingOcr) warnings.push(`有 ${pendingOcr} 页尚未识别文字，这些页在PDF中不能检索`);

  // People named by the packed households, with their photos.
  const personIds = [...new Set(units.flatMap((u) => u.household?.contacts.map((c) => Number(c.personKey.slice(1))) ?? []))];
  const photoEntries = new Map<string, PayloadEntry>();
  const people: PackageCatalog['people'] = personIds.map((id) => {
    const p = stmt(lib.db, 'SELECT id, name, post, work_unit, phone, photo_sha256 FROM contact_person WHERE id = ?').get(id) as {
      id: number;
      name: string;
      post: string;
      work_unit: string;
      phone: string;
      photo_sha256: string | null;
    };
    let photo: FileRef | null = null;
    if (p.photo_sha256) {
      const { size, mime } = blobInfo(p.photo_sha256);
      const path = `data/photos/${p.photo_sha256.slice(0, 16)}.${extensionOf(mime)}`;
      photo = { path, sha256: p.photo_sha256, size };
      photoEntries.set(`p${p.id}`, { path, sha256: p.photo_sha256, size, source: { blob: p.photo_sha256 } });
    }
    return { key: `p${p.id}`, name: p.name, post: p.post, workUnit: p.work_unit, phone: maskPersonal ? maskPhone(p.phone) : p.phone, photo };
  });

  const keyOfDocument = new Map(documents.map((r, i) => [docs[i]!.id, r.doc.key]));
  const forms = (
    stmt(
      lib.db,
      `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
       SELECT unit_id, document_id, form_type, fields, source, updated_at FROM form_record WHERE unit_id IN (SELECT id FROM sub) ORDER BY unit_id, id`,
    ).all(unitId) as { unit_id: number; document_id: number | null; form_type: PackageCatalog['forms'][number]['type']; fields: string; source: 'manual' | 'excel' | 'ocr'; updated_at: string }[]
  ).map((f) => ({
    unitId: f.unit_id,
    unitArchiveCode: unitById.get(f.unit_id)!.archiveCode,
    documentKey: f.document_id === null ? null : (keyOfDocument.get(f.document_id) ?? null),
    type: f.form_type,
    fields: JSON.parse(f.fields) as unknown,
    source: f.source,
    updatedAt: f.updated_at,
  }));
  const signoffs = (
    stmt(
      lib.db,
      `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)
       SELECT unit_id, stage, reviewer, result, note, signed_at FROM review_signoff WHERE unit_id IN (SELECT id FROM sub) ORDER BY unit_id, id`,
    ).all(unitId) as { unit_id: number; stage: '核查' | '复核' | '审核'; reviewer: string; result: '通过' | '不通过'; note: string; signed_at: string }[]
  ).map((s) => ({ unitId: s.unit_id, unitArchiveCode: unitById.get(s.unit_id)!.archiveCode, stage: s.stage, reviewer: s.reviewer, result: s.result, note: s.note, signedAt: s.signed_at }));

  return { root, units, documents, people, photoEntries, forms, signoffs, warnings, pages };
}

/** A document's text file: every page's OCR text, confidence, word boxes and the clerk's correction. */
function documentTextBytes(lib: Library, documentId: number): Uint8Array {
  const rows = stmt(
    lib.db,
    'SELECT seq, ocr_status, ocr_text, ocr_confidence, ocr_words, corrected_text FROM page WHERE document_id = ? ORDER BY seq',
  ).all(documentId) as { seq: number; ocr_status: 'pending' | 'done' | 'failed'; ocr_text: string | null; ocr_confidence: number | null; ocr_words: string | null; corrected_text: string | null }[];
  const text: DocumentText = {
    pages: rows.map((r) => ({ seq: r.seq, ocrStatus: r.ocr_status, ocrText: r.ocr_text, ocrConfidence: r.ocr_confidence, ocrWords: r.ocr_words, correctedText: r.corrected_text })),
  };
  return Buffer.from(JSON.stringify(text));
}

/** A piece of the dossier that goes into one part whole: a village with its households, or (too large) a household. */
interface Chunk {
  unitIds: Set<number>;
  bytes: number;
  files: number;
  villageName: string | null;
}

export interface Part {
  index: number;
  count: number;
  unitIds: Set<number>;
  villages: string[];
  bytes: number;
  files: number;
}

/** Cuts the dossier into parts of at most maxBytes, by village (by household inside a village too large for one). */
export function planParts(dossier: Dossier, maxBytes: number | null): Part[] {
  const docsOf = new Map<number, DocumentRecord[]>();
  for (const d of dossier.documents) docsOf.set(d.unitId, [...(docsOf.get(d.unitId) ?? []), d]);
  /** Bytes and files of the documents of these units, a blob shared by two of them counted once (as written). */
  const weigh = (ids: Iterable<number>) => {
    const seen = new Set<string>();
    let bytes = 0;
    let files = 0;
    for (const id of ids) {
      for (const d of docsOf.get(id) ?? []) {
        bytes += d.bytes - d.entries.reduce((s, e) => s + e.size, 0);
        files += d.files - d.entries.length;
        for (const e of d.entries) {
          if (e.sha256 !== null && seen.has(e.sha256)) continue;
          if (e.sha256 !== null) seen.add(e.sha256);
          bytes += e.size;
          files++;
        }
      }
    }
    return { bytes, files };
  };
  const packed = dossier.units.filter((u) => u.packed);
  // Units above the villages (the packed township or county itself) travel with the first part.
  const top: Chunk = { unitIds: new Set(packed.filter((u) => u.villageId === null).map((u) => u.id)), bytes: 0, files: 0, villageName: null };
  Object.assign(top, weigh(top.unitIds));
  const chunks: Chunk[] = [];
  for (const village of packed.filter((u) => u.tier === 'village' || (u.tier === 'household' && u.id === dossier.root.id))) {
    const members = packed.filter((u) => u.villageId === village.id || u.id === village.id);
    const whole: Chunk = { unitIds: new Set(members.map((u) => u.id)), villageName: village.tier === 'village' ? village.name : null, ...weigh(members.map((u) => u.id)) };
    if (maxBytes === null || whole.bytes <= maxBytes) {
      chunks.push(whole);
      continue;
    }
    for (const u of members) chunks.push({ unitIds: new Set([u.id]), villageName: whole.villageName, ...weigh([u.id]) });
  }
  const parts: Omit<Part, 'index' | 'count'>[] = [];
  let current: Omit<Part, 'index' | 'count'> = { unitIds: new Set(top.unitIds), villages: [], bytes: top.bytes, files: top.files };
  for (const c of chunks) {
    if (maxBytes !== null && current.bytes + c.bytes > maxBytes && (current.unitIds.size > top.unitIds.size || parts.length > 0)) {
      parts.push(current);
      current = { unitIds: new Set(), villages: [], bytes: 0, files: 0 };
    }
    for (const id of c.unitIds) current.unitIds.add(id);
    if (c.villageName && !current.villages.includes(c.villageName)) current.villages.push(c.villageName);
    current.bytes += c.bytes;
    current.files += c.files;
  }
  parts.push(current);
  // A part's figures as written: a blob shared across its chunks counted once.
  return parts.map((p, i) => ({ ...p, ...weigh(p.unitIds), index: i + 1, count: parts.length }));
}

/** The description columns of a document row (engine/library/migrations/0090_description.ts). */
interface DescriptionColumns {
  author: string;
  ref_number: string;
  doc_date: string;
  piece_no: number | null;
  retention: PackageDescription['retention'];
  secrecy: string;
  remarks: string;
  suggested: string;
  source_name: string | null;
}

function packageDescriptionOf(d: DescriptionColumns): PackageDescription {
  return {
    author: d.author,
    refNumber: d.ref_number,
    date: d.doc_date,
    pieceNo: d.piece_no,
    retention: d.retention,
    secrecy: d.secrecy as PackageDescription['secrecy'],
    remarks: d.remarks,
    suggested: JSON.parse(d.suggested) as PackageDescription['suggested'],
    sourceName: d.source_name,
  };
}
