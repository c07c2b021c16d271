import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { ConnectionIdSchema, RoomSchema } from '../schemas.ts';

export const wsJoin = defineOp({
  name: 'ws.join',
  title: 'Join a room',
  category: 'realtime',
  description: 'Puts a connection in a room, so that `ws.broadcast` to the room reaches it. It stays there until `ws.leave` or until it closes.',
  inputs: {
    connection: { schema: ConnectionIdSchema, description: 'The connection id, as `ws.route` gives it.' },
    room: { schema: RoomSchema, description: 'The room, like "lobby".' },
  },
  outputs: { ok: { schema: z.boolean(), description: 'Whether the connection was open to join.' } },
  examples: [{ title: 'A connection that has gone', inputs: { connection: 'gone.1', room: 'lobby' }, outputs: { ok: false } }],
  run: async (inputs, ctx) => ctx.services.get('realtime').join({ connection: inputs.connection, room: inputs.room }),
});
