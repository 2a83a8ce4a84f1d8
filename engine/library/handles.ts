// Typed handles to the library's connection (issue 13, item 5: one owner per table, one writer). Both are the same
// better-sqlite3 connection at run time — the types cost nothing — but the compiler tells them apart:
// - WriteDb is a connection inside a write transaction of the one writer. Only that machinery hands it out
//   (library.ts: writeTransaction, longWrite; jobs.ts: JobContext.writeTransaction/longWrite), and an owner's write
//   function takes it, so calling an owner outside a write transaction (where a second writer could interleave, or a
//   half-done change could be left behind) is a compile error rather than a "database is locked" in the field.
// - ReadDb is a connection whose statements cannot run: prepare() gives a statement without run(), and there is no
//   exec(), pragma() or transaction(). The read side takes it, so a read function cannot quietly start writing.
// tests/unit/handles.typecheck.ts proves both with @ts-expect-error; tests/unit/tableOwners.test.ts guards that only
// the machinery grants a WriteDb.
import type Database from 'better-sqlite3';

declare const writable: unique symbol;

/** A connection inside the one writer's transaction: what owners' write functions take. */
export type WriteDb = Database.Database & { readonly [writable]: true };

/** A prepared statement that can only read. */
export type ReadStatement = Omit<Database.Statement, 'run'>;

/** A connection the read side may query but not write through (any connection, WriteDb included, is one). */
export interface ReadDb {
  prepare(sql: string): ReadStatement;
  readonly inTransaction: boolean;
}

/**
 * Marks `db` as inside a write transaction. Only the one-writer machinery (library.ts, jobs.ts) calls this, once it
 * has begun the transaction — tests/unit/tableOwners.test.ts fails if anything else does.
 */
export function grantWrite(db: Database.Database): WriteDb {
  return db as WriteDb;
}
