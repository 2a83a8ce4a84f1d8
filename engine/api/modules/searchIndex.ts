import type { searchIndexMethods } from '../../../shared/methods/searchIndex';
import { recordEvent } from '../../audit/trail';
import { rebuildSearchIndexJob } from '../../search/indexer';
import type { HandlersOf } from './index';

export const searchIndexHandlers: HandlersOf<keyof typeof searchIndexMethods> = {
  'search.rebuildStart': ({ lib, jobs }) => ({
    jobId: jobs.start<{ pages: number }>('search.rebuild', async (ctx) => {
      const result = await rebuildSearchIndexJob(lib.db, ctx);
      recordEvent(lib.db, '重建检索索引', { pages: result.pages });
      return result;
    }).id,
  }),
};
