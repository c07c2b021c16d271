export { seriousViolations } from './accessibility.ts';
export { startSharedServer } from './shared-server.ts';
