import { describe, expect, it } from 'vitest';
import { roomsOf } from '../src/realtime/live-endpoints.ts';

const connection = (id: string, rooms: string[]) => ({
  id,
  workflowId: 'chat',
  path: '/chat',
  address: '127.0.0.1',
  openedAt: '2026-01-01T00:00:00Z',
  rooms,
});

describe('roomsOf', () => {
  it('counts the members of each room, busiest first, then by name', () => {
    expect(roomsOf([connection('a.1', ['lobby', 'ops']), connection('a.2', ['lobby']), connection('a.3', []), connection('a.4', ['dev'])])).toEqual([
      { room: 'lobby', members: 2 },
      { room: 'dev', members: 1 },
      { room: 'ops', members: 1 },
    ]);
  });

  it('is empty when no connection is in a room', () => {
    expect(roomsOf([connection('a.1', [])])).toEqual([]);
  });
});
