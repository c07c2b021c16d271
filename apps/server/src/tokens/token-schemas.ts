import { z } from 'zod';
import { ScopeSchema } from './scopes.ts';

export const CreateTokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(ScopeSchema).min(1),
  /** When the token stops working; none for a token that lasts until revoked. */
  expiresAt: z.iso
    .datetime({ offset: true })
    .refine((at) => Date.parse(at) > Date.now(), 'must be in the future')
    .nullable()
    .optional(),
});

export const TokenIdParamsSchema = z.object({ id: z.string().min(1).max(64) });
