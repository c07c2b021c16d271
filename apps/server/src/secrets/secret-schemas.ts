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
