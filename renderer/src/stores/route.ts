// The page shown lives in the URL hash (#/unit/12, #/household/456), so a reload keeps it and the browser's
// back button works. The hash is the one source of truth; the store mirrors it.
import { create } from 'zustand';
import type { Tier } from '../../../shared/domain';

export type Route =
  | { page: 'home' }
  | { page: 'unit'; id: number }
  | { page: 'household'; id: number }
  /** 导入扫描件, optionally for a unit and template item (the 添加 of a template row). */
  | { page: 'import'; unitId?: number; item?: string }
  /** A document in the page viewer, at page `seq` (1-based); `q`: the full-text query to mark on the page. */
  | { page: 'document'; id: number; seq?: number; q?: string }
  | { page: 'search'; query: string }
  /** 检查: a unit's completeness and problems (the county when id is missing). */
  | { page: 'check'; id?: number }
  /** 打印中心, optionally for a unit. */
  | { page: 'print'; unitId?: number }
  /** 验收数据包 (export, verify, import), optionally exporting a unit. */
  | { page: 'pack'; unitId?: number }
  /** 用户管理 and 操作记录核对 (administrators). */
  | { page: 'users' }
  /** 操作记录: the whole library's trail with filters (reviewers and administrators). */
  | { page: 'auditLog' };

export function parseHash(hash: string): Route {
  const unit = /^#\/(unit|household)\/(\d+)$/.exec(hash);
  if (unit) return { page: unit[1] as 'unit' | 'household', id: Number(unit[2]) };
  const doc = /^#\/document\/(\d+)(?:\/(\d+))?(?:\?q=(.*))?$/.exec(hash);
  if (doc) return { page: 'document', id: Number(doc[1]), ...(doc[2] ? { seq: Number(doc[2]) } : {}), ...(doc[3] ? { q: safeDecode(doc[3]) } : {}) };
  const print = /^#\/print(?:\/(\d+))?$/.exec(hash);
  if (print) return { page: 'print', ...(print[1] ? { unitId: Number(print[1]) } : {}) };
  const pack = /^#\/pack(?:\/(\d+))?$/.exec(hash);
  if (pack) return { page: 'pack', ...(pack[1] ? { unitId: Number(pack[1]) } : {}) };
  const check = /^#\/check(?:\/(\d+))?$/.exec(hash);
  if (check) return { page: 'check', ...(check[1] ? { id: Number(check[1]) } : {}) };
  if (hash === '#/users') return { page: 'users' };
  if (hash === '#/audit') return { page: 'auditLog' };
  const search = /^#\/search\/(.*)$/.exec(hash);
  if (search) return { page: 'search', query: safeDecode(search[1]!) };
  const imp = /^#\/import(?:\?(.*))?$/.exec(hash);
  if (imp) {
    const params = new URLSearchParams(imp[1] ?? '');
    const unitId = Number(params.get('unit'));
    const item = params.get('item');
    return { page: 'import', ...(unitId > 0 ? { unitId } : {}), ...(item ? { item } : {}) };
  }
  return { page: 'home' };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function hashOf(route: Route): string {
  switch (route.page) {
    case 'home':
      return '#/';
    case 'unit':
    case 'household':
      return `#/${route.page}/${route.id}`;
    case 'document':
      return `#/document/${route.id}${route.seq ? `/${route.seq}` : ''}${route.q ? `?q=${encodeURIComponent(route.q)}` : ''}`;
    case 'search':
      return `#/search/${encodeURIComponent(route.query)}`;
    case 'check':
      return `#/check${route.id ? `/${route.id}` : ''}`;
    case 'print':
      return `#/print${route.unitId ? `/${route.unitId}` : ''}`;
    case 'pack':
      return `#/pack${route.unitId ? `/${route.unitId}` : ''}`;
    case 'users':
      return '#/users';
    case 'auditLog':
      return '#/audit';
    case 'import': {
      const params = new URLSearchParams();
      if (route.unitId) params.set('unit', String(route.unitId));
      if (route.item) params.set('item', route.item);
      const q = params.toString();
      return `#/import${q ? `?${q}` : ''}`;
    }
  }
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
  /** Any page. */
  go(route: Route): void;
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
  go: (route) => {
    window.location.hash = hashOf(route);
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
  return route.page === 'unit' || route.page === 'household' ? route.id : null;
}
