/** The handbook's "Chat room": join on open, broadcast each message to the room, leave on close. */
export function chatWorkflow(path = '/chat/:room', extra: Record<string, unknown> = {}) {
  const get = (id: string, field: string) => ({ id, op: 'object.get', config: { path: field } }) as const;
  return {
    name: 'Chat room',
    nodes: [
      {
        id: 'route',
        op: 'ws.route',
        config: {
          path,
          messageSchema: { type: 'object', properties: { name: { type: 'string' }, text: { type: 'string' } }, required: ['name', 'text'] },
          ...extra,
        },
      },
      get('opened', 'connection'),
      { id: 'join', op: 'ws.join', config: { room: 'lobby' } },
      get('sender', 'connection'),
      get('said', 'data'),
      { id: 'say', op: 'ws.broadcast', config: { room: 'lobby' } },
      get('gone', 'connection'),
      { id: 'leave', op: 'ws.leave', config: { room: 'lobby' } },
    ],
    edges: [
      { from: { node: 'route', port: 'open' }, to: { node: 'opened', port: 'object' } },
      { from: { node: 'opened', port: 'value' }, to: { node: 'join', port: 'connection' } },
      { from: { node: 'route', port: 'message' }, to: { node: 'sender', port: 'object' } },
      { from: { node: 'route', port: 'message' }, to: { node: 'said', port: 'object' } },
      { from: { node: 'said', port: 'value' }, to: { node: 'say', port: 'data' } },
      { from: { node: 'sender', port: 'value' }, to: { node: 'say', port: 'except' } },
      { from: { node: 'route', port: 'close' }, to: { node: 'gone', port: 'object' } },
      { from: { node: 'gone', port: 'value' }, to: { node: 'leave', port: 'connection' } },
    ],
  };
}
