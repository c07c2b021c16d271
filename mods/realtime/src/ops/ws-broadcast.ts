import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { ConnectionIdSchema, RoomSchema } from '../schemas.ts';

export const wsBroadcast = defineOp({
  name: 'ws.broadcast',
  title: 'Broadcast to a room',
  category: 'realtime',
  description:
    'Sends one message to every connection in a room, on every server: text as it is, anything else as JSON. `except` leaves one connection out (the sender, say).',
  inputs: {
    room: { schema: RoomSchema, description: 'The room, like "lobby".' },
    data: { description: 'What to send: a string goes as text, anything else as JSON.' },
    except: { schema: ConnectionIdSchema.optional(), description: 'A connection not to send it to.' },
  },
  outputs: {
    ok: { schema: z.boolean(), description: 'Always true: an empty room is not an error.' },
    sent: { schema: z.number().int(), description: 'How many connections of this server took it (other servers write to theirs).' },
  },
  examples: [
    { title: 'An empty room', inputs: { room: 'lobby', data: { from: 'Ada', text: 'hello' } }, outputs: { ok: true, sent: 0 } },
    { title: 'Everyone but the sender', inputs: { room: 'lobby', data: 'hi', except: 'gone.1' }, outputs: { ok: true, sent: 0 } },
  ],
  run: async (inputs, ctx) =>
    ctx.services.get('realtime').broadcast({ room: inputs.room, data: inputs.data, ...(inputs.except ? { except: inputs.except } : {}) }),
});
