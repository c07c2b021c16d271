import { api } from '../api/client.ts';

/** One open WebSocket connection, as `GET /api/realtime/connections` lists it. */
export interface LiveConnection {
  id: string;
  workflowId: string;
  path: string;
  address: string;
  openedAt: string;
  rooms: string[];
}

export interface LiveServer {
  server: string;
  connections: LiveConnection[];
}

export const liveEndpoints = {
  list: async (signal?: AbortSignal) => (await api<{ servers: LiveServer[] }>('/api/realtime/connections', { signal })).servers,
};

/** Rooms with their member counts, busiest first. */
export function roomsOf(connections: readonly LiveConnection[]): Array<{ room: string; members: number }> {
  const counts = new Map<string, number>();
  for (const connection of connections) for (const room of connection.rooms) counts.set(room, (counts.get(room) ?? 0) + 1);
  return [...counts].map(([room, members]) => ({ room, members })).sort((a, b) => b.members - a.members || a.room.localeCompare(b.room));
}
