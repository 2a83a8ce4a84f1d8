// The one API contract. Every front door — Electron IPC (preload), the HTTP API of `dangka serve`, the CLI and
// the tests — calls the engine through these methods. Inputs are zod schemas, checked at the edge by the engine's
// dispatcher; outputs are plain types. Add a method here first, then its handler in engine/api/handlers.ts.
import { z } from 'zod';
import type {
  AuditHistory,
  BackupResult,
  AuditVerifyReport,
  AuthStatus,
  BagImportResult,
  CatalogHit,
  CheckSummary,
  ContactPerson,
  DocumentDetail,
  DocumentSummary,
  FormRecordView,
  FormsImportResult,
  HotFolderStatus,
  HouseholdDetail,
  IngestResult,
  JobState,
  LibraryInfo,
  OcrRunResult,
  OcrStatus,
  OcrWord,
  PackPlan,
  PackResult,
  PackTarget,
  PrintResult,
  DownloadedFile,
  Problem,
  ReviewSignoff,
  RosterImportResult,
  SearchResult,
  UnitDetail,
  UnitNode,
  UserView,
  VerifyReport,
} from './domain';
import { CONFLICT_RULES, CONTACT_ROLES, ROLES, type Role, HOUSEHOLD_STATUSES, REVIEW_STAGES } from './domain';
import { FORM_TYPES, isoDate, type FormType } from './forms';
import { normalizePhone, PHONE_MESSAGE } from './phone';
import type { Result } from './errors';
import { inputsOf, rolesOf, type OutputsOf } from './contract';
import { moduleMethods } from './methods/index';

const id = z.number().int().positive();
/** The units a print batch covers (each with everything under it). */
const selection = z.array(z.number().int().positive()).min(1, '请选择要打印的单位').max(10_000);
/** What goes into an acceptance package besides the catalog, index and report. */
const packInclude = z
  .object({
    /** 原件: the scans exactly as received. */
    masters: z.boolean().default(true),
    /** 可检索PDF: page images with the OCR text, one per document. */
    pdfs: z.boolean().default(true),
  })
  .default({ masters: true, pdfs: true });
const text = (max: number) => z.string().trim().max(max, `不能超过${max}个字`);

/** A phone as a clerk types it; stored normalised. */
export const phoneSchema = z
  .string()
  .trim()
  .min(1, '请填写联系电话')
  .transform((raw, ctx) => {
    const phone = normalizePhone(raw);
    if (phone === null) {
      ctx.addIssue({ code: 'custom', message: PHONE_MESSAGE });
      return z.NEVER;
    }
    return phone;
  });

export const contactPersonInput = z.object({
  name: text(20).min(1, '请填写姓名'),
  post: text(40).min(1, '请填写职务'),
  workUnit: text(60).default(''),
  phone: phoneSchema,
});
export type ContactPersonInput = z.input<typeof contactPersonInput>;

/** Largest upload accepted through the API (a county roster as .xlsx is ~10 MB). */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
const base64 = z.string().max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4, '文件过大（超过100MB）');

const username = z
  .string()
  .trim()
  .min(2, '用户名至少2个字')
  .max(20, '用户名不能超过20个字')
  .regex(/^[\p{L}\p{N}_.-]+$/u, '用户名只能用汉字、字母、数字和 _ . -');
/** Long enough to resist guessing offline; no composition rules (NIST SP 800-63B). */
const newPassword = z.string().min(8, '密码至少8位').max(128, '密码不能超过128位');
const displayName = text(20).min(1, '请填写姓名');

