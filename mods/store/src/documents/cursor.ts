import { PatternError } from '@pattern/core';
import { z } from 'zod';
import type { Order } from '../schemas.ts';
import type { TypedKey } from './index-keys.ts';

/** Where the previous page stopped: the last document's sort key and id, so ties never repeat or vanish. */
const CursorSchema = z.object({
  field: z.string().nullable(),
  order: z.enum(['asc', 'desc']),
  key: z
    .object({ kind: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]), value: z.union([z.number(), z.string(), z.null()]) })
    .nullable(),
  id: z.string(),
});

export type Cursor = z.infer<typeof CursorSchema>;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string, field: string | null, order: Order): Cursor {
  let parsed: z.ZodSafeParseResult<Cursor>;
  try {
    parsed = CursorSchema.safeParse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw invalidCursor();
  }
  if (!parsed.success) throw invalidCursor();
  const cursor = parsed.data;
  // No id or index key holds NUL, so no cursor this store issued does.
  if (cursor.id.includes('\0') || (typeof cursor.key?.value === 'string' && cursor.key.value.includes('\0'))) throw invalidCursor();
  if (cursor.field !== field || cursor.order !== order || (field !== null) !== (cursor.key !== null)) {
    throw new PatternError('bad_request', 'The cursor belongs to a query with another order; pass the same orderBy and order', { field: 'cursor' });
  }
  return cursor;
}

export function keyCursor(field: string | null, order: Order, key: TypedKey | null, id: string): string {
  return encodeCursor({ field, order, key, id });
}

function invalidCursor(): PatternError {
  return new PatternError('bad_request', 'The cursor is not one this store issued; pass the `next` of the previous page', { field: 'cursor' });
}
