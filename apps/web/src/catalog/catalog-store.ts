import { create } from 'zustand';
import { errorMessage } from '../api/client.ts';
import { endpoints } from '../api/endpoints.ts';
import type { CatalogOp } from '../api/types.ts';

interface CatalogState {
  ops: CatalogOp[];
  byName: ReadonlyMap<string, CatalogOp>;
  status: 'idle' | 'loading' | 'ready' | 'error';
  error: string | undefined;
  load(): Promise<void>;
}

/** The op catalog, fetched once per page load: every node, palette entry and form is drawn from it. */
export const useCatalog = create<CatalogState>((set, get) => ({
  ops: [],
  byName: new Map(),
  status: 'idle',
  error: undefined,
  async load() {
    if (get().status === 'loading' || get().status === 'ready') return;
    set({ status: 'loading', error: undefined });
    try {
      const ops = await endpoints.catalog();
      set({ ops, byName: new Map(ops.map((op) => [op.name, op])), status: 'ready' });
    } catch (error) {
      set({ status: 'error', error: errorMessage(error) });
    }
  },
}));
