// Prepared statements cached per connection: the catalog runs the same few queries thousands of times.
import type Database from 'better-sqlite3';
import type { ReadDb, ReadStatement } from './handles';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A statement on a connection; through a read-only handle (handles.ts), one that cannot run writes. */
export function stmt(db: Database.Database, sql: string): Database.Statement;
export function stmt(db: ReadDb, sql: string): ReadStatement;
export function stmt(db: ReadDb, sql: string): ReadStatement {
  const connection = db as Database.Database;
  let cache = caches.get(connection);
  if (!cache) caches.set(connection, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = connection.prepare(sql)));
  return statement;
}
