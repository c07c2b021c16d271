import { ConfigProblem } from '@pattern/core';
import { z } from 'zod';

/** Why a message breaks the endpoint's `messageSchema`, or undefined when it keeps it. */
export type MessageCheck = (data: unknown) => string | undefined;

/** Compiled once, when the workflow is saved or loaded; a schema zod cannot follow is a problem of the node's `messageSchema`. */
export function compileMessageCheck(schema: Record<string, unknown>): MessageCheck {
  let compiled: z.ZodType;
  try {
    compiled = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch (error) {
    throw new ConfigProblem(['messageSchema'], `is not a JSON Schema this endpoint can check: ${(error as Error).message}`);
  }
  return (data) => {
    const result = compiled.safeParse(data);
    if (result.success) return undefined;
    const issue = result.error.issues[0];
    const at = issue?.path.length ? issue.path.map(String).join('.') : 'the message';
    return `${at}: ${issue?.message ?? 'does not match the schema'}`;
  };
}
