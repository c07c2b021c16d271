export { HTTP_METHODS, type HttpRequestValue, HttpRequestValueSchema, routeOf, type WorkflowRoute } from './base-ops/http.ts';
export { coreMod } from './base-ops/index.ts';
export { renderTemplate } from './base-ops/template.ts';
export { type ErrorBody, isPatternError, PatternError, toErrorBody } from './errors.ts';
export {
  assertJsonDepth,
  assertStoredDepth,
  assertValueDepth,
  DEFAULT_MAX_STORED_DEPTH,
  DEFAULT_MAX_VALUE_DEPTH,
  DEFAULT_VALUE_LIMITS,
  jsonTextTooDeep,
  MAX_JSON_DEPTH,
  tooDeep,
  type ValueLimits,
  valueTooDeep,
} from './json/depth.ts';
export { isPlainObject, JsonObjectSchema } from './json/object-schema.ts';
export { parseJsonText } from './json/parse-json-text.ts';
export { getPath, setPath, splitPath } from './json/path.ts';
export { isTruncated, TRUNCATED, type TruncatedValue, truncateValue } from './json/truncate.ts';
export { createLogger, type Logger, type LogLevel, type LogSink, silentLogger } from './logger.ts';
export {
  defineMod,
  type ModContext,
  type ModContributions,
  type ModContributionsSpec,
  type ModDefinition,
  type ModHooks,
  type ModHost,
  type ModHttp,
  type ModRunRequest,
  type ModSpec,
  type RouteApp,
  type RunHandle,
  type ServiceSpec,
} from './mods/define-mod.ts';
export { type DatabaseNeed, missingDatabase } from './mods/missing-database.ts';
export { Registry } from './mods/registry.ts';
export { type CatalogOp, CatalogOpSchema, type CatalogPort, CatalogPortSchema, catalogEntry } from './ops/catalog.ts';
export {
  defineOp,
  ERROR_PORT,
  ErrorValueSchema,
  type OpDefinition,
  type OpExample,
  type OpSpec,
  type PortInfo,
  type PortKind,
  type PortSpec,
  toJsonSchema,
} from './ops/define-op.ts';
export { type JsonTypeSet, jsonTypes, typesCompatible } from './ops/json-types.ts';
export type { HttpResponseValue, OpContext, ServiceMap, Services } from './ops/op-context.ts';
export { firstIssue, type ParseOptions, parseInput } from './parse-input.ts';
export {
  createEngine,
  DEFAULT_MAX_CONCURRENT_RUNS,
  DEFAULT_MAX_QUEUED_RUNS,
  DEFAULT_RUN_TIMEOUT_MS,
  Engine,
  type EngineEvent,
  type EngineOptions,
  type StartRunRequest,
} from './run/engine.ts';
export * from './run/record.ts';
export { Run, type RunEvent } from './run/run.ts';
export { createMemoryRunStore, DEFAULT_RUN_PAGE, MAX_RUN_PAGE, type RunPage, type RunQuery, type RunStore, summarize } from './run/run-store.ts';
export { canonicalJson, engineContent, sha256, workflowHash } from './workflow/canonical.ts';
export { type CompileResult, compileWorkflow, type Plan, type PlanNode, type RouteCheck } from './workflow/compile.ts';
export * from './workflow/problem.ts';
export * from './workflow/schema.ts';
export {
  type Activation,
  createMemoryWorkflowStore,
  type SavedWorkflow,
  type WorkflowStore,
  type WorkflowVersion,
} from './workflow/workflow-store.ts';
export {
  type ActiveVersion,
  type PublishResult,
  type VersionInfo,
  type WorkflowChange,
  type WorkflowEntry,
  Workflows,
} from './workflow/workflows.ts';
