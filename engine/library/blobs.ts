// A stored file and its catalog row: the bytes go to the content-addressed store first (temp name, fsync, rename),
// then the row; a crash in between leaves at most an unreferenced file, never a row without its file.
import type Database from 'better-sqlite3';
import type { Library } from './library';
import { stmt } from './sql';

export function storeBlob(lib: Library, bytes: Uint8Array, mime: string): string {
  const sha256 = lib.files.put(bytes);
  recordBlob(lib.db, sha256, bytes.length, mime);
  return sha256;
}

/** The row of a file already in the store (put there before the transaction: a package's, the demo's portraits, a long PDF's pages written one by one). */
export function recordBlob(db: Database.Database, sha256: string, size: number, mime: string): void {
  stmt(db, 'INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, ?, ?)').run(sha256, size, mime);
}

/** Drops a file's row when nothing refers to it any more; false (and nothing changed) while something still does. */
export function forgetBlobIfUnused(db: Database.Database, sha256: string): boolean {
  try {
    db.transaction(() => stmt(db, 'DELETE FROM blob WHERE sha256 = ?').run(sha256))();
    return true;
  } catch (err) {
    if (err instanceof Error && /FOREIGN KEY/.test(err.message)) return false;
    throw err;
  }
}
