// A unit's own completeness, entry by entry, as the checks count it (engine/validate/unitCompleteness.ts): the unit
// page, the household page and 检查 show these same figures.
import type { Tier } from './domain';

export interface CompletenessEntry {
  /** '<category>/<item>', '<checklist>/<entry>' (十有, 八有), '明白卡/<role>' or the 家庭户档 record. */
  path: string;
  kind: 'item' | 'checklist' | 'card' | 'homeCopy';
  present: boolean;
  /** What is lacking, for an incomplete 明白卡 (e.g. 缺照片、电话). */
  lacking: string | null;
}

export interface UnitCompleteness {
  unitId: number;
  tier: Tier;
  required: number;
  present: number;
  /** In the words 检查 uses, in template order. */
  missing: string[];
  entries: CompletenessEntry[];
}
