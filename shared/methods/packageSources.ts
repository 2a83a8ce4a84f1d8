// Which townships this library takes acceptance packages from (engine/pack/provenance.ts).
import { z } from 'zod';
import { method } from '../contract';
import type { PackageSources } from '../packageSources';

export const packageSourcesMethods = {
  'packageSources.get': method<PackageSources>()(z.object({})),
  /** [] takes packages from any township (each still only within its own root). */
  'packageSources.set': method<PackageSources>()(z.object({ unitIds: z.array(z.number().int().positive()).max(1000) }), 'admin'),
} as const;
