import type { StoreService } from '@pattern/mod-store';
import { defineProjection, type ProjectionContext, type StoredEvent } from '../../src/index.ts';

const COLLECTION = 'customer_totals';

interface Totals {
  customerId: string;
  orders: number;
  total: number;
  /** The last event applied: a replayed event (after a crash) is recognised and skipped. */
  lastPosition: number;
}

/** Applies one placed order to its customer's totals, exactly once even when the event is delivered again. */
export async function applyOrderPlaced(event: StoredEvent, ctx: ProjectionContext): Promise<void> {
  const store = ctx.services.get<StoreService>('store');
  const { customerId, total } = event.payload as { customerId: string; total: number };
  const doc = await store.get(COLLECTION, customerId);
  const current = doc?.data as Totals | undefined;
  if (current && current.lastPosition >= event.position) return;
  const next: Totals = { customerId, orders: (current?.orders ?? 0) + 1, total: (current?.total ?? 0) + total, lastPosition: event.position };
  const written = await store.put({ collection: COLLECTION, id: customerId, data: { ...next }, version: doc?.version ?? 0 });
  if (!written.ok) throw new Error(`customer ${customerId} changed while its totals were computed`);
}

export async function clearTotals(ctx: Pick<ProjectionContext, 'services'>): Promise<void> {
  const store = ctx.services.get<StoreService>('store');
  for (;;) {
    const page = await store.query({ collection: COLLECTION, limit: 100 });
    if (page.docs.length === 0) return;
    for (const doc of page.docs) await store.delete({ collection: COLLECTION, id: doc.id });
  }
}

export const customerTotals = (version = 1) =>
  defineProjection({ name: 'customer-totals', version, handles: { OrderPlaced: applyOrderPlaced }, reset: clearTotals });
