// Domain types shared by engine, renderer, CLI and shell. Pure: no Node, no DOM.
// Glossary of Chinese terms and their code names: docs/glossary.md.

/** 市 / 县 / 乡镇 / 村 / 户; the 市 is optional (a library may hold one county, or a 市 and its counties). */
export const TIERS = ['city', 'county', 'township', 'village', 'household'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_LABEL: Record<Tier, string> = {
  city: '市',
  county: '县',
  township: '乡镇',
  village: '村',
  household: '户',
};

/** 户类型 in the seed ledgers: 稳定脱贫户 green, 监测户 blue, 返贫户 red, 边缘户 its own list. */
export const HOUSEHOLD_STATUSES = ['ordinary', 'stable', 'monitored', 'returned', 'marginal'] as const;
export type HouseholdStatus = (typeof HOUSEHOLD_STATUSES)[number];

export const HOUSEHOLD_STATUS_LABEL: Record<HouseholdStatus, string> = {
  ordinary: '一般',
  stable: '稳定脱贫户',
  monitored: '监测户',
  returned: '返贫户',
  marginal: '边缘户',
};

/** The ledger colours of seed 002 (稳定 绿, 监测 蓝, 返贫 红); 边缘户 is kept on its own list (we use orange). */
export const HOUSEHOLD_STATUS_COLOR: Record<HouseholdStatus, string> = {
  ordinary: 'default',
  stable: 'green',
  monitored: 'blue',
  returned: 'red',
  marginal: 'orange',
};

/** The three 明白卡 contact persons of every household. */
export const CONTACT_ROLES = ['groupLeader', 'firstSecretary', 'helper'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const CONTACT_ROLE_LABEL: Record<ContactRole, string> = {
  groupLeader: '脱贫责任组组长',
  firstSecretary: '驻村第一书记',
  helper: '帮扶责任人',
};

export interface UnitRef {
  id: number;
  tier: Tier;
  name: string;
}

/** One row of the catalog tree; children are loaded when a node is opened. */
export interface UnitNode extends UnitRef {
  archiveCode: string;
  childCount: number;
  /** Households only. */
  status?: HouseholdStatus;
}

export interface TemplateCategory {
  name: string;
  code?: string;
  items: string[];
}

export interface UnitDetail extends UnitRef {
  archiveCode: string;
  regionCode: string | null;
  /** From the county down to this unit, inclusive. */
  path: UnitRef[];
  counts: { counties: number; townships: number; villages: number; households: number; persons: number };
  /** The dossier template that applies to this tier (村 7类22项, 乡镇 5类22项, 县 classes, 户 items). */
  template: TemplateCategory[];
}

export interface Member {
  id: number;
  name: string;
  /** Masked in every list: 4107**********1234. */
  idNumberMasked: string;
  relation: string;
  sex: '男' | '女' | null;
  birthDate: string | null;
  ethnicity: string | null;
  education: string | null;
  health: string | null;
  labourSkill: string | null;
  workStatus: string | null;
}

export interface ContactPerson {
  id: number;
  name: string;
  post: string;
  workUnit: string;
  phone: string;
  /** SHA-256 of the photo in the file store. */
  photoSha256: string | null;
  /** How many households this person serves (in any role). */
  householdCount: number;
}

export interface HouseholdDetail {
  unit: UnitDetail;
  householdNo: string;
  naturalVillage: string | null;
  headName: string | null;
  attribute: string | null;
  mainCause: string | null;
  exitYear: number | null;
  perCapitaIncome: number | null;
  phone: string | null;
  status: HouseholdStatus;
  declaredSize: number | null;
  members: Member[];
  contacts: Record<ContactRole, ContactPerson | null>;
}

export interface CatalogHit {
  unitId: number;
  tier: Tier;
  name: string;
  archiveCode: string;
  /** 某县 / 某镇 / 某村 */
  pathLabel: string;
  /** What matched when it was not the unit name, e.g. a member: '张三 4107**********1234'. */
  matchedLabel: string | null;
}

export interface LibraryInfo {
  path: string;
  schemaVersion: number;
  template: { id: string; version: string; name: string };
  counts: { townships: number; villages: number; households: number; persons: number; contacts: number };
  countyName: string | null;
}

export interface RosterProblem {
  /** 1-based row in the sheet, as Excel shows it; null for a whole-file problem. */
  row: number | null;
  column: string | null;
  householdNo: string | null;
  message: string;
}

export interface RosterImportResult {
  fileRows: number;
  households: { created: number; updated: number; skipped: number };
  persons: number;
  townshipsCreated: number;
  villagesCreated: number;
  problems: RosterProblem[];
  /** False when problems stopped the import (all-or-nothing) and nothing was changed. */
  applied: boolean;
}

export type JobStatus = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobState<R = unknown> {
  id: string;
  kind: string;
  status: JobStatus;
  /** A Chinese label of the current phase, e.g. 读取表格, 检查, 写入. */
  phase: string;
  done: number;
  total: number;
  startedAt: number;
  etaSeconds: number | null;
  /** What done/total count when not items: 'bytes' for writing and verifying packages (shown as MB). */
  unit?: 'bytes';
  result: R | null;
  error: { code: string; message: string } | null;
  /** When it ended (null while running). */
  finishedAt: number | null;
  /** The unit it concerns, when it concerns one (a print's first unit, a package's unit). */
  unitId: number | null;
  /** Who started it, as the audit trail names them. */
  actor: string;
  /** How many times it has been started (a resumed job counts again). */
  attempts: number;
  /** The file it made (a print's PDF), kept in the library's file store: fetched by hash with job.resultFile. */
  resultSha256: string | null;
}

/** A document (件): ordered pages filed to a unit and template item; unitId null = in the inbox (收件箱). */
export interface DocumentSummary {
  id: number;
  unitId: number | null;
  /** '<category>/<item>' of the unit's template, null while unassigned. */
  item: string | null;
  title: string;
  source: 'file' | 'hotFolder' | 'upload';
  createdAt: string;
  pageCount: number;
  ocrPending: number;
  ocrFailed: number;
  thumbSha256: string | null;
}

export interface PageInfo {
  id: number;
  seq: number;
  masterSha256: string;
  masterPage: number;
  accessSha256: string | null;
  thumbSha256: string | null;
  width: number | null;
  height: number | null;
  dpi: number | null;
  rotation: 0 | 90 | 180 | 270;
  skew: number | null;
  /** Chinese warnings from clean-up, e.g. 分辨率低于200dpi. */
  warnings: string[];
  ocrStatus: 'pending' | 'done' | 'failed';
  ocrConfidence: number | null;
  ocrError: string | null;
  /** The clerk's correction when there is one, else the OCR text. */
  text: string | null;
  corrected: boolean;
}

export interface DocumentDetail extends DocumentSummary {
  unitPath: UnitRef[];
  pages: PageInfo[];
}

export interface IngestFileResult {
  fileName: string;
  /** duplicate: the same file is already filed here; cancelled: not imported because the clerk cancelled. */
  status: 'imported' | 'duplicate' | 'failed' | 'cancelled';
  documentId: number | null;
  pages: number;
  /** Chinese: why it failed, or where the duplicate already is. */
  message: string | null;
}

export interface IngestResult {
  files: IngestFileResult[];
  /** Pages read by OCR in this job; the rest (cancelled, failed) stay pending or failed, see ocrFailed. */
  pagesOcred: number;
  ocrFailed: number;
}

/**
 * Pages whose mean OCR confidence is below this are flagged for the clerk to check. Measured on the bench pages
 * (bench/ocr.ts, with and without clean-up): every reading with a character error rate above 15% scored below 80,
 * and every reading scoring 80 or more had an error rate under 10%.
 */
export const LOW_CONFIDENCE = 80;
/** Words under this confidence are highlighted in the page viewer. */
export const LOW_WORD_CONFIDENCE = 60;

export interface OcrRunResult {
  pagesOcred: number;
  failed: number;
}

export interface OcrStatus {
  pending: number;
  failed: number;
  /** Pages read with a mean confidence under LOW_CONFIDENCE and not yet corrected by the clerk. */
  lowConfidence: number;
  /** The OCR run going now (ingest jobs read their own pages), or null. */
  jobId: string | null;
}

export interface HotFolderStatus {
  /** The watched folder on this computer, or null when none is set. */
  dir: string | null;
  /** Watching now (only while the app or `dangka serve` runs). */
  active: boolean;
  /** Chinese: why the folder cannot be watched (missing, no permission), or null. */
  problem: string | null;
  /** Files taken from it since the app started. */
  imported: number;
  failed: number;
}

/** A word OCR found, with its box on the access image (pixels). */
export interface OcrWord {
  text: string;
  confidence: number;
  bbox: [number, number, number, number];
}

/** A piece of a search snippet; match = the query matched here. Plain text: render it as text, never as HTML. */
export interface SnippetSegment {
  text: string;
  match: boolean;
}

/** One hit of the full-text search: a page (its text matched) or a document (its title or place names matched). */
export interface SearchHit {
  kind: 'page' | 'document';
  documentId: number;
  pageId: number | null;
  /** 第N页, 1-based; null for a document hit. */
  pageSeq: number | null;
  /** null while the document is in the inbox (收件箱). */
  unitId: number | null;
  /** 某县 / 某镇 / 某村 / 户主, or 收件箱. */
  pathLabel: string;
  documentTitle: string;
  item: string | null;
  snippet: SnippetSegment[];
  /** Relevance (bm25), higher is better; 0 when the result is not ranked. */
  score: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Number of hits, counted up to a limit; totalIsLowerBound = there are more than total. */
  total: number;
  totalIsLowerBound: boolean;
  /**
   * True when total is estimated from the hits among the newest candidates confirmed (long words on thousands of
   * pages): the UI says 约 N 条. False: total is exact (or, with totalIsLowerBound, exactly the limit counted).
   */
  totalIsEstimate: boolean;
  /** False when a word was too common to rank by relevance (e.g. 贫困 on most pages): the newest hits come first. */
  ranked: boolean;
  /** Changes still waiting to be indexed (after a big import); hits may be missing until they are. */
  pending: number;
}

/** A check's figures for a unit and its subtree (the roll-up of villages and households below it). */
export interface CheckFigures {
  required: number;
  present: number;
  /** present / required × 100, one decimal; null before the first check. */
  percent: number | null;
  openErrors: number;
  openWarnings: number;
  /** Open problems past their deadline. */
  overdue: number;
}

export interface CheckSummary extends CheckFigures {
  unit: UnitRef;
  /** When this unit was last checked; null = never. */
  checkedAt: string | null;
  /** The unit's own missing or incomplete entries (its template items; for a household also its 明白卡). */
  missing: string[];
  /** The units one level down with their roll-ups (villages of a township, households of a village). */
  children: (CheckFigures & { unit: UnitRef })[];
  /** 著录: the documents under the unit, and those not yet described (shared/description.ts). */
  description?: { documents: number; undescribed: number };
}

export type ProblemSeverity = 'error' | 'warning';

export type ProblemStage = 'open' | 'rectified' | 'returned' | 'closed';
export const PROBLEM_STAGE_LABEL: Record<ProblemStage, string> = { open: '待整改', rectified: '已整改待验收', returned: '退回整改', closed: '已销号' };

/** One entry of the problem ledger (问题清单/整改台账). */
export interface Problem {
  id: number;
  unit: UnitRef;
  /** 某县 / 某镇 / 某村 / 户主 */
  pathLabel: string;
  /** null for a problem a reviewer added by hand. */
  ruleId: string | null;
  severity: ProblemSeverity;
  description: string;
  refs: { documentId?: number; formId?: number; field?: string; unitId?: number; label?: string }[];
  measure: string;
  responsibleUnit: string;
  responsiblePerson: string;
  deadline: string | null;
  /** Past its 整改时限 while not rectified, or past its planned 验收时间 while waiting for acceptance. */
  overdue: boolean;
  /** open until a person accepts it (验收销号); never closed by the checks. */
  status: 'open' | 'closed';
  /** Where it stands: 待整改, 已整改待验收, 退回整改, 已销号. */
  stage: ProblemStage;
  /** accepted: a reviewer accepted the rectification (the only way a problem closes). */
  closedHow: 'accepted' | null;
  /** 验收人 */
  closedBy: string | null;
  /** 验收时间 (actual) */
  closedAt: string | null;
  /** 验收意见 */
  closeNote: string | null;
  /** When the rule passed again or the clerk reported the rectification done (已整改待验收). */
  rectifiedAt: string | null;
  /** Planned 验收时间 (YYYY-MM-DD). */
  acceptanceDue: string | null;
  /** 验收责任单位 */
  acceptanceUnit: string;
  /** The last 退回整改: why, by whom, when (cleared when the rectification is reported done again). */
  returnedReason: string | null;
  returnedBy: string | null;
  returnedAt: string | null;
  /** The review round (核查轮次) it was found in, if any. */
  roundId: number | null;
  createdBy: string;
  createdAt: string;
}

export interface FormRecordView {
  id: number;
  unitId: number;
  documentId: number | null;
  type: string;
  fields: Record<string, unknown>;
  source: 'manual' | 'excel' | 'ocr';
  updatedAt: string;
}

export const REVIEW_STAGES = ['核查', '复核', '审核'] as const;
export type ReviewStage = (typeof REVIEW_STAGES)[number];

export interface ReviewSignoff {
  id: number;
  unitId: number;
  stage: ReviewStage;
  reviewer: string;
  result: '通过' | '不通过';
  note: string;
  signedAt: string;
  /** The review round (核查轮次) signed in; null for signatures made before rounds existed. */
  roundId: number | null;
}

export interface FormsImportResult {
  /** False when problems stopped the import (all-or-nothing) and nothing was changed. */
  applied: boolean;
  /** Records read per form type. */
  records: Record<string, number>;
  /** Row, column and a Chinese message, as for the roster (householdNo: the 户编号 of a household row). */
  problems: RosterProblem[];
}

/** A print job's PDF (明白卡, binder parts) and what the clerk should know before printing it. */
export interface PrintResult {
  fileName: string;
  /** The PDF in the library's file store (also the job's resultSha256). */
  sha256: string;
  pages: number;
  /** Chinese: placeholders that will print (no photo, no phone), characters the font lacks. */
  warnings: string[];
}

/** A file handed to the clerk to save (a print's PDF or some of its pages, a job's result). */
export interface DownloadedFile {
  fileName: string;
  mime: string;
  contentBase64: string;
}

/** A place the package wizard offers to write to: a removable drive (U盘) or a folder, with its free space. */
export interface PackTarget {
  path: string;
  /** Chinese, e.g. "U盘 KINGSTON (E:)" or "/media/clerk/KINGSTON". */
  label: string;
  removable: boolean;
  freeBytes: number;
  totalBytes: number;
}

/** What `pack.start` would write: one bag per part when the dossier is split by village to fit a drive. */
export interface PackPlan {
  unit: UnitRef & { archiveCode: string };
  households: number;
  documents: number;
  pages: number;
  files: number;
  bytes: number;
  parts: { index: number; count: number; villages: string[]; files: number; bytes: number }[];
  /** Free space where it will be written (null when the folder does not exist yet). */
  freeBytes: number | null;
  /** Chinese: pages still waiting for OCR, documents without a searchable PDF, … */
  warnings: string[];
}

/** A bag written by `pack.start`. */
export interface WrittenBag {
  path: string;
  name: string;
  part: number;
  count: number;
  files: number;
  bytes: number;
}

export interface PackResult {
  bags: WrittenBag[];
  warnings: string[];
}

/**
 * One thing wrong with a bag, per RFC 8493: missing/changed/extra payload files, or a broken or unsafe structure;
 * on import also a conflict with the library (a household or unit the library has elsewhere, an unexpected source).
 */
export interface BagProblem {
  kind: 'missing' | 'changed' | 'extra' | 'structure' | 'unsafe' | 'conflict';
  /** The path inside the bag ('' for the bag itself). */
  path: string;
  message: string;
}

export interface VerifyReport {
  path: string;
  /** Complete and every digest matches (RFC 8493 "valid"). */
  valid: boolean;
  files: number;
  bytes: number;
  problems: BagProblem[];
  /** bag-info.txt, label → value (first value when repeated). */
  info: Record<string, string>;
}

/** How an import settles a household (or village) the library already has with different data. */
export const CONFLICT_RULES = ['newer', 'package', 'library'] as const;
export type ConflictRule = (typeof CONFLICT_RULES)[number];

export interface BagImportConflict {
  archiveCode: string;
  name: string;
  /** Whose data stands: the package's or the library's. */
  kept: 'package' | 'library';
  /** Chinese: why (the package is newer/older, the clerk's choice). */
  reason: string;
}

export interface BagImportResult {
  /** False when verification or a check refused the package; nothing was changed then. */
  applied: boolean;
  source: string;
  unitsCreated: number;
  unitsUpdated: number;
  documentsAdded: number;
  /** Documents the library already had (same pages by hash). */
  documentsSkipped: number;
  filesStored: number;
  filesReused: number;
  forms: number;
  conflicts: BagImportConflict[];
  problems: BagProblem[];
}

/** 录入员 (clerk), 审核员 (reviewer), 管理员 (admin). */
export const ROLES = ['clerk', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export const ROLE_LABEL: Record<Role, string> = { clerk: '录入员', reviewer: '审核员', admin: '管理员' };

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export interface AuthStatus {
  /** No account yet: the first run creates the administrator. */
  needsSetup: boolean;
  /** The session's user; null when not signed in. */
  user: UserView | null;
  /** Locked after idle time: the same user unlocks with the password. */
  locked: boolean;
  /** Minutes of inactivity after which the screen locks. */
  idleLockMinutes: number;
}

/** One record of the audit trail, as the history panel shows it (ID numbers and phones masked). */
export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  /** The API method or job that made the change. */
  action: string;
  /** Chinese: 修改户信息, 新增文件, 导出验收数据包 … */
  what: string;
  table: string;
  rowId: number | null;
  changes: { field: string; before: unknown; after: unknown }[];
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditHistory {
  total: number;
  entries: AuditEntry[];
  /** What the ids in the entries name (a unit, a contact person, a document), keyed `field:id`, e.g. `person_id:12`. */
  refs: Record<string, string>;
}

export interface AuditVerifyReport {
  records: number;
  ok: boolean;
  /** The record id and a Chinese description: changed, deleted. */
  problems: { id: number; message: string }[];
}

/** A backup written by `library.backupStart` (a BagIt bag: data/dangka.sqlite + data/files/…). */
export interface BackupResult {
  path: string;
  name: string;
  files: number;
  bytes: number;
}
