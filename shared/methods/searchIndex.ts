// The search index's upkeep (engine/search/indexer.ts): rebuilding it whole is a job with progress and cancel, for
// administrators (after an upgrade, or when results look wrong); `dangka search --rebuild` does the same.
import { z } from 'zod';
import { method } from '../contract';

export const searchIndexMethods = {
  'search.rebuildStart': method<{ jobId: string }>()(z.object({}), 'admin'),
} as const;
