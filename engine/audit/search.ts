// The county-wide 操作记录: the trail filtered by who (actor), when (local dates, inclusive), what (the kind of
// record) and where (a unit and everything below it), newest first, a page at a time.
import type Database from 'better-sqlite3';
import type { AuditLogPage } from '../../shared/methods/auditLog';
import { unitPath } from '../catalog/units';
import { stmt } from '../library/sql';
import { refNames, TABLE_LABEL, toEntry, type AuditRow } from './trail';

export interface AuditQuery {
  actor?: string;
  from?: string;
  to?: string;
  kind?: string;
  unitId?: number;
  limit: number;
  offset: number;
}

export function searchAudit(db: Database.Database, q: AuditQuery): AuditLogPage {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.actor) (where.push('actor = ?'), args.push(q.actor));
  // The trail keeps UTC; the clerk's dates are local days.
  if (q.from) (where.push("at >= strftime('%Y-%m-%dT%H:%M:%fZ', ?, 'utc')"), args.push(`${q.from} 00:00:00`));
  if (q.to) (where.push("at < strftime('%Y-%m-%dT%H:%M:%fZ', ?, '+1 day', 'utc')"), args.push(`${q.to} 00:00:00`));
  if (q.kind) (where.push('tbl = ?'), args.push(q.kind));
  const sub = q.unitId === undefined ? '' : 'WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT u.id FROM unit u JOIN sub ON u.parent_id = sub.id) ';
  if (q.unitId !== undefined) where.push('unit_id IN (SELECT id FROM sub)');
  const head = q.unitId === undefined ? [] : [q.unitId];
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (stmt(db, `${sub}SELECT count(*) AS n FROM audit ${filter}`).get(...head, ...args) as { n: number }).n;
  const rows = stmt(db, `${sub}SELECT * FROM audit ${filter} ORDER BY id DESC LIMIT ? OFFSET ?`).all(...head, ...args, q.limit, q.offset) as AuditRow[];
  const places = new Map<number, string>();
  const placeOf = (unitId: number | null) => {
    if (unitId === null) return '';
    if (!places.has(unitId)) {
      const exists = stmt(db, 'SELECT 1 FROM unit WHERE id = ?').get(unitId);
      places.set(unitId, exists ? unitPath(db, unitId).map((u) => u.name).join(' › ') : '（已删除的单位）');
    }
    return places.get(unitId)!;
  };
  const entries = rows.map((r) => ({ ...toEntry(r), place: placeOf(r.unit_id) }));
  const actors = (stmt(db, 'SELECT DISTINCT actor FROM audit ORDER BY actor').all() as { actor: string }[]).map((r) => r.actor);
  return { total, entries, refs: refNames(db, entries), actors, kinds: TABLE_LABEL };
}
