// A full or failing disk, and a write the database's rules refused, in the clerk's words: what happened and what was
// kept. Every write is one transaction (and files are stored before the rows that name them), so a failed one leaves
// the library as it was before it — the message says so instead of "ENOSPC" or "database or disk is full".
import { DangkaError } from '../../shared/errors';

const KEPT = '这次的操作没有保存，档案库里已有的数据和文件都完好';

export function diskError(err: unknown): DangkaError | null {
  if (err instanceof DangkaError) return null;
  const code = String((err as { code?: unknown } | null)?.code ?? '');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT') {
    return new DangkaError('LIBRARY_READ_ONLY', `磁盘空间已满：${KEPT}。请清理档案库所在磁盘（或把档案库移到更大的磁盘）后重试`);
  }
  if (code === 'EIO' || code.startsWith('SQLITE_IOERR')) {
    return new DangkaError('LIBRARY_READ_ONLY', `读写磁盘出错（磁盘或U盘可能有故障、已拔出）：${KEPT}。请检查磁盘后重试，并尽快备份`);
  }
  if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
    return new DangkaError('LIBRARY_READ_ONLY', `磁盘只读或没有写入权限：${KEPT}`);
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new DangkaError('INVALID_INPUT', `与档案库中已有的数据冲突（如编号重复）：${KEPT}。请核对后重试`);
  }
  return null;
}
