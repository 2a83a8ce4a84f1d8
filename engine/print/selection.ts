// What a print batch covers: the units chosen (a village, a township, or any selection of units) with everything
// under them, in catalog order (the order of the archive room's shelves), each unit once.
import type { Tier } from '../../shared/domain';
import { getUnit } from '../catalog/units';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';

export interface SelectedUnit {
  id: number;
  tier: Tier;
  name: string;
  archive_code: string;
}

export function unitsInCatalogOrder(lib: Library, unitIds: readonly number[]): SelectedUnit[] {
  const seen = new Set<number>();
  const out: SelectedUnit[] = [];
  for (const unitId of unitIds) {
    getUnit(lib.db, unitId);
    const rows = stmt(
      lib.db,
      `WITH RECURSIVE sub(id, sort) AS (
         SELECT id, printf('%010d', 0) FROM unit WHERE id = ?
         UNION ALL SELECT u.id, sub.sort || '/' || u.code || printf('%010d', u.id) FROM unit u JOIN sub ON u.parent_id = sub.id)
       SELECT u.id, u.tier, u.name, u.archive_code FROM sub JOIN unit u ON u.id = sub.id ORDER BY sub.sort`,
    ).all(unitId) as SelectedUnit[];
    for (const r of rows) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      out.push(r);
    }
  }
  return out;
}
