import { DomainError, defineAggregate } from '../src/aggregates/define-aggregate.ts';

interface Item {
  sku: string;
  price: number;
}

export interface OrderState {
  status: 'none' | 'placed' | 'shipped' | 'cancelled';
  customerId?: string;
  items: Item[];
  total: number;
}

const initialState: OrderState = { status: 'none', items: [], total: 0 };

export const orderAggregate = defineAggregate<OrderState>({
  type: 'Order',
  initialState,
  evolve: (state, event) => {
    switch (event.type) {
      case 'OrderPlaced': {
        const { customerId, items, total } = event.payload as { customerId: string; items: Item[]; total: number };
        return { status: 'placed', customerId, items, total };
      }
      case 'OrderShipped':
        return { ...state, status: 'shipped' };
      case 'OrderCancelled':
        return { ...state, status: 'cancelled' };
      default:
        return state;
    }
  },
  commands: {
    place: (state, payload: { customerId: string; items: Item[] }, { id }) => {
      if (state.status !== 'none') throw new DomainError(`Order ${id} is already placed`);
      const total = payload.items.reduce((sum, item) => sum + item.price, 0);
      return { type: 'OrderPlaced', payload: { orderId: id, customerId: payload.customerId, items: payload.items, total } };
    },
    ship: (state, _payload: unknown, { id }) => {
      if (state.status === 'none') throw new DomainError(`Order ${id} has not been placed`);
      if (state.status === 'cancelled') throw new DomainError(`Order ${id} was cancelled and cannot be shipped`);
      if (state.status === 'shipped') throw new DomainError(`Order ${id} is already shipped`);
      return { type: 'OrderShipped', payload: { orderId: id } };
    },
    cancel: (state, payload: { reason?: string }, { id }) => {
      if (state.status === 'none') throw new DomainError(`Order ${id} has not been placed`);
      if (state.status === 'shipped') throw new DomainError(`Order ${id} is already shipped`);
      if (state.status === 'cancelled') return undefined;
      return { type: 'OrderCancelled', payload: { orderId: id, reason: payload.reason ?? 'no reason given' } };
    },
  },
});
