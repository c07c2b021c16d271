/** Saved workflows in memory live in core, where the engine falls back on them. */
export { createMemoryWorkflowStore } from '@pattern/core';
