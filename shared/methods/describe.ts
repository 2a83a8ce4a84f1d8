// 著录: the description of each document of a dossier, read and saved as a grid (engine/describe/store.ts).
import { z } from 'zod';
import { method } from '../contract';
import { RETENTIONS, SECRECY_LEVELS, type DescribedDocument, type DossierDescription } from '../description';

const id = z.number().int().positive();
// Lengths are checked per cell with Chinese messages by the engine (shared/description.ts); these bound the input.
const cell = z.string().max(1000);

export const describedRow = z.object({
  id,
  title: cell,
  author: cell,
  refNumber: cell,
  date: cell,
  retention: z.enum(RETENTIONS),
  secrecy: z.enum(SECRECY_LEVELS),
  remarks: cell,
  confirmed: z.boolean().optional(),
});

export const describeMethods = {
  /** A dossier's documents in 件号 order with their description, what is missing and what is only suggested. */
  'describe.dossier': method<DossierDescription>()(z.object({ unitId: id })),
  /** One document's description (the viewer). */
  'describe.get': method<DescribedDocument>()(z.object({ id })),
  /**
   * Saves the rows as one unit of work (any bad cell refuses all, with '<id>.<field>' → Chinese per cell);
   * `order` is the dossier's complete new 件号 order. Returns the dossier (or null when unitId is null).
   */
  'describe.save': method<DossierDescription | null>()(
    z.object({ unitId: id.nullable(), rows: z.array(describedRow).max(5000, '一次最多保存5000件'), order: z.array(id).max(20000).optional() }),
  ),
} as const;
