import type { RestoreResult, restoreMethods } from '../../../shared/methods/restore';
import { recordEvent } from '../../audit/trail';
import { restoreBackup } from '../../backup/backup';
import { checkRestore } from '../../backup/restoreCheck';
import type { HandlersOf } from './index';

export const restoreHandlers: HandlersOf<keyof typeof restoreMethods> = {
  'library.restoreCheck': ({ lib }, { backupDir, targetDir }) => checkRestore(lib, backupDir, targetDir),
  'library.restoreStart': ({ lib, jobs }, { backupDir, targetDir }) => {
    // Refused before a job exists: the administrator sees why at once.
    const preview = checkRestore(lib, backupDir, targetDir);
    return {
      jobId: jobs.start<RestoreResult>('backup.restore', async (ctx) => {
        const result = await restoreBackup(preview.backupDir, preview.targetDir, ctx);
        recordEvent(lib.db, '从备份恢复档案库', { backup: preview.backupDir, to: result.dir, files: result.files });
        return result;
      }).id,
    };
  },
};
