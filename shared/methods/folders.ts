// The browser's folder picker (issue 15 item 6): in `dangka serve` there is no system dialog, so the engine lists
// subfolders — only under a few sensible places (home, /media, /mnt, the library's parent), never through a link
// that leads out of them. Signed-in users only.
import { z } from 'zod';
import { method } from '../contract';

export interface FolderEntry {
  name: string;
  path: string;
}

export interface FolderListing {
  /** The folder listed; null lists the allowed places. */
  path: string | null;
  /** Its parent when that is still inside an allowed place, else null (back to the places). */
  parent: string | null;
  folders: FolderEntry[];
  /** More subfolders than shown. */
  truncated: boolean;
  /** The allowed places, each named for the clerk. */
  roots: FolderEntry[];
}

export const folderMethods = {
  'folders.list': method<FolderListing>()(z.object({ path: z.string().trim().min(1).max(1000).nullable() })),
} as const;
