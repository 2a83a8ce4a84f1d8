// A full or failing disk in Chinese, saying what was kept (issue 17: the clerk saw "ENOSPC", "database or disk is full").
import { describe, expect, it } from 'vitest';
import { toApiError } from '../../engine/api/engine';
import { JobRunner } from '../../engine/jobs/jobs';

const failure = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('disk and database errors', () => {
  it('a call that meets a full disk, an I/O error or a broken rule gets a Chinese message saying nothing was lost', () => {
    expect(toApiError(failure('SQLITE_FULL', 'database or disk is full')).message).toMatch(/^磁盘空间已满：这次的操作没有保存，档案库里已有的数据和文件都完好/);
    expect(toApiError(failure('ENOSPC', 'ENOSPC: no space left on device, write')).message).toMatch(/^磁盘空间已满/);
    expect(toApiError(failure('SQLITE_IOERR_WRITE', 'disk I/O error')).message).toMatch(/^读写磁盘出错.*没有保存/);
    expect(toApiError(failure('EIO', 'EIO: i/o error, read')).message).toMatch(/^读写磁盘出错/);
    expect(toApiError(failure('SQLITE_CONSTRAINT_UNIQUE', 'UNIQUE constraint failed: unit.archive_code')).message).toMatch(/^与档案库中已有的数据冲突.*没有保存/);
  });

  it('a job that meets a full disk fails with the same message, not the raw error', async () => {
    const jobs = new JobRunner();
    const id = jobs.start('test', async () => {
      throw failure('ENOSPC', 'ENOSPC: no space left on device, write');
    }).id;
    const state = await jobs.wait(id);
    expect(state.status).toBe('failed');
    expect(state.error?.message).toMatch(/^磁盘空间已满/);
    expect(state.error?.message).not.toContain('ENOSPC');
  });
});
