import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { ConnectionIdSchema, RoomSchema } from '../schemas.ts';

export const wsLeave = defineOp({
  name: 'ws.leave',
  title: 'Leave a room',
  category: 'realtime',
  description: 'Takes a connection out of a room. A closing connection leaves its rooms by itself.',
  inputs: {
    connection: { schema: ConnectionIdSchema, description: 'The connection id, as `ws.route` gives it.' },
    room: { schema: RoomSchema, description: 'The room, like "lobby".' },
  },
  outputs: { ok: { schema: z.boolean(), description: 'Whether the connection was open.' } },
  examples: [{ title: 'A connection that has gone', inputs: { connection: 'gone.1', room: 'lobby' }, outputs: { ok: false } }],
  run: async (inputs, ctx) => ctx.services.get('realtime').leave({ connection: inputs.connection, room: inputs.room }),
});
