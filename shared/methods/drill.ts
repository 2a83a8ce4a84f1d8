// Drill-down (issue 15 item 5): a count on a screen opens the list of what it counts.
import { z } from 'zod';
import { method } from '../contract';

export interface PageToCheck {
  pageId: number;
  documentId: number;
  /** The page's number within its document. */
  seq: number;
  title: string;
  /** 县 › 乡镇 › 村 › 户 */
  place: string;
  /** OCR confidence, 0–100. */
  confidence: number;
}

export interface PagesToCheck {
  total: number;
  pages: PageToCheck[];
}

export const drillMethods = {
  /** The pages counted as 待核对 (low confidence, not yet corrected), least confident first. */
  'pages.toCheck': method<PagesToCheck>()(z.object({ limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) })),
} as const;
