// The open library: its facts for the header (library.info), the fatal error when it cannot be opened, and a
// revision that bumps when the engine's change feed says something committed (an import, an edit here or in
// another window, a re-check), so pages reload what they show. Opening a different library resets every other store.
import { create } from 'zustand';
import type { LibraryInfo } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { callApi, subscribe } from '../api/client';
import { useAuth } from '../auth/auth';
import { useCatalogTree } from './catalogTree';
import { resetStores } from './reset';

interface LibraryState {
  info: LibraryInfo | null;
  /** library.info failed: the app shows the fatal screen instead of the catalog. */
  fatal: ApiError | null;
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
    // A reopened event stream may have missed changes: reload as after one.
    if ((event.type !== 'change' && event.type !== 'reopened') || timer) return;
    timer = setTimeout(() => {
      timer = null;
      void changed();
    }, CHANGE_SETTLE_MS);
  });
}

export const useLibrary = create<LibraryState>((set, get) => ({
  info: null,
  fatal: null,
  revision: 0,
  load: async () => {
    const result = await callApi('library.info', {}).catch(
      (): { ok: false; error: ApiError } => ({ ok: false, error: { code: 'INTERNAL', message: '无法连接档卡服务' } }),
    );
    const before = get().info;
    if (result.ok) {
      if (before && before.path !== result.value.path) resetStores();
      set({ info: result.value, fatal: null });
      followChanges(get().changed);
    } else {
      set({ fatal: result.error });
    }
  },
  changed: async () => {
    set({ revision: get().revision + 1 });
    await Promise.all([get().load(), useCatalogTree.getState().refresh()]);
  },
}));

/**
 * A library was opened (重试, 选择其他档案库, the app's engine process started again): ask again who is signed in
 * (reopening the same library keeps the sign-in; another library asks for its own) and what is open.
 */
export async function libraryOpened(): Promise<void> {
  useLibrary.setState({ fatal: null });
  await useAuth.getState().load();
  if (useAuth.getState().status?.user) await useLibrary.getState().load();
}

// The engine host tells every window when the library is lost (the app's engine process stopped) or opened again.
subscribe((event) => {
  if (event.type !== 'library') return;
  if (!event.error) {
    void libraryOpened();
    return;
  }
  // The same reason already on screen (a 重试 that failed, shown there with 已重试) stays as it is.
  const shown = useAuth.getState().fatal ?? useLibrary.getState().fatal;
  if (shown?.code !== event.error.code || shown.message !== event.error.message) useAuth.setState({ fatal: event.error });
});
