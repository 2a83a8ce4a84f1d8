// Library facts for the header, and a revision number that bumps when the catalog changes (import, edits),
// so the tree and pages reload what they show.
import { create } from 'zustand';
import type { LibraryInfo } from '../../../shared/domain';
import type { ApiError } from '../../../shared/errors';
import { callApi } from '../api/client';

interface LibraryState {
  info: LibraryInfo | null;
  fatal: ApiError | null;
  revision: number;
  load(): Promise<void>;
  changed(): void;
}

export const useLibrary = create<LibraryState>((set, get) => ({
  info: null,
  fatal: null,
  revision: 0,
  load: async () => {
    const result = await callApi('library.info', {});
    if (result.ok) set({ info: result.value, fatal: null });
    else set({ fatal: result.error });
  },
  changed: () => {
    set({ revision: get().revision + 1 });
    void get().load();
  },
}));
