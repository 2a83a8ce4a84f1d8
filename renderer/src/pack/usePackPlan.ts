// pack.plan for the options chosen, again whenever they change (the typed folder a moment after typing stops).
// An answer to older options is dropped, so the plan shown is always the plan of what would be written.
import { useEffect, useRef, useState } from 'react';
import type { ApiInput } from '../../../shared/api';
import type { PackPlan } from '../../../shared/domain';
import { callApi } from '../api/client';
import { useLibrary } from '../stores/library';

export interface PlanQuery {
  plan: PackPlan | null;
  error: string | null;
  loading: boolean;
  /** The options the plan shown was made for (JSON), to tell a plan of the current options from an older one. */
  key: string | null;
}

export function usePackPlan(input: ApiInput<'pack.plan'> | null, refresh: number): PlanQuery {
  const revision = useLibrary((s) => s.revision);
  const key = input ? JSON.stringify(input) : null;
  const [state, setState] = useState<PlanQuery>({ plan: null, error: null, loading: false, key: null });
  const latest = useRef(0);
  useEffect(() => {
    const request = ++latest.current;
    if (key === null) {
      setState({ plan: null, error: null, loading: false, key: null });
      return;
    }
    setState((s) => ({ ...s, loading: true }));
    void callApi('pack.plan', JSON.parse(key) as ApiInput<'pack.plan'>).then(
      (r) => {
        if (request !== latest.current) return;
        setState(r.ok ? { plan: r.value, error: null, loading: false, key } : { plan: null, error: r.error.message, loading: false, key });
      },
      () => {
        if (request === latest.current) setState({ plan: null, error: '无法连接档卡服务', loading: false, key });
      },
    );
  }, [key, revision, refresh]);
  const current = state.key === key;
  return { plan: current ? state.plan : null, error: current ? state.error : null, loading: state.loading || (key !== null && !current), key: state.key };
}

/** A value that follows `value` once it has stayed the same for `ms` (a path being typed). */
export function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}
