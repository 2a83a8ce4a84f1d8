import type { CheckRunResult, checkJobMethods } from '../../../shared/methods/checkJob';
import { checkAllJob } from '../../validate/check';
import type { HandlersOf } from './index';

export const checkJobHandlers: HandlersOf<keyof typeof checkJobMethods> = {
  'check.runStart': ({ lib, jobs }) => ({
    jobId: jobs.start<CheckRunResult>('check.all', async (ctx) => {
      const run = await checkAllJob(lib, ctx);
      return {
        unitsChecked: run.unitsChecked,
        errors: run.findings.filter((f) => f.severity === 'error').length,
        warnings: run.findings.filter((f) => f.severity === 'warning').length,
      };
    }).id,
  }),
};
