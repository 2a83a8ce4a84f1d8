// Loads one API call for a page and reloads it when its input or the library's revision changes (an import, an
// edit elsewhere). Answers to an older input are dropped, so fast clicking never shows the wrong unit.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiInput, ApiMethod, ApiOutput } from '../../../shared/api';
import type { ApiError } from '../../../shared/errors';
import { useLibrary } from '../stores/library';
import { callApi } from './client';

export interface Query<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): void;
  /** Replaces the data with what a write returned (e.g. household.setStatus returns the new detail). */
  setData(data: T): void;
}

export function useApiQuery<M extends ApiMethod>(method: M, input: ApiInput<M>): Query<ApiOutput<M>> {
  const revision = useLibrary((s) => s.revision);
  const key = JSON.stringify(input);
  const [state, setState] = useState<{ key: string; data: ApiOutput<M> | null; error: ApiError | null; loading: boolean }>({
    key,
    data: null,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    void callApi(method, JSON.parse(key) as ApiInput<M>).then(
      (result) => {
        if (request !== latest.current) return;
        if (result.ok) setState({ key, data: result.value, error: null, loading: false });
        else setState({ key, data: null, error: result.error, loading: false });
      },
      () => {
        if (request !== latest.current) return;
        setState({ key, data: null, error: { code: 'INTERNAL', message: '无法连接档卡服务' }, loading: false });
      },
    );
  }, [method, key, revision, tick]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((data: ApiOutput<M>) => setState({ key, data, error: null, loading: false }), [key]);
  // Data of a previous input is never shown for the new one.
  const current = state.key === key;
  return { data: current ? state.data : null, error: current ? state.error : null, loading: state.loading || !current, reload, setData };
}
