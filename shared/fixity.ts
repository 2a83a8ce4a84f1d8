// 四性检测 of the library's stored files (DA/T 70 完整性): every file the database names, re-hashed against it.

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
  ok: boolean;
}
