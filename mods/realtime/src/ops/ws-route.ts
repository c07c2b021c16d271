import { ConfigProblem, defineOp } from '@pattern/core';
import { compileMessageCheck, type MessageCheck } from '../connections/message-check.ts';
import { CloseEventSchema, MessageEventSchema, OpenEventSchema, WsEventSchema, WsRouteConfigSchema } from '../schemas.ts';

export const wsRoute = defineOp({
  name: 'ws.route',
  title: 'WebSocket route',
  category: 'realtime',
  description:
    'Makes the saved workflow serve a WebSocket endpoint (`/chat/:room`). Each event of a connection starts a run of its own that emits one port: `open` when a client connects, `message` for each message, `close` when it goes. Run from the editor, it reads the event from the run input (`{ "event": "message", "connection": "…", "data": … }`).',
  config: WsRouteConfigSchema,
  outputs: {
    open: { schema: OpenEventSchema, description: 'A client connected: its `connection` id, and the request’s `params`, `query` and `headers`.' },
    message: {
      schema: MessageEventSchema,
      description: 'A message came: the `connection` id and `data`, parsed as JSON when it parses, else the text.',
    },
    close: { schema: CloseEventSchema, description: 'The connection closed: its `connection` id, the close `code` and `reason`.' },
  },
  examples: [
    { title: 'A chat endpoint', description: 'Saved, the workflow serves `ws://…/chat/lobby`.', config: { path: '/chat/:room' } },
    {
      title: 'Only well-formed messages',
      description: 'A message without a string `text` is answered with an `invalid_message` error frame and starts no run.',
      config: { path: '/chat/:room', messageSchema: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] } },
    },
  ],
  // Two endpoints on paths that differ only in parameter names would take the same connections.
  claims: ({ path }) => ({ key: `ws ${path.replace(/:[^/]+/g, ':').replace(/\/+$/, '') || '/'}`, label: `WebSocket ${path}` }),
  prepare: (config, env): MessageCheck | undefined => {
    const refusal = env.services.has('realtime') ? env.services.get('realtime').routeRefusal(config.path) : undefined;
    if (refusal) throw new ConfigProblem([{ at: ['path'], message: refusal, code: 'route_reserved' }]);
    return config.messageSchema ? compileMessageCheck(config.messageSchema) : undefined;
  },
  run: (_inputs, ctx) => {
    const parsed = WsEventSchema.safeParse(ctx.run.input);
    if (!parsed.success) return {};
    const { event, ...rest } = parsed.data;
    return { [event]: rest };
  },
});
