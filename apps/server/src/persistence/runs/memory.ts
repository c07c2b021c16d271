/** Run history in memory lives in core, where the engine falls back on it. */
export { createMemoryRunStore } from '@pattern/core';
