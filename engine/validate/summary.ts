// A unit's check figures rolled up over its subtree (check_result + open problems), and its children's, for the
// dashboard and `dangka check`.
import { descriptionFigures } from '../describe/store';
import type Database from 'better-sqlite3';
import type { CheckFigures, CheckSummary } from '../../shared/domain';
import type { Library } from '../library/library';
import { stmt } from '../library/sql';
import { getUnit } from '../catalog/units';
import { ownCompleteness } from './unitCompleteness';
import { localToday } from './ledger';

const SUBTREE = `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id)`;

export function figures(db: Database.Database, unitId: number): CheckFigures {
  const c = stmt(
    db,
    `${SUBTREE} SELECT sum(required) AS required, sum(present) AS present FROM check_result WHERE unit_id IN (SELECT id FROM sub)`,
  ).get(unitId) as { required: number | null; present: number | null };
  const p = stmt(
    db,
    `${SUBTREE} SELECT sum(severity = 'error') AS errors, sum(severity = 'warning') AS warnings, sum(deadline < ?) AS overdue
       FROM problem WHERE status = 'open' AND unit_id IN (SELECT id FROM sub)`,
  ).get(unitId, localToday()) as { errors: number | null; warnings: number | null; overdue: number | null };
  const required = c.required ?? 0;
  const present = c.present ?? 0;
  return {
    required,
    present,
    percent: c.required === null ? null : required === 0 ? 100 : Math.round((present / required) * 1000) / 10,
    openErrors: p.errors ?? 0,
    openWarnings: p.warnings ?? 0,
    overdue: p.overdue ?? 0,
  };
}

export function checkSummary(lib: Library, unitId: number): CheckSummary {
  const unit = getUnit(lib.db, unitId);
  const checked = stmt(lib.db, 'SELECT checked_at FROM check_result WHERE unit_id = ?').get(unitId) as { checked_at: string } | undefined;
  const children = (stmt(lib.db, 'SELECT id, tier, name FROM unit WHERE parent_id = ? ORDER BY code, id').all(unitId) as { id: number; tier: never; name: string }[]).map(
    (u) => ({ unit: { id: u.id, tier: u.tier, name: u.name }, ...figures(lib.db, u.id) }),
  );
  return {
    unit: { id: unit.id, tier: unit.tier, name: unit.name },
    ...figures(lib.db, unitId),
    checkedAt: checked?.checked_at ?? null,
    missing: ownMissing(lib, unit.id),
    children,
    description: descriptionFigures(lib.db, unitId),
  };
}

function ownMissing(lib: Library, unitId: number): string[] {
  return ownCompleteness(lib, unitId).missing;
}
