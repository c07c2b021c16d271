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

/** A token as the API answers it: its name, scopes and times, never its text after it is minted. */
export const TokenMetaSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(ScopeSchema),
  createdAt: z.string().describe('An ISO 8601 time.'),
  expiresAt: z.string().nullable().describe('When it stops working; null for a token that lasts until revoked.'),
  lastUsedAt: z.string().nullable().describe('When it was last used; null when never.'),
});

export const TokenListSchema = z.object({ tokens: z.array(TokenMetaSchema) }).describe('Every token, without its text.');

export const MintedTokenSchema = TokenMetaSchema.extend({
  token: z.string().describe('The token’s text, `pat_…`: in this answer only, never again.'),
}).describe('The new token, with its text, once.');

export const TokenRevokedSchema = z.object({ deleted: z.literal(true), id: z.string() }).describe('The token is revoked.');

export type TokenMeta = z.infer<typeof TokenMetaSchema>;
export type TokenList = z.infer<typeof TokenListSchema>;
export type MintedToken = z.infer<typeof MintedTokenSchema>;
export type TokenRevoked = z.infer<typeof TokenRevokedSchema>;
