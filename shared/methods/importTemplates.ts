// Blank Excel workbooks for the roster and form imports (engine/importTemplates), written from the same column
// descriptions the importers read.
import { z } from 'zod';
import { method } from '../contract';

export const importTemplateMethods = {
  'importTemplate.get': method<{ fileName: string; contentBase64: string }>()(z.object({ kind: z.enum(['roster', 'forms']) })),
} as const;
