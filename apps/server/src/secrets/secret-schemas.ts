import { z } from 'zod';

export const MAX_SECRET_BYTES = 64 * 1024;

export const SecretNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/, 'a secret name starts with a letter or "_" and has letters, digits, "_", "." or "-" (128 at most)');

export const SecretValueSchema = z
  .string()
  .min(1, 'a secret value is not empty')
  .refine((value) => Buffer.byteLength(value, 'utf8') <= MAX_SECRET_BYTES, `a secret value is at most ${MAX_SECRET_BYTES} bytes (64 KiB)`);

export const PutSecretBodySchema = z.strictObject({ value: SecretValueSchema });

/** A secret as the API answers it: its name and times, never its value. */
export const SecretMetaSchema = z
  .object({ name: z.string(), createdAt: z.string().describe('An ISO 8601 time.'), updatedAt: z.string().describe('An ISO 8601 time.') })
  .describe('The secret, by name and times; its value never leaves the server.');

export const SecretListSchema = z.object({ secrets: z.array(SecretMetaSchema) }).describe('Every secret, by name; values never leave the server.');

export const SecretDeletedSchema = z.object({ deleted: z.literal(true), name: z.string() }).describe('The secret is deleted.');

export type SecretMeta = z.infer<typeof SecretMetaSchema>;
export type SecretList = z.infer<typeof SecretListSchema>;
export type SecretDeleted = z.infer<typeof SecretDeletedSchema>;
