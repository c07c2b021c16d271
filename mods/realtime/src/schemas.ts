import { z } from 'zod';

/** The contracts of the realtime mod: its options, the config of `ws.route`, and what its ops take and give. */

const OriginSchema = z
  .url()
  .refine((value) => new URL(value).origin === value, 'an origin like https://app.example.com (scheme, host, port; no path)');

export const RealtimeOptionsSchema = z.strictObject({
  /** PostgreSQL when the server has a database URL, else SQLite (one server: in-process), else memory. */
  driver: z.enum(['memory', 'sqlite', 'postgres']).optional(),
  /** Browser pages of other origins that may open connections; the server's own origin always may. */
  allowedOrigins: z.array(OriginSchema).max(100).default([]),
  maxMessageBytes: z.number().int().min(128).max(16_777_216).default(65_536),
  maxMessagesPerSecond: z.number().int().min(1).max(100_000).default(50),
  maxConnectionsPerAddress: z.number().int().min(1).max(1_000_000).default(256),
  /** What a connection may have queued unsent; a client that reads slower is closed. */
  maxBufferedBytes: z.number().int().min(1024).max(1_073_741_824).default(1_048_576),
  pingIntervalMs: z.number().int().min(1000).max(3_600_000).default(30_000),
  /** On PostgreSQL: a server whose heartbeat is older than this has died, and its connections and rooms are forgotten. */
  serverTimeoutMs: z.number().int().min(1000).max(3_600_000).default(30_000),
});

export type RealtimeOptions = z.output<typeof RealtimeOptionsSchema>;

export const WsPathSchema = z
  .string()
  .max(500)
  .regex(/^\/[A-Za-z0-9._~\-/:]*$/, 'a path like /chat/:room (letters, digits, . _ ~ - / and :params)');

export const WsRouteConfigSchema = z.object({
  path: WsPathSchema.describe('The WebSocket endpoint, with `:name` parameters: `/chat/:room`.'),
  auth: z.boolean().default(false).describe('Require the admin token (or a signed-in session) to connect.'),
  messageSchema: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('A JSON Schema every message must match; a message that does not is answered with an error frame and starts no run.'),
});

export const ConnectionIdSchema = z.string().min(1).max(100).describe('A connection id, as `ws.route` gives it.');

export const RoomSchema = z.string().min(1).max(200).describe('A room name, like "lobby".');

export const CloseCodeSchema = z
  .number()
  .int()
  .refine((code) => code === 1000 || (code >= 3000 && code <= 4999), 'a close code: 1000, or 3000 to 4999');

export const CloseReasonSchema = z.string().max(120);

export const OpenEventSchema = z.object({
  connection: z.string(),
  params: z.record(z.string(), z.string()),
  query: z.record(z.string(), z.string()),
  headers: z.record(z.string(), z.string()),
});

export const MessageEventSchema = z.object({ connection: z.string(), data: z.unknown() });

export const CloseEventSchema = z.object({ connection: z.string(), code: z.number(), reason: z.string() });

/** The run input of one connection event, as the mod starts it. */
export const WsEventSchema = z.discriminatedUnion('event', [
  OpenEventSchema.extend({ event: z.literal('open') }),
  MessageEventSchema.extend({ event: z.literal('message') }),
  CloseEventSchema.extend({ event: z.literal('close') }),
]);

export type WsEvent = z.infer<typeof WsEventSchema>;

/** What a server keeps of one connection, as the Live panel lists it. */
export const ConnectionInfoSchema = z.object({
  id: z.string().describe('The connection id, as `ws.route` gives it.'),
  workflowId: z.string().describe('The workflow whose endpoint it connected to.'),
  path: z.string().describe('The path it connected to.'),
  address: z.string().describe('The client address.'),
  openedAt: z.string().describe('When it connected (ISO 8601).'),
  rooms: z.array(z.string()).describe('The rooms it is in.'),
});

export const ServerConnectionsSchema = z.object({
  server: z.string().describe('The server’s id in the cluster.'),
  connections: z.array(ConnectionInfoSchema),
});

/** The answer of `GET /api/realtime/connections`. */
export const ConnectionsListingSchema = z
  .object({ servers: z.array(ServerConnectionsSchema) })
  .describe('The open connections of every live server, this one first, with their rooms.');

export type ConnectionInfo = z.infer<typeof ConnectionInfoSchema>;
export type ServerConnections = z.infer<typeof ServerConnectionsSchema>;
export type ConnectionsListing = z.infer<typeof ConnectionsListingSchema>;
