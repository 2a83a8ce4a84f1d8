// How the tiers nest: 市 → 县 → 乡镇 → 村 → 户. The 市 is optional: a county is a root of its own or one of a 市's
// counties (seed 003: 市、县、乡、村四级档案). One table here, used by the engine, the package import and the screens.
import type { Tier } from './domain';

/** The tier of a unit's children (a household has none). */
export const CHILD_TIER: Record<Tier, Tier | null> = { city: 'county', county: 'township', township: 'village', village: 'household', household: null };

/** The tiers a unit's parent may have; null: a root. */
export const PARENT_TIERS: Record<Tier, readonly (Tier | null)[]> = {
  city: [null],
  county: [null, 'city'],
  township: ['county'],
  village: ['township'],
  household: ['village'],
};

/** The name of a tier's own dossier, as the binder and the unit page call it. */
export const DOSSIER_NAME: Record<Tier, string> = { city: '市级档案', county: '县级档案', township: '乡级档案', village: '一村一档', household: '一户一档' };