const legacyInputs = {
  /** Whether the library has accounts yet, who is signed in on this session and whether it is locked. */
  'auth.status': z.object({}),
  /** The first run: creates the administrator (only while the library has no account) and signs them in. */
  'auth.setup': z.object({ username, displayName, password: newPassword }),
  'auth.login': z.object({ username: z.string().trim().min(1, '请填写用户名').max(20), password: z.string().min(1, '请填写密码').max(128) }),
  'auth.logout': z.object({}),
  /** Locks the session now (the renderer's idle timer, or 锁定 in the header). */
  'auth.lock': z.object({}),
  'auth.unlock': z.object({ password: z.string().min(1, '请填写密码').max(128) }),
  'auth.changePassword': z.object({ oldPassword: z.string().min(1, '请填写原密码').max(128), newPassword }),
  'users.list': z.object({}),
  'users.create': z.object({ username, displayName, role: z.enum(ROLES), password: newPassword }),
  /** An administrator changes a user: name, role, enabled, or sets a new password. */
  'users.update': z.object({ id, displayName: displayName.optional(), role: z.enum(ROLES).optional(), active: z.boolean().optional(), password: newPassword.optional() }),
  /** The history (全程留痕) of a unit and what is filed under it, or of one document and its pages, newest first. */
  'audit.history': z
    .object({ unitId: id.optional(), documentId: id.optional(), limit: z.number().int().min(1).max(500).default(100), offset: z.number().int().min(0).default(0) })
    .refine((v) => (v.unitId === undefined) !== (v.documentId === undefined), '请指定单位或文件'),
  /** Checks the audit trail's hash chain: a record changed or deleted behind Dangka's back is named. */
  'audit.verify': z.object({}),
  /** The household's members with their full ID numbers: for reviewers and administrators, and recorded. */
  'household.idNumbers': z.object({ id }),

  'library.info': z.object({}),
  'catalog.children': z.object({ parentId: id.nullable() }),
  'catalog.unit': z.object({ id }),
  'catalog.household': z.object({ id }),
  'catalog.search': z.object({ query: text(50), limit: z.number().int().min(1).max(100).default(20) }),
  /** Full-text search of page text, document titles and place names; unitId = that unit's subtree. */
  'search.documents': z.object({
    query: text(100),
    unitId: id.optional(),
    item: text(200).optional(),
    limit: z.number().int().min(1).max(100).default(20),
    offset: z.number().int().min(0).max(1000).default(0),
  }),
  'household.setStatus': z.object({ id, status: z.enum(HOUSEHOLD_STATUSES) }),
  /** Puts a person in one of the household's three contact roles: an existing person (personId) or a new one. */
  'contact.assign': z.object({
    householdId: id,
    role: z.enum(CONTACT_ROLES),
    personId: id.optional(),
    person: contactPersonInput.optional(),
  }),
  /** Edits a person; the change shows on every household the person serves. */
  'contact.update': z.object({ personId: id, person: contactPersonInput }),
  'contact.search': z.object({ query: text(20), limit: z.number().int().min(1).max(50).default(10) }),
  'contact.setPhoto': z.object({ personId: id, fileName: text(255), contentBase64: base64 }),
  'file.dataUrl': z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  'roster.importStart': z.object({ fileName: text(255).min(1), contentBase64: base64, keepValid: z.boolean().default(false) }),
  'documents.list': z.object({ unitId: id.nullable(), item: text(200).optional() }),
  'documents.get': z.object({ id }),
  'documents.file': z.object({ id, unitId: id.nullable(), item: text(200).nullable(), title: text(200).min(1).optional() }),
  'documents.reorder': z.object({ id, pageIds: z.array(id).min(1) }),
  'documents.split': z.object({ id, atSeq: z.number().int().min(2) }),
  'documents.merge': z.object({ id, otherId: id }),
  'documents.items': z.object({ unitId: id }),
  /** Template items of `unitId` the document probably belongs to, from its title and text, best first. */
  'documents.suggest': z.object({ id, unitId: id }),
  /**
   * Hands one file (scan, photo, PDF) to the library's upload area; ingest.start then imports uploads. One call per
   * file keeps each request small and lets the UI show the upload of a large batch file by file.
   */
  'ingest.upload': z.object({ fileName: text(255).min(1), contentBase64: base64 }),
  /** Imports uploaded files as documents (one per file) filed to unitId/item, or into the inbox (unitId null). */
  'ingest.start': z.object({
    uploadIds: z.array(z.string().regex(/^[0-9a-f-]{36}$/, '上传编号无效')).min(1, '请选择要导入的文件').max(1000, '一次最多导入1000个文件'),
    unitId: id.nullable(),
    item: text(200).nullable(),
  }),
  /** Pages waiting for or failed in OCR, and the running OCR job if any. */
  'ocr.status': z.object({}),
  /** Starts reading every pending page (and, with retryFailed, the failed ones again) unless a run is going. */
  'ocr.start': z.object({ retryFailed: z.boolean().default(false) }),
  /** The scanner folder of this workstation (per computer, not per library); null turns it off. */
  'hotFolder.get': z.object({}),
  'hotFolder.set': z.object({ dir: z.string().trim().min(1).max(1000).nullable() }),
  /** The document's searchable PDF (page images with the OCR text invisible on top), made now if not yet made. */
  'documents.pdf': z.object({ id }),
  'pages.correct': z.object({ pageId: id, text: z.string().max(100_000) }),
  /** Turns the page by the clerk's quarter turn (clockwise, from the scan as received) and reads it again. */
  'pages.rotate': z.object({ pageId: id, rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]) }),
  'pages.words': z.object({ pageId: id }),
  /** Runs the checks: the whole county, or (unitId of a village or household) that village after an edit. */
  'check.run': z.object({ unitId: id.optional() }),
  /** A unit's completeness and open problems rolled up over its subtree, with its children's. */
  'check.summary': z.object({ unitId: id }),
  'problems.list': z.object({
    unitId: id,
    status: z.enum(['open', 'rectified', 'closed', 'all']).default('open'),
    severity: z.enum(['error', 'warning']).optional(),
    roundId: id.optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  }),
  'problems.add': z.object({
    unitId: id,
    severity: z.enum(['error', 'warning']),
    description: text(500).min(1, '请描述问题'),
    measure: text(500).optional(),
    responsibleUnit: text(60).optional(),
    responsiblePerson: text(20).optional(),
    deadline: isoDate.nullable().optional(),
    acceptanceDue: isoDate.nullable().optional(),
    acceptanceUnit: text(60).optional(),
    roundId: id.nullable().optional(),
    createdBy: text(20).min(1, '请填写发现人'),
  }),
  /** 整改: the measure, who is responsible, by when; and when and by which unit it is to be accepted. */
  'problems.update': z.object({
    id,
    measure: text(500).optional(),
    responsibleUnit: text(60).optional(),
    responsiblePerson: text(20).optional(),
    deadline: isoDate.nullable().optional(),
    acceptanceDue: isoDate.nullable().optional(),
    acceptanceUnit: text(60).optional(),
  }),
  /** 验收销号 by a reviewer, with a note. */
  'problems.accept': z.object({ id, by: text(20).min(1, '请填写验收人'), note: text(500).min(1, '请填写验收意见') }),
  'forms.list': z.object({ unitId: id }),
  /** Creates (no id) or replaces a form record; fields are checked against the form type's schema (shared/forms.ts). */
  'forms.save': z.object({ id: id.optional(), unitId: id, documentId: id.nullable().default(null), type: z.enum(FORM_TYPES as [FormType, ...FormType[]]), fields: z.unknown() }),
  'forms.delete': z.object({ id }),
  /** Fields of a form of `type` read from the document's OCR text, for the clerk to confirm (nothing is saved). */
  'forms.prefill': z.object({ documentId: id, type: z.enum(FORM_TYPES as [FormType, ...FormType[]]) }),
  /** Form records from an Excel workbook, one sheet per form type (engine/validate/formsImport.ts); a job. */
  'forms.importStart': z.object({ fileName: text(255).min(1), contentBase64: base64 }),
  /** 明白卡 of every household under the units chosen, in catalog order (a job: a township is thousands of cards). */
  'print.cards': z.object({ unitIds: selection, layout: z.enum(['a4', 'a5', 'a6']).default('a4'), copies: z.enum(['both', 'village', 'family']).default('both') }),
  /** The household's own 明白卡 (贫困户精准扶贫明白卡, A4) of every household under the unit (a job). */
  'print.householdCards': z.object({ unitIds: selection }),
  /** 案卷封面, 卷内目录, 备考表 and 脊背 of every dossier under the unit, in catalog order (a job). */
  'print.binder': z.object({ unitIds: selection, spineCm: z.union([z.literal(2), z.literal(3), z.literal(4), z.literal(5), z.literal(6)]).default(3) }),
  /** One page of a finished print job, rendered for the print centre's preview. */
  'print.preview': z.object({ jobId: z.string().max(64), page: z.number().int().min(1) }),
  /** A finished print job's PDF, whole or pages from–to (1-based), to save or print. */
  'print.pdf': z.object({ jobId: z.string().max(64), from: z.number().int().min(1).optional(), to: z.number().int().min(1).optional() }),
  /** Opens the job's PDF (pages from–to) in this computer's PDF reader, to print through its print dialog. */
  'print.open': z.object({ jobId: z.string().max(64), from: z.number().int().min(1).optional(), to: z.number().int().min(1).optional() }),
  /** 台账: the four household ledgers (稳定/监测/返贫/边缘) or the problem ledger of a unit's subtree. */
  'ledger.export': z.object({ unitId: id, kind: z.enum(['households', 'problems']), format: z.enum(['xlsx', 'pdf']), roundId: id.optional() }),
  'review.list': z.object({ unitId: id, roundId: id.optional() }),
  'review.signoff': z.object({
    unitId: id,
    /** The review round signed in (核查轮次); without one, the unit's signatures outside any round. */
    roundId: id.optional(),
    stage: z.enum(REVIEW_STAGES),
    reviewer: text(20).min(1, '请填写审核人姓名'),
    result: z.enum(['通过', '不通过']),
    note: text(500).default(''),
  }),
  /** Removable drives (U盘) and the library's own export folder, with free space, for the package wizard. */
  'pack.targets': z.object({}),
  /** What an acceptance package of the unit would hold, split into parts of at most maxPartBytes by village. */
  'pack.plan': z.object({
    unitId: id,
    outDir: z.string().trim().min(1, '请选择保存位置').max(1000),
    include: packInclude,
    maxPartBytes: z.number().int().min(16 * 1024 * 1024, '分卷不能小于16MB').nullable().default(null),
  }),
  /** Writes the package (BagIt bags) into outDir: all parts, or only `part` (the next USB stick); a job. */
  'pack.start': z.object({
    unitId: id,
    outDir: z.string().trim().min(1, '请选择保存位置').max(1000),
    include: packInclude,
    maxPartBytes: z.number().int().min(16 * 1024 * 1024, '分卷不能小于16MB').nullable().default(null),
    part: z.number().int().min(1).nullable().default(null),
    /** ID numbers and phones masked (4107**********1234): for browsing only, such a package cannot be imported. */
    maskPersonal: z.boolean().default(false),
  }),
  /** Checks a bag: complete and every checksum right (RFC 8493); a job. */
  'pack.verifyStart': z.object({ dir: z.string().trim().min(1, '请选择要校验的数据包').max(1000) }),
  /** Verifies a township's package and merges it into this library in one transaction; a job. */
  'pack.importStart': z.object({
    dir: z.string().trim().min(1, '请选择要导入的数据包').max(1000),
    onConflict: z.enum(CONFLICT_RULES).default('newer'),
  }),
  /** Backs the library up as a verifiable bag (database snapshot + every stored file) into outDir; a job. */
  'library.backupStart': z.object({ outDir: z.string().trim().min(1, '请选择备份位置').max(1000), label: text(100).optional() }),
  'job.get': z.object({ jobId: z.string().max(64) }),
  'job.cancel': z.object({ jobId: z.string().max(64) }),
} as const;

