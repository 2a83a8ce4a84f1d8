// The searched words marked on a page image (engine/search/pageMarks.ts): the viewer opened from a full-text search
// result asks where the query's words are on the page.
import { z } from 'zod';
import { method } from '../contract';
import type { OcrWord } from '../domain';

export const pageMarkMethods = {
  'pages.searchMarks': method<OcrWord['bbox'][]>()(z.object({ pageId: z.number().int().positive(), query: z.string().max(500) })),
} as const;
