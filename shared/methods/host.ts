// The engine host's methods: close and open the library again (重试 on the recovery screen), or open another one
// (选择其他档案库). The host answers them itself — also while no library is open, when nobody can sign in — so they
// need no session: which library the app opens is a choice made at the computer, like `--library DIR`; the accounts
// guard what is inside a library.
import { z } from 'zod';
import { method } from '../contract';

/** An absolute folder: a relative one would depend on where the app was started. */
const libraryPath = z
  .string()
  .trim()
  .min(1, '请输入档案库文件夹的位置')
  .max(1000, '路径太长')
  .refine((p) => /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(p), '请输入完整的文件夹位置，例如 /home/档案/档案库 或 D:\\档案库');

export interface OpenedLibrary {
  /** The library's folder, as opened. */
  path: string;
}

export const hostMethods = {
  'library.reopen': method<OpenedLibrary>()(z.object({}), 'anyone'),
  'library.open': method<OpenedLibrary>()(z.object({ path: libraryPath }), 'anyone'),
} as const;
