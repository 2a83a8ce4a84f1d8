// Content-addressed store: every original and derived file lives once under files/ab/<sha256>.
// Writes go to a temporary name in the same folder and are renamed into place, so a crash never leaves a
// half-written file under a real name.
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class FileStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  pathOf(sha256: string): string {
    return join(this.root, sha256.slice(0, 2), sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.pathOf(sha256));
  }

  /** Stores bytes (if not already there) and returns their SHA-256. */
  put(bytes: Uint8Array): string {
    return this.add(bytes).sha256;
  }

  /** As put, also saying whether this call wrote the file (an import that fails removes only what it wrote). */
  add(bytes: Uint8Array): { sha256: string; created: boolean } {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const target = this.pathOf(sha256);
    if (existsSync(target)) return { sha256, created: false };
    mkdirSync(join(this.root, sha256.slice(0, 2)), { recursive: true });
    const tmp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx');
    try {
      writeSync(fd, bytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, target);
    syncDir(join(this.root, sha256.slice(0, 2)));
    return { sha256, created: true };
  }

  /** Removes a file no row refers to any more (the 回收站's purge); a file already gone is not an error. */
  remove(sha256: string): void {
    rmSync(this.pathOf(sha256), { force: true });
  }

  read(sha256: string): Buffer {
    return readFileSync(this.pathOf(sha256));
  }
}

/** Flushes a folder's entries, so a committed row never points at a file whose name a power cut lost. */
function syncDir(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return; // Windows cannot open a folder; NTFS journals the rename.
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems refuse fsync on a folder (EINVAL); the file itself was flushed.
  } finally {
    closeSync(fd);
  }
}
