// The page shown is in the URL hash (#/unit/12), so a reload keeps it.
import { create } from 'zustand';

export interface RouteState {
  unitId: number | null;
  open(unitId: number | null): void;
}

function parse(hash: string): number | null {
  const m = /^#\/unit\/(\d+)$/.exec(hash);
  return m ? Number(m[1]) : null;
}

export const useRoute = create<RouteState>((set) => ({
  unitId: parse(window.location.hash),
  open: (unitId) => {
    window.location.hash = unitId === null ? '' : `#/unit/${unitId}`;
    set({ unitId });
  },
}));

window.addEventListener('hashchange', () => useRoute.setState({ unitId: parse(window.location.hash) }));
