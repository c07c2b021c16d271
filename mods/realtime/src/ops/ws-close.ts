import { defineOp } from '@pattern/core';
import { z } from 'zod';
import { CloseCodeSchema, CloseReasonSchema, ConnectionIdSchema } from '../schemas.ts';

export const wsClose = defineOp({
  name: 'ws.close',
  title: 'Close a connection',
  category: 'realtime',
  description: 'Closes a WebSocket connection, on whichever server holds it. Its `close` run follows as for any close.',
  inputs: {
    connection: { schema: ConnectionIdSchema, description: 'The connection id, as `ws.route` gives it.' },
    code: { schema: CloseCodeSchema.optional(), description: 'The close code: 1000 (the default), or your own from 3000 to 4999.' },
    reason: { schema: CloseReasonSchema.optional(), description: 'A short reason the client sees (120 characters at most).' },
  },
  outputs: { ok: { schema: z.boolean(), description: 'Whether the connection was open.' } },
  examples: [{ title: 'A connection that has gone', inputs: { connection: 'gone.1', code: 4000, reason: 'bye' }, outputs: { ok: false } }],
  run: async (inputs, ctx) =>
    ctx.services.get('realtime').close({ connection: inputs.connection, code: inputs.code ?? 1000, reason: inputs.reason ?? '' }),
});
