import type { FixityReport } from '../../../shared/fixity';
import type { fixityMethods } from '../../../shared/methods/fixity';
import { recordEvent } from '../../audit/trail';
import { checkFixity } from '../../library/fixity';
import type { HandlersOf } from './index';

export const fixityHandlers: HandlersOf<keyof typeof fixityMethods> = {
  'library.fixityStart': ({ lib, jobs }) => ({
    jobId: jobs.start<FixityReport>('library.fixity', async (ctx) => {
      const report = await checkFixity(lib, ctx);
      recordEvent(lib.db, '核对存储文件', { files: report.files, missing: report.missing.length, changed: report.changed.length });
      return report;
    }).id,
  }),
};
