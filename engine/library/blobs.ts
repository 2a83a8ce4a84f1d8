// A stored file and its catalog row: the bytes go to the content-addressed store first (temp name, fsync, rename),
// then the row; a crash in between leaves at most an unreferenced file, never a row without its file.
import type { Library } from './library';
import { stmt } from './sql';

export function storeBlob(lib: Library, bytes: Uint8Array, mime: string): string {
  const sha256 = lib.files.put(bytes);
  recordBlob(lib, sha256, bytes.length, mime);
  return sha256;
}

/** The row of a file already in the store (written earlier by lib.files.add, e.g. page by page of a long PDF). */
export function recordBlob(lib: Library, sha256: string, size: number, mime: string): void {
  stmt(lib.db, 'INSERT OR IGNORE INTO blob (sha256, size, mime) VALUES (?, ?, ?)').run(sha256, size, mime);
}
