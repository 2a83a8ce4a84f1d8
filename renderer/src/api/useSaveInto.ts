// A write whose answer is the new state of what a query shows (a setting saved, a lock lifted): busy while it runs,
// the answer shown in place of the query's data, a refusal as the engine's message.
import { useState } from 'react';
import { useShowError } from './errors';
import type { Query } from './useApiQuery';

export function useSaveInto<T>(query: Query<T>): { saving: boolean; save(write: () => Promise<T>): Promise<void> } {
  const [saving, setSaving] = useState(false);
  const showError = useShowError();
  const save = async (write: () => Promise<T>) => {
    setSaving(true);
    try {
      query.setData(await write());
    } catch (err) {
      showError(err);
    } finally {
      setSaving(false);
    }
  };
  return { saving, save };
}
