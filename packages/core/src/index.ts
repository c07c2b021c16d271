export {
  HTTP_METHODS,
  HttpRequestConfigSchema,
  type HttpRequestValue,
  HttpRequestValueSchema,
  requestInvalid,
  routedRequest,
  routeOf,
  type WorkflowRoute,
} from './base-ops/http.ts';
export { checkRequest, PARAM_TYPES, type ParamType, type RequestContract, type RequestProblem } from './base-ops/http-contract.ts';
export { coreMod } from './base-ops/index.ts';
export { routePattern } from './base-ops/route-pattern.ts';
export {
  MIN_EVERY_MS,
  parseCron,
  type ScheduleConfig,
  ScheduleTriggerConfigSchema,
  scheduleOf,
  scheduleTrigger,
  zoneProblem,
} from './base-ops/schedule.ts';
export { renderTemplate } from './base-ops/template.ts';
export { type ErrorBody, isPatternError, PatternError, toErrorBody } from './errors.ts';
export { ulidFactory } from './ids/ulid-factory.ts';
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
  type WebSocketEndpoints,
  type WebSocketServerSide,
  type WebSocketUpgrade,
  type WorkflowActivity,
} from './mods/define-mod.ts';
export { type DatabaseNeed, missingDatabase } from './mods/missing-database.ts';
export { Registry } from './mods/registry.ts';
export { answers, describes, type RouteSchema, type RouteSchemaTarget, routeSchemaOf } from './mods/route-schemas.ts';
export { type CatalogOp, CatalogOpSchema, type CatalogPort, CatalogPortSchema, catalogEntry } from './ops/catalog.ts';
export { ConfigProblem, type ConfigProblemEntry } from './ops/config-problem.ts';
export {
  type Claim,
  type DynamicPorts,
  defineOp,
  ERROR_PORT,
  ErrorValueSchema,
  type OpDefinition,
  type OpExample,
  type OpSpec,
  type PortInfo,
  type PortKind,
  type PortSpec,
  type PrepareEnv,
  toJsonSchema,
} from './ops/define-op.ts';
export { type JsonTypeSet, jsonTypes, typesCompatible } from './ops/json-types.ts';
export { type NodePorts, nodePorts } from './ops/node-ports.ts';
export type { ChildRunRequest, HttpResponseValue, OpContext, RunInfo, ServiceMap, Services } from './ops/op-context.ts';
export { firstIssue, type ParseOptions, parseInput } from './parse-input.ts';
export { childFailure, DEFAULT_MAX_CALL_DEPTH } from './run/child-runs.ts';
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
export { ERROR_TRIGGER, type FailedRunInput } from './run/error-workflows.ts';
export { createMemoryRunStore, type MemoryRunStoreOptions } from './run/memory-run-store.ts';
export * from './run/record.ts';
export { RESUME_TRIGGER, type ResumeOptions, resumeRun } from './run/resume.ts';
export { NOT_RETRIED, retryDelay } from './run/retry.ts';
export { Run, type RunEvent } from './run/run.ts';
export {
  DEFAULT_RUN_PAGE,
  MAX_RUN_PAGE,
  type RunPage,
  type RunQuery,
  type RunSaveOptions,
  type RunStore,
  START_RECORD_HOLD_MS,
  summarize,
} from './run/run-store.ts';
export { CREDENTIAL_HEADERS, findSecretRefs, isSecretRef, REDACTED, Redactor, type SecretRef, type SecretSource } from './run/secrets.ts';
export { isoAt } from './run/trace.ts';
export { testCaseProblems } from './testing/case-problems.ts';
export { testEnvironmentOf } from './testing/environment.ts';
export { type Mismatch, matchPartial } from './testing/match.ts';
export { DEFAULT_TEST_CLOCK, type TestCaseEnvironment, type TestCaseResult } from './testing/run-test-case.ts';
export { runWorkflowTests, type WorkflowTestOptions, type WorkflowTestReport } from './testing/run-workflow-tests.ts';
export { type TestCase, TestCaseSchema, TestCasesSchema, type TestExpectation, type TestMock } from './testing/test-case-schema.ts';
export { canonicalJson, engineContent, sha256, workflowHash } from './workflow/canonical.ts';
export { type CompileOptions, type CompileResult, compileWorkflow, type Plan, type PlanNode, type RouteCheck } from './workflow/compile.ts';
export * from './workflow/problem.ts';
export { responseWarnings } from './workflow/response-warnings.ts';
export * from './workflow/schema.ts';
export {
  type Activation,
  createMemoryWorkflowStore,
  newRevision,
  type SavedWorkflow,
  type WorkflowStore,
  type WorkflowVersion,
} from './workflow/workflow-store.ts';
export {
  type ActiveVersion,
  type PublishResult,
  type SaveOptions,
  type VersionInfo,
  type WorkflowChange,
  type WorkflowEntry,
  Workflows,
} from './workflow/workflows.ts';
