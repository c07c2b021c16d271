import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../api/client.ts';

/**
 * A list page's list: read with `load` when the page opens and again on `refresh`; `error` says
 * what went wrong with the last read or change, until a read succeeds. `load` must keep its
 * identity across renders (a module's endpoint function), or the list is read on every render.
 */
export function useList<T>(load: () => Promise<T[]>) {
  const [items, setItems] = useState<T[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  const refresh = useCallback(async () => {
    try {
      setItems(await load());
      setError(undefined);
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [load]);

  useEffect(() => void refresh(), [refresh]);

  /** Makes a change (a delete, a revoke), then reads the list again; what fails shows as the error. */
  const change = useCallback(
    async (make: () => Promise<unknown>) => {
      try {
        await make();
        await refresh();
      } catch (e) {
        setError(errorMessage(e));
      }
    },
    [refresh],
  );

  return { items, setItems, error, setError, refresh, change };
}
