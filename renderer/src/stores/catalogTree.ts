// The catalog tree's state: the levels loaded so far (a county has ~40,000 households, so a level is loaded only
// when it is opened), which nodes are expanded, and which node to scroll to. Nodes come from catalog.children.
import { create } from 'zustand';
import type { HouseholdStatus, UnitNode, UnitRef } from '../../../shared/domain';
import { api } from '../api/client';
import { errorMessage } from '../api/errors';
import { onLibraryReset } from './reset';

/** Key of the root level (the counties). */
export const ROOT = 0;

interface CatalogTreeState {
  /** Children by parent id (ROOT for the top level); a parent missing here is not loaded yet. */
  levels: Map<number, UnitNode[]>;
  expanded: number[];
  /** A node to bring into view once it is rendered. */
  scrollTo: number | null;
  error: string | null;
  loadLevel(parentId: number): Promise<UnitNode[]>;
  /** Loads the counties and opens the only county, if there is just one. */
  init(): Promise<void>;
  setExpanded(keys: number[]): void;
  /** Loads and expands every ancestor of a unit (path from UnitDetail, county first, the unit last). */
  reveal(path: UnitRef[], options?: { expandSelf?: boolean }): Promise<void>;
  scrolled(): void;
  /** Reloads every level loaded so far, keeping what is expanded (after an import). */
  refresh(): Promise<void>;
  /** A household's status changed on its page: recolour its node without reloading the level. */
  patchHousehold(id: number, status: HouseholdStatus): void;
  reset(): void;
}

const initial = () => ({ levels: new Map<number, UnitNode[]>(), expanded: [] as number[], scrollTo: null, error: null });

/** One request per level at a time, however many callers ask for it. */
const inFlight = new Map<number, Promise<UnitNode[]>>();
/** Bumped on reset: answers for a library that is no longer open are dropped. */
let generation = 0;

export const useCatalogTree = create<CatalogTreeState>((set, get) => ({
  ...initial(),
  loadLevel: (parentId) => {
    const pending = inFlight.get(parentId);
    if (pending) return pending;
    const gen = generation;
    const request = api('catalog.children', { parentId: parentId === ROOT ? null : parentId })
      .then((nodes) => {
        if (gen !== generation) return nodes;
        set((s) => ({ levels: new Map(s.levels).set(parentId, nodes), error: null }));
        return nodes;
      })
      .catch((err: unknown) => {
        if (gen === generation) set({ error: errorMessage(err) });
        return [] as UnitNode[];
      })
      .finally(() => inFlight.delete(parentId));
    inFlight.set(parentId, request);
    return request;
  },
  init: async () => {
    const roots = get().levels.get(ROOT) ?? (await get().loadLevel(ROOT));
    if (roots.length === 1 && get().expanded.length === 0) {
      const county = roots[0]!;
      await get().loadLevel(county.id);
      set((s) => ({ expanded: s.expanded.includes(county.id) ? s.expanded : [...s.expanded, county.id] }));
    }
  },
  setExpanded: (keys) => set({ expanded: keys }),
  reveal: async (path, options = {}) => {
    const target = path.at(-1);
    if (!target) return;
    const open = path.slice(0, -1).map((u) => u.id);
    if (options.expandSelf && target.tier !== 'household') open.push(target.id);
    if (!get().levels.has(ROOT)) await get().loadLevel(ROOT);
    for (const id of open) if (!get().levels.has(id)) await get().loadLevel(id);
    set((s) => ({ expanded: [...new Set([...s.expanded, ...open])], scrollTo: target.id }));
  },
  scrolled: () => set({ scrollTo: null }),
  refresh: async () => {
    const loaded = [...get().levels.keys()];
    await Promise.all(loaded.map((id) => get().loadLevel(id)));
    if (!loaded.includes(ROOT)) await get().init();
  },
  patchHousehold: (id, status) =>
    set((s) => {
      const levels = new Map(s.levels);
      for (const [parent, nodes] of levels) {
        if (nodes.some((n) => n.id === id)) levels.set(parent, nodes.map((n) => (n.id === id ? { ...n, status } : n)));
      }
      return { levels };
    }),
  reset: () => {
    generation++;
    inFlight.clear();
    set(initial());
  },
}));

onLibraryReset(() => useCatalogTree.getState().reset());
