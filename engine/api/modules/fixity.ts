import type { FixityReport } from '../../../shared/fixity';
import type { fixityMethods } from '../../../shared/methods/fixity';
import { recordEvent } from '../../audit/trail';
import { libraryInfo } from '../../catalog/info';
import { checkFixity } from '../../library/fixity';
import { fourPropertiesPdf, fourPropertiesSubjectOf } from '../../library/fourPropertiesReport';
import type { HandlersOf } from './index';

export const fixityHandlers: HandlersOf<keyof typeof fixityMethods> = {
  'library.fixityStart': ({ lib, jobs }) => ({
    jobId: jobs.start<FixityReport>('library.fixity', async (ctx) => {
      const report = await checkFixity(lib, ctx);
      const at = new Date();
      // The report an acceptance files: the job's result file (任务 → 保存文件, `dangka fsck --pdf`).
      ctx.keepResultFile(await fourPropertiesPdf(fourPropertiesSubjectOf(libraryInfo(lib), report, at), report.checks), 'application/pdf');
      recordEvent(lib.db, '核对存储文件', { files: report.files, missing: report.missing.length, changed: report.changed.length, ok: report.ok });
      return { ...report, fileName: `四性检测报告-${at.toISOString().slice(0, 10)}.pdf` };
    }).id,
  }),
};
