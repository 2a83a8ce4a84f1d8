// 从备份恢复 in 用户管理 (issue 15 item 6): a backup becomes a new library folder, which the app then opens.
import { z } from 'zod';
import { method } from '../contract';

const folder = (empty: string) =>
  z
    .string()
    .trim()
    .min(1, empty)
    .max(1000, '路径太长')
    .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), '请输入完整的文件夹位置，例如 /media/用户名/U盘/dangka-backup-… 或 E:\\dangka-backup-…');

const restoreInput = z.object({ backupDir: folder('请输入备份文件夹'), targetDir: folder('请输入恢复到的新文件夹') });

export interface RestorePreview {
  backupDir: string;
  targetDir: string;
  /** Bagging-Date of the backup (YYYY-MM-DD), '' when absent. */
  madeOn: string;
  label: string;
  /** The Dangka version that wrote it. */
  version: string;
  /** The database and every stored file it holds. */
  files: number;
  bytes: number | null;
}

export interface RestoreResult {
  /** The new library's folder. */
  dir: string;
  files: number;
}

export const restoreMethods = {
  /** Checks, without writing, that a folder is a backup and the target may receive it (empty, outside this library). */
  'library.restoreCheck': method<RestorePreview>()(restoreInput, 'admin'),
  /** Verifies the backup and restores it into a new library folder, as a job; its result is a RestoreResult. */
  'library.restoreStart': method<{ jobId: string }>()(restoreInput, 'admin'),
} as const;
