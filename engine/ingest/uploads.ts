// The upload area (<library>/uploads/): files handed over by the UI wait here, one request per file, until
// ingest.start imports them. Written to a temporary name and renamed, like every file of the library; an upload is
// removed once its import has run (the document then holds the bytes) and left-overs of an interrupted session are
// cleared after a day.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DangkaError } from '../../shared/errors';
import type { Library } from '../library/library';

const UPLOADS_DIR = 'uploads';
const STALE_MS = 24 * 60 * 60 * 1000;

export interface Upload {
  id: string;
  fileName: string;
  bytes: Buffer;
}

function uploadsDir(lib: Library): string {
  return join(lib.dir, UPLOADS_DIR);
}

export function saveUpload(lib: Library, fileName: string, bytes: Buffer): string {
  const dir = uploadsDir(lib);
  mkdirSync(dir, { recursive: true });
  const id = randomUUID();
  const tmp = join(dir, `${id}.tmp`);
  writeFileSync(tmp, bytes);
  // The name travels in a sidecar: the clerk's file name may hold anything, the stored name is only the id.
  writeFileSync(join(dir, `${id}.name`), fileName);
  renameSync(tmp, join(dir, id));
  return id;
}

export function readUpload(lib: Library, id: string): Upload {
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new DangkaError('INVALID_INPUT', '上传编号无效');
  const dir = uploadsDir(lib);
  try {
    return { id, fileName: readFileSync(join(dir, `${id}.name`), 'utf8'), bytes: readFileSync(join(dir, id)) };
  } catch {
    throw new DangkaError('NOT_FOUND', '上传的文件已不在（可能已导入或已过期），请重新选择文件');
  }
}

/** The clerk's file name of an upload, or null when it is gone (imported, expired, or never was). */
export function uploadName(lib: Library, id: string): string | null {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  try {
    return readFileSync(join(uploadsDir(lib), `${id}.name`), 'utf8');
  } catch {
    return null;
  }
}

export function removeUpload(lib: Library, id: string): void {
  if (!/^[0-9a-f-]{36}$/.test(id)) return;
  const dir = uploadsDir(lib);
  for (const name of [id, `${id}.name`]) rmSync(join(dir, name), { force: true });
}

/** Removes uploads older than a day: an import that never started (the window was closed). */
export function clearStaleUploads(lib: Library, now = Date.now()): void {
  const dir = uploadsDir(lib);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    try {
      if (now - statSync(join(dir, name)).mtimeMs > STALE_MS) rmSync(join(dir, name), { force: true });
    } catch {
      // vanished meanwhile
    }
  }
}
