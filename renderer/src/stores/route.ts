// The page shown lives in the URL hash (#/unit/12, #/household/456), so a reload keeps it and the browser's
// back button works. The hash is the one source of truth; the store mirrors it.
import { create } from 'zustand';
import type { Tier } from '../../../shared/domain';

export type Route = { page: 'home' } | { page: 'unit'; id: number } | { page: 'household'; id: number };

export function parseHash(hash: string): Route {
  const m = /^#\/(unit|household)\/(\d+)$/.exec(hash);
  if (!m) return { page: 'home' };
  return { page: m[1] as 'unit' | 'household', id: Number(m[2]) };
}

export function hashOf(route: Route): string {
  return route.page === 'home' ? '#/' : `#/${route.page}/${route.id}`;
}

/** The route of a unit: households have their own page. */
export function routeOf(tier: Tier, id: number): Route {
  return tier === 'household' ? { page: 'household', id } : { page: 'unit', id };
}

interface RouteState {
  route: Route;
  /** Opens a unit's page (county, township, village or household). */
  open(tier: Tier, id: number): void;
  /** Fixes the current entry without adding to the history, e.g. #/unit/N that turns out to be a household. */
  replace(route: Route): void;
  home(): void;
}

export const useRoute = create<RouteState>((set) => ({
  route: parseHash(window.location.hash),
  open: (tier, id) => {
    const route = routeOf(tier, id);
    window.location.hash = hashOf(route);
    set({ route });
  },
  replace: (route) => {
    window.history.replaceState(null, '', hashOf(route));
    set({ route });
  },
  home: () => {
    window.location.hash = hashOf({ page: 'home' });
    set({ route: { page: 'home' } });
  },
}));

window.addEventListener('hashchange', () => useRoute.setState({ route: parseHash(window.location.hash) }));

/** The unit id of the page shown, for the tree's selection. */
export function selectedUnitId(route: Route): number | null {
  return route.page === 'home' ? null : route.id;
}
