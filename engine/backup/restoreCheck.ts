// Restoring a backup from 用户管理 (issue 15 item 6): before the job starts, the administrator is told what the
// folder holds and where the new library will be — and a folder that is no backup, a target that is not empty, or a
// target inside the open library (a restore there would nest one library in another) is refused in Chinese.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { DangkaError } from '../../shared/errors';
import type { RestorePreview } from '../../shared/methods/restore';
import type { Library } from '../library/library';
import { parseBagInfo } from '../pack/bagit';
import { BACKUP_DESCRIPTION, backupContents, checkTarget } from './backup';

function inside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** What a restore of backupDir into targetDir would be; throws, in Chinese, when it must not start. Reads only. */
export function checkRestore(lib: Library, backupDir: string, targetDir: string): RestorePreview {
  const backup = resolve(backupDir);
  const target = resolve(targetDir);
  const infoPath = resolve(backup, 'bag-info.txt');
  if (!existsSync(resolve(backup, 'bagit.txt')) || !existsSync(infoPath)) {
    throw new DangkaError('INVALID_INPUT', `这不是档卡的档案库备份：${backup} 中没有 bagit.txt 和 bag-info.txt。请选择名为 dangka-backup-… 的备份文件夹`);
  }
  const info = parseBagInfo(readFileSync(infoPath, 'utf8'));
  if (info['External-Description'] !== BACKUP_DESCRIPTION) {
    throw new DangkaError('INVALID_INPUT', `这不是档卡的档案库备份（可能是验收数据包）：${backup}。请选择名为 dangka-backup-… 的备份文件夹`);
  }
  const contents = backupContents(backup);
  if (inside(lib.dir, target)) {
    throw new DangkaError('INVALID_INPUT', `恢复位置在当前档案库的文件夹之内：${target}。请选择当前档案库（${lib.dir}）以外的新文件夹`);
  }
  if (inside(backup, target)) throw new DangkaError('INVALID_INPUT', `恢复位置在备份文件夹之内：${target}。请选择备份以外的新文件夹`);
  checkTarget(target);
  const oxum = /^(\d+)\.(\d+)$/.exec(info['Payload-Oxum'] ?? '');
  return {
    backupDir: backup,
    targetDir: target,
    madeOn: info['Bagging-Date'] ?? '',
    label: info['Dangka-Backup-Label'] ?? '',
    version: info['Dangka-Version'] ?? '',
    files: contents.length,
    bytes: oxum ? Number(oxum[1]) : null,
  };
}
