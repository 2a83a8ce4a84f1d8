// catalog.json: the machine-readable catalog inside an acceptance package (data/catalog.json). It carries what
// another Dangka needs to rebuild the units, households, documents and form records, and what index.html shows.
// The same zod schema writes it (export) and reads it (import), where it is the first line of defence against a
// hostile or broken package: every string bounded, every path a plain relative path under data/, every count capped.
import { DESCRIPTION_FIELDS, RETENTIONS, SECRECY_LEVELS } from '../../shared/description';
import { z } from 'zod';
import { CONTACT_ROLES, HOUSEHOLD_STATUSES, REVIEW_STAGES, TIERS } from '../../shared/domain';
import { FORM_TYPES, type FormType } from '../../shared/forms';

export const PACKAGE_FORMAT = 'dangka-package';
export const PACKAGE_VERSION = 1;

/** Sane limits for reading a package; a real county is ~40,000 households and a few hundred thousand pages. */
export const PACKAGE_LIMITS = {
  units: 200_000,
  documents: 1_000_000,
  pagesPerDocument: 5_000,
  people: 100_000,
  forms: 1_000_000,
  membersPerHousehold: 100,
  /** catalog.json itself. */
  catalogBytes: 512 * 1024 * 1024,
} as const;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, '校验值格式不对');
const str = (max: number) => z.string().max(max);
const isoTime = z.string().max(40).regex(/^\d{4}-\d{2}-\d{2}([T ][0-9:.]+Z?)?$/, '时间格式不对');

/**
 * A path inside the bag as the manifests spell it: data/…, '/' separators, ASCII-safe segments (our own names are
 * 档号-based), no '..', nothing absolute. Import refuses anything else before it touches a file.
 */
export const bagPath = z
  .string()
  .max(400)
  .refine((p) => isSafeBagPath(p), '包内文件路径不安全');

