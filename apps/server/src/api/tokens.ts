import { answers } from '@pattern/core';
import { Hono } from 'hono';
import { notFound } from '../http/errors.ts';
import { jsonBody, paramsOf } from '../http/json-body.ts';
import {
  CreateTokenBodySchema,
  type MintedToken,
  MintedTokenSchema,
  TokenIdParamsSchema,
  type TokenList,
  TokenListSchema,
  type TokenRevoked,
  TokenRevokedSchema,
} from '../tokens/token-schemas.ts';
import type { Tokens } from '../tokens/tokens.ts';
import { refuses } from './answers.ts';

/** `/api/tokens`: a token's text is in the answer to its POST, once; after that only its name, scopes and times. */
export function tokenRoutes(tokens: Tokens) {
  return new Hono()
    .get('/api/tokens', answers(TokenListSchema), async (c) => c.json({ tokens: await tokens.list() } satisfies TokenList))
    .post('/api/tokens', jsonBody(CreateTokenBodySchema), answers(MintedTokenSchema, 201), async (c) => {
      const { name, scopes, expiresAt } = c.req.valid('json');
      const { token, meta } = await tokens.mint(name, scopes, expiresAt ?? null);
      return c.json({ ...meta, token } satisfies MintedToken, 201);
    })
    .delete('/api/tokens/:id', paramsOf(TokenIdParamsSchema), answers(TokenRevokedSchema), refuses(404, 'There is no such token.'), async (c) => {
      const { id } = c.req.valid('param');
      if (!(await tokens.revoke(id))) throw notFound('token', id);
      return c.json({ deleted: true, id } satisfies TokenRevoked);
    });
}