interface LegacyOutputs {
  'auth.status': AuthStatus;
  'auth.setup': { session: string; status: AuthStatus };
  'auth.login': { session: string; status: AuthStatus };
  'auth.logout': AuthStatus;
  'auth.lock': AuthStatus;
  'auth.unlock': AuthStatus;
  'auth.changePassword': AuthStatus;
  'users.list': UserView[];
  'users.create': UserView;
  'users.update': UserView;
  'audit.history': AuditHistory;
  'audit.verify': AuditVerifyReport;
  'household.idNumbers': { memberId: number; name: string; idNumber: string }[];
  'library.info': LibraryInfo;
  'catalog.children': UnitNode[];
  'catalog.unit': UnitDetail;
  'catalog.household': HouseholdDetail;
  'catalog.search': CatalogHit[];
  'search.documents': SearchResult;
  'household.setStatus': HouseholdDetail;
  'contact.assign': HouseholdDetail;
  'contact.update': ContactPerson;
  'contact.search': ContactPerson[];
  'contact.setPhoto': ContactPerson;
  'file.dataUrl': string;
  'roster.importStart': { jobId: string };
  'documents.list': DocumentSummary[];
  'documents.get': DocumentDetail;
  'documents.file': DocumentDetail;
  'documents.reorder': DocumentDetail;
  'documents.split': DocumentDetail;
  'documents.merge': DocumentDetail;
  'documents.items': string[];
  'documents.suggest': { item: string; reason: string }[];
  'ingest.upload': { uploadId: string };
  'ingest.start': { jobId: string };
  'ocr.status': OcrStatus;
  'ocr.start': { jobId: string | null };
  'hotFolder.get': HotFolderStatus;
  'hotFolder.set': HotFolderStatus;
  'documents.pdf': { sha256: string; fileName: string };
  'pages.correct': DocumentDetail;
  'pages.rotate': DocumentDetail;
  'pages.words': OcrWord[];
  'check.run': { unitsChecked: number; errors: number; warnings: number };
  'check.summary': CheckSummary;
  'problems.list': { total: number; problems: Problem[] };
  'problems.add': Problem;
  'problems.update': Problem;
  'problems.accept': Problem;
  'forms.list': FormRecordView[];
  'forms.save': FormRecordView;
  'forms.delete': FormRecordView;
  'forms.prefill': Record<string, unknown>;
  'forms.importStart': { jobId: string };
  'ledger.export': { fileName: string; contentBase64: string };
  'print.cards': { jobId: string };
  'print.binder': { jobId: string };
  'print.householdCards': { jobId: string };
  'print.preview': { dataUrl: string; pages: number };
  'print.pdf': DownloadedFile;
  /** opened false: no PDF reader could be started; the file is at path. */
  'print.open': { path: string; opened: boolean };
  'review.list': ReviewSignoff[];
  'review.signoff': ReviewSignoff[];
  /**
   * The job's result depends on its kind: roster.import → RosterImportResult, ingest → IngestResult,
   * ocr → OcrRunResult, forms.import → FormsImportResult, print → PrintResult, pack → PackResult,
   * pack.verify → PackageVerifyReport (shared/fixity.ts), pack.import → BagImportResult.
   */
  'library.backupStart': { jobId: string };
  'pack.targets': PackTarget[];
  'pack.plan': PackPlan;
  'pack.start': { jobId: string };
  'pack.verifyStart': { jobId: string };
  'pack.importStart': { jobId: string };
  'job.get': JobState<AnyJobResult>;
  'job.cancel': JobState<AnyJobResult>;
}

