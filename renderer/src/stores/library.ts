// The open library: its facts for the header (library.info), the fatal error when it cannot be opened, and a
// revision that bumps when the catalog changes (an import), so pages reload what they show. Opening a different
// library resets every other store.
import { create } from 'zustand';
import type { LibraryInfo } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { callApi } from '../api/client';
import { useCatalogTree } from './catalogTree';
import { resetStores } from './reset';

interface LibraryState {
  info: LibraryInfo | null;
  /** library.info failed: the app shows the fatal screen instead of the catalog. */
  fatal: ApiError | null;
  loading: boolean;
  revision: number;
  load(): Promise<void>;
  /** The catalog changed (roster import): reload the header, the tree's open levels and the page. */
  changed(): Promise<void>;
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
    } else {
      set({ fatal: result.error, loading: false });
    }
  },
  changed: async () => {
    set({ revision: get().revision + 1 });
    await Promise.all([get().load(), useCatalogTree.getState().refresh()]);
  },
}));
