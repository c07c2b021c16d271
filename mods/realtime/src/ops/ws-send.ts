import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { ConnectionIdSchema } from '../schemas.ts';

export const wsSend = defineOp({
  name: 'ws.send',
  title: 'Send to a connection',
  category: 'realtime',
  description:
    'Sends one message to a WebSocket connection, on whichever server holds it: text as it is, anything else as JSON. A connection that has gone is `ok: false`, not an error.',
  inputs: {
    connection: { schema: ConnectionIdSchema, description: 'The connection id, as `ws.route` gives it.' },
    data: { description: 'What to send: a string goes as text, anything else as JSON.' },
  },
  outputs: { ok: { schema: z.boolean(), description: 'Whether the connection was open to take it.' } },
  examples: [{ title: 'A connection that has gone', inputs: { connection: 'gone.1', data: { text: 'hello' } }, outputs: { ok: false } }],
  run: async (inputs, ctx) => ctx.services.get('realtime').send({ connection: inputs.connection, data: inputs.data }),
});