export const apiInputs = { ...legacyInputs, ...inputsOf(moduleMethods) };

export interface ApiOutputs extends LegacyOutputs, OutputsOf<typeof moduleMethods> {}

type AnyJobResult = RosterImportResult | IngestResult | OcrRunResult | FormsImportResult | PrintResult | PackResult | VerifyReport | BagImportResult | BackupResult;

export type ApiMethod = keyof typeof apiInputs & keyof ApiOutputs;

/**
 * Who may call what when the front door has sessions (the app, `dangka serve`): 'anyone' needs no session; a role
 * means that role or a higher one (录入员 < 审核员 < 管理员). Every method not listed needs a signed-in user.
 */
export const REQUIRED_ROLE: Partial<Record<ApiMethod, Role | 'anyone'>> = {
  'auth.status': 'anyone',
  'auth.setup': 'anyone',
  'auth.login': 'anyone',
  'auth.logout': 'anyone',
  'review.signoff': 'reviewer',
  'problems.accept': 'reviewer',
  'household.idNumbers': 'reviewer',
  'pack.importStart': 'reviewer',
  'users.list': 'admin',
  'users.create': 'admin',
  'users.update': 'admin',
  'audit.verify': 'admin',
  // A backup carries every ID number and phone.
  'library.backupStart': 'admin',
  // Its files are moved away after import: only an administrator chooses where that happens.
  'hotFolder.set': 'admin',
  ...rolesOf(moduleMethods),
};

const ROLE_RANK: Record<Role, number> = { clerk: 1, reviewer: 2, admin: 3 };

export function roleAllows(role: Role, method: ApiMethod): boolean {
  const needed = REQUIRED_ROLE[method] ?? 'clerk';
  return needed === 'anyone' || ROLE_RANK[role] >= ROLE_RANK[needed];
}

/** The HTTP header (and IPC argument) that carries the session of `dangka serve` and the app. */
export const HTTP_SESSION_HEADER = 'x-dangka-session';
export type ApiInput<M extends ApiMethod> = z.input<(typeof apiInputs)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof apiInputs)[M]>;
export type ApiOutput<M extends ApiMethod> = ApiOutputs[M];

export const API_METHODS = Object.keys(apiInputs) as ApiMethod[];

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.hasOwn(apiInputs, name);
}

/** What every transport provides: call a method, get a Result. */
export type ApiCall = <M extends ApiMethod>(method: M, input: ApiInput<M>) => Promise<Result<ApiOutput<M>>>;

/** The HTTP transport of `dangka serve`: POST /api/<method> with JSON input, header X-Dangka-Token. */
export const HTTP_TOKEN_HEADER = 'x-dangka-token';
export const HTTP_TOKEN_COOKIE = 'dangka_token';
