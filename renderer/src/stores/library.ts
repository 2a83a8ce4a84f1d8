// The open library: its facts for the header (library.info), the fatal error when it cannot be opened, and a
// revision that bumps when the engine's change feed says something committed (an import, an edit here or in
// another window, a re-check), so pages reload what they show. Opening a different library resets every other store.
import { create } from 'zustand';
import type { LibraryInfo } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { callApi, subscribe } from '../api/client';
import { useCatalogTree } from './catalogTree';
import { resetStores } from './reset';

interface LibraryState {
  info: LibraryInfo | null;
  /** library.info failed: the app shows the fatal screen instead of the catalog. */
  fatal: ApiError | null;
  loading: boolean;
  revision: number;
  load(): Promise<void>;
  /** The library changed: reload the header, the tree's open levels and the page. */
  changed(): Promise<void>;
}

/** Changes arrive in bursts (a job's batches, a re-check after an edit): one reload per burst. */
const CHANGE_SETTLE_MS = 200;
let following: (() => void) | null = null;

/** Follows the change feed from the first load on, for the life of the page. */
function followChanges(changed: () => Promise<void>): void {
  if (following) return;
  let timer: ReturnType<typeof setTimeout> | null = null;
  following = subscribe((event) => {
    if (event.type !== 'change' || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void changed();
    }, CHANGE_SETTLE_MS);
  });
}

export const useLibrary = create<LibraryState>((set, get) => ({
  info: null,
  fatal: null,
  loading: false,
  revision: 0,
  load: async () => {
    set({ loading: true });
    const result = await callApi('library.info', {}).catch(
      (): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'INTERNAL', message: '无法连接档卡服务' } }),
    );
    const before = get().info;
    if (result.ok) {
      if (before && before.path !== result.value.path) resetStores();
      set({ info: result.value, fatal: null, loading: false });
      followChanges(get().changed);
    } else {
      set({ fatal: result.error, loading: false });
    }
  },
  changed: async () => {
    set({ revision: get().revision + 1 });
    await Promise.all([get().load(), useCatalogTree.getState().refresh()]);
  },
}));
