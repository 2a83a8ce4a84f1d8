// 四性检测 (DA/T 70: 真实性、完整性、可用性、安全性) of the library: every file the database names, re-hashed against it,
// its format and safety looked at, and the audit trail's chain walked; and of a package or backup on a stick.
import type { BagProblem, VerifyReport } from './domain';

export interface StoredFileProblem {
  sha256: string;
  /** Bytes the database recorded. */
  size: number;
  /** Where the clerk meets the file: 文件“王芳申请书”（某县/某镇/某村/王芳）第2页, 联系人照片, or 未使用的文件. */
  usedBy: string;
}

export interface FixityReport {
  /** Files the database names, and their bytes. */
  files: number;
  bytes: number;
  /** Named by the database, not on disk. */
  missing: StoredFileProblem[];
  /** On disk with other content than the database recorded (damaged, or changed outside Dangka). */
  changed: StoredFileProblem[];
  /** The 四性检测 of the library: every check with its failures (missing and changed files among them). */
  checks: FourPropertyCheck[];
  /** Every check passed. */
  ok: boolean;
  /** The report as a PDF an acceptance can file, kept as the job's result file. */
  fileName?: string;
}

/** DA/T 70's four properties of electronic records (四性检测), in its order. */
export const FOUR_PROPERTIES = ['真实性', '完整性', '可用性', '安全性'] as const;
export type FourProperty = (typeof FOUR_PROPERTIES)[number];

/** One check of a 四性检测: what was checked, whether it passed, and each failure named for the clerk. */
export interface FourPropertyCheck {
  property: FourProperty;
  /** What is checked, in the clerk's words: 文件校验值与数据库记录一致. */
  name: string;
  /** How many things it looked at (files, records). */
  checked: number;
  passed: boolean;
  failures: string[];
}

/**
 * The 四性检测 of a package or a backup (`dangka verify`, the 校验数据包 tab, and the check before an import): its
 * BagIt verification (RFC 8493) and the four properties, each failure named with its file.
 */
export interface PackageVerifyReport extends VerifyReport {
  /** A backup of a library (restored, never imported), not an acceptance package. */
  backup: boolean;
  checks: FourPropertyCheck[];
  /** Every check passed. */
  ok: boolean;
  /** 真实性、完整性、安全性 passed: the package may be imported (a 可用性 failure is shown, not refused). */
  admissible: boolean;
  /** Why an import is refused: every failure of 真实性、完整性、安全性, with its file. */
  refusals: BagProblem[];
  /** When it was checked (ISO 8601): the report's date. */
  checkedAt: string;
  /** The report as a PDF, kept as the job's result file when a library is open (job.resultFile). */
  fileName?: string;
}