export function isSafeBagPath(p: string): boolean {
  if (!p.startsWith('data/') || p.includes('\\') || p.includes('\0')) return false;
  return p.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export const fileRef = z.object({ path: bagPath, sha256, size: z.number().int().min(0) });
export type FileRef = z.infer<typeof fileRef>;

const member = z.object({
  seq: z.number().int().min(1).max(1000),
  name: str(50),
  idNumber: str(20),
  relation: str(20),
  sex: z.enum(['男', '女']).nullable(),
  birthDate: str(10).nullable(),
  ethnicity: str(20).nullable(),
  education: str(20).nullable(),
  health: str(40).nullable(),
  labourSkill: str(40).nullable(),
  workStatus: str(40).nullable(),
});

const household = z.object({
  householdNo: str(40).min(1),
  naturalVillage: str(50).nullable(),
  attribute: str(40).nullable(),
  mainCause: str(40).nullable(),
  exitYear: z.number().int().nullable(),
  perCapitaIncome: z.number().nullable(),
  phone: str(30).nullable(),
  declaredSize: z.number().int().nullable(),
  status: z.enum(HOUSEHOLD_STATUSES),
  members: z.array(member).max(PACKAGE_LIMITS.membersPerHousehold),
  contacts: z.array(z.object({ role: z.enum(CONTACT_ROLES), personKey: str(20) })).max(CONTACT_ROLES.length),
});

export const packageUnit = z.object({
  /** The unit's 档号: the key units are matched by (households by 户编号). */
  archiveCode: str(64).min(1),
  parentArchiveCode: str(64).nullable(),
  tier: z.enum(TIERS),
  name: str(100).min(1),
  code: z.string().regex(/^\d{1,12}$/),
  codeOfficial: z.boolean(),
  /** The last change to the unit or anything filed under it (documents, forms, sign-offs): the "newer wins" clock. */
  changedAt: isoTime,
  /** False for the ancestors that only place the packed unit in the tree (their own files are not in the package). */
  packed: z.boolean(),
  /** The bag-relative folder holding this unit's files, for people and index.html. */
  folder: bagPath.nullable(),
  household: household.nullable(),
});
export type PackageUnit = z.infer<typeof packageUnit>;

export const packagePerson = z.object({
  key: str(20),
  name: str(50),
  post: str(60),
  workUnit: str(100),
  phone: str(30),
  photo: fileRef.nullable(),
});

export const packagePage = z.object({
  seq: z.number().int().min(1),
  /** null when the package was made without masters (原件); the access copy stands in for it on import. */
  master: fileRef.nullable(),
  masterPage: z.number().int().min(0),
  access: fileRef.nullable(),
  thumb: fileRef.nullable(),
  width: z.number().int().positive().nullable(),
  height: z.number().int().positive().nullable(),
  dpi: z.number().int().positive().nullable(),
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
  skew: z.number().nullable(),
  warnings: z.array(str(200)).max(20),
});

/**
 * A document's text, in a file of its own beside the PDF (<DOC>.text.json): OCR word boxes run to tens of KB a page,
 * so a county's text would not fit one catalog.json.
 */
export const documentText = z.object({
  pages: z
    .array(
      z.object({
        seq: z.number().int().min(1),
        ocrStatus: z.enum(['pending', 'done', 'failed']),
        ocrText: str(200_000).nullable(),
        ocrConfidence: z.number().nullable(),
        /** The OCR word boxes as stored (JSON text), so the county's viewer and PDFs keep the highlights. */
        ocrWords: str(4_000_000).nullable(),
        correctedText: str(200_000).nullable(),
      }),
    )
    .max(PACKAGE_LIMITS.pagesPerDocument),
});
export type DocumentText = z.infer<typeof documentText>;

/**
 * A document's description (著录, shared/description.ts). Optional: packages written before it existed import with
 * nothing described; unknown values are refused by the schema like any other bad field.
 */
export const packageDescription = z.object({
  author: str(100),
  refNumber: str(50),
  date: z.string().regex(/^$|^\d{8}$/, '成文日期应为8位数字'),
  /** 件号 as the clerk ordered the dossier; null = not yet ordered. */
  pieceNo: z.number().int().min(1).max(1_000_000).nullable(),
  retention: z.enum(RETENTIONS).nullable(),
  secrecy: z.enum(SECRECY_LEVELS),
  remarks: str(200),
  /** Pre-filled from the scan and not yet confirmed. */
  suggested: z.array(z.enum(DESCRIPTION_FIELDS)).max(DESCRIPTION_FIELDS.length),
  /** The scan's file name while the title is still it. */
  sourceName: str(200).nullable(),
});
export type PackageDescription = z.infer<typeof packageDescription>;

export const packageDocument = z.object({
  /** Stored name stem, 档号-based: JF02-360124101201-0001-003-001. */
  key: str(80),
  unitArchiveCode: str(64),
  item: str(200).nullable(),
  /** 档案项目 number in the unit's template list (0 = none). */
  itemNo: z.number().int().min(0),
  title: str(200),
  source: z.enum(['file', 'hotFolder', 'upload']),
  createdAt: isoTime,
  updatedAt: isoTime,
  pdf: fileRef.nullable(),
  text: fileRef.nullable(),
  pages: z.array(packagePage).max(PACKAGE_LIMITS.pagesPerDocument),
  description: packageDescription.optional(),
});
export type PackageDocument = z.infer<typeof packageDocument>;

export const packageForm = z.object({
  unitArchiveCode: str(64),
  documentKey: str(80).nullable(),
  type: z.enum(FORM_TYPES as [FormType, ...FormType[]]),
  /** Checked against the form type's schema (shared/forms.ts) on import. */
  fields: z.unknown(),
  source: z.enum(['manual', 'excel', 'ocr']),
  updatedAt: isoTime,
});

export const packageSignoff = z.object({
  unitArchiveCode: str(64),
  stage: z.enum(REVIEW_STAGES),
  reviewer: str(20),
  result: z.enum(['通过', '不通过']),
  note: str(500),
  signedAt: isoTime,
});

/** Who made the package, in which library (engine/pack/provenance.ts); bag-info.txt says the same. */
export const packageMaker = z.object({
  /** The signed-in account; null from the command line. */
  account: str(40).nullable(),
  /** How the trail names them: 王芳（录入员）. */
  name: str(100).min(1),
  libraryId: z.string().regex(/^[0-9a-f]{32}$/, '档案库标识格式不对'),
});
export type PackageMaker = z.infer<typeof packageMaker>;

export const packageCatalog = z.object({
  format: z.literal(PACKAGE_FORMAT),
  version: z.literal(PACKAGE_VERSION),
  createdAt: isoTime,
  createdBy: str(100),
  maker: packageMaker,
  /** The unit packed (the 验收 subject). */
  source: z.object({ archiveCode: str(64), name: str(100), tier: z.enum(TIERS) }),
  /** This bag's part when a dossier was split over several drives. */
  part: z.object({ index: z.number().int().min(1), count: z.number().int().min(1), group: str(100) }),
  /** ID numbers and phones masked: a package for browsing, refused by import. */
  masked: z.boolean(),
  /** The dossier template names of the tiers, for people (the structure itself stays in each library). */
  template: z.object({ name: str(100) }).optional(),
  units: z.array(packageUnit).max(PACKAGE_LIMITS.units),
  people: z.array(packagePerson).max(PACKAGE_LIMITS.people),
  documents: z.array(packageDocument).max(PACKAGE_LIMITS.documents),
  forms: z.array(packageForm).max(PACKAGE_LIMITS.forms),
  signoffs: z.array(packageSignoff).max(PACKAGE_LIMITS.forms),
});
export type PackageCatalog = z.infer<typeof packageCatalog>;
