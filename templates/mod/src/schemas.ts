import { z } from 'zod';

/** The contracts of the counter mod: its options and the inputs of its service, ops and routes. */

export const CounterOptionsSchema = z.strictObject({
  /** PostgreSQL when the server has a database URL, else SQLite when it has a data dir, else memory. */
  driver: z.enum(['memory', 'sqlite', 'postgres']).optional(),
});

export const CounterNameSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'a counter name starts with a letter and has letters, digits, "_", "." or "-" (64 at most)');

export const StepSchema = z.number().int().min(1).max(1_000_000);

export const IncrementSchema = z.strictObject({ name: CounterNameSchema, by: StepSchema.default(1) });

export const CounterSchema = z.object({ name: z.string(), value: z.number().int() });

export type CounterOptions = z.output<typeof CounterOptionsSchema>;
export type IncrementInput = z.input<typeof IncrementSchema>;
export type Counter = z.infer<typeof CounterSchema>;
