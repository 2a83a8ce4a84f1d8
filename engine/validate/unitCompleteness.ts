// One unit's own completeness, computed the way the full check computes it (the same required entries, the same
// village data, the same household rule), so the unit page, the household page and 检查 give the same numbers. The
// check stores these figures per unit (check_result); pages read them live through here.
import { CONTACT_ROLE_LABEL, CONTACT_ROLES } from '../../shared/domain';
import type { CompletenessEntry, UnitCompleteness } from '../../shared/completeness';
import { getUnit } from '../catalog/units';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { HOME_COPY_ENTRY, householdCompleteness, householdItems, requiredEntries, unitCompleteness, type Completeness } from './completeness';
import { loadVillages, villageOf } from './data';

export function ownCompleteness(lib: Library, unitId: number): UnitCompleteness {
  const unit = getUnit(lib.db, unitId);
  const required = requiredEntries(lib.template, unit.tier);
  let result: Completeness;
  if (unit.tier === 'household' || unit.tier === 'village') {
    const village = loadVillages(lib.db, villageOf(lib.db, unitId))[0];
    const household = village?.households.find((h) => h.id === unitId);
    if (unit.tier === 'village') result = unitCompleteness(required, village?.items ?? new Set(), householdItems(village?.households ?? []));
    else result = household ? householdCompleteness(required, household) : unitCompleteness(required, new Set());
  } else {
    const items = new Set((stmt(lib.db, 'SELECT DISTINCT item FROM document WHERE unit_id = ? AND item IS NOT NULL').all(unitId) as { item: string }[]).map((r) => r.item));
    result = unitCompleteness(required, items);
  }
  const checklists = new Set(lib.template.checklists.map((c) => c.name));
  const missing = new Set(result.missing);
  const entries: CompletenessEntry[] = [];
  if (unit.tier === 'household') {
    for (const role of CONTACT_ROLES) {
      const label = `${CONTACT_ROLE_LABEL[role]}明白卡`;
      const lacking = result.missing.find((m) => m.startsWith(`${label}（`));
      entries.push({ path: `明白卡/${label}`, kind: 'card', present: !lacking, lacking: lacking ? lacking.slice(label.length + 1, -1) : null });
    }
  }
  for (const e of required) {
    const kind = e.path === HOME_COPY_ENTRY ? 'homeCopy' : checklists.has(e.path.slice(0, e.path.indexOf('/'))) ? 'checklist' : 'item';
    entries.push({ path: e.path, kind, present: !missing.has(e.path), lacking: null });
  }
  return { unitId, tier: unit.tier, required: result.required, present: result.present, missing: result.missing, entries };
}
