import { useCallback, useEffect, useState } from 'react';
import { api } from '../api/client';
import type { Items } from '../api/types';
import { useShowError } from './errors';

// GET `path` → its items, with loading and reload. `path` null: nothing (no capability to read it).
export function useList<T>(path: string | null) {
  const [items, setItems] = useState<T[]>([]);
  const [loading, setLoading] = useState(false);
  const showError = useShowError();

  const reload = useCallback(async () => {
    if (!path) return;
    setLoading(true);
    try {
      const answer = await api.get<Items<T>>(path);
      setItems(answer.items ?? []);
    } catch (error) {
      showError(error);
    } finally {
      setLoading(false);
    }
  }, [path, showError]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { items, loading, reload, setItems };
}
