import type { OpDefinition } from '@pattern/core';

/** The docs serve pages and define no op: the list is here so every mod has the same shape. */
export const docsOps: OpDefinition[] = [];
