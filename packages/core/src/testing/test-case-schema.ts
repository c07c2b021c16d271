import { z } from 'zod';

const NODE_STATUSES = ['pending', 'running', 'ok', 'error', 'skipped'] as const;
const RUN_STATUSES = ['ok', 'error', 'cancelled'] as const;

/** A node replaced by what it would have answered: its outputs by port, or a failure. */
export const TestMockSchema = z.union([
  z.strictObject({ outputs: z.record(z.string(), z.unknown()) }),
  z.strictObject({
    error: z.strictObject({ code: z.string().min(1).max(200), message: z.string().max(10_000).optional(), details: z.unknown().optional() }),
  }),
]);

/** A store document a case starts with. */
export const StoreFixtureSchema = z.strictObject({ id: z.string().min(1).max(512).optional(), data: z.record(z.string(), z.unknown()) });

/** An event a case starts with, appended to its aggregate's stream in order. */
export const EventFixtureSchema = z.strictObject({
  aggregateType: z.string().min(1),
  aggregateId: z.string().min(1),
  type: z.string().min(1),
  payload: z.unknown().optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
});

export const TestFixturesSchema = z.strictObject({
  store: z.record(z.string(), z.array(StoreFixtureSchema)).optional(),
  events: z.array(EventFixtureSchema).optional(),
});

/** What a node must have done: `"skipped"`, or its status and (part of) its outputs. */
export const NodeExpectationSchema = z.union([
  z.literal('skipped'),
  z.strictObject({ status: z.enum(NODE_STATUSES).optional(), outputs: z.record(z.string(), z.unknown()).optional() }),
]);

export const TestExpectationSchema = z.strictObject({
  status: z.enum(RUN_STATUSES).optional(),
  /** Matched partially: what is named must match, the rest may differ; arrays match by index and length. */
  output: z.unknown().optional(),
  error: z.strictObject({ code: z.string().optional(), message: z.string().optional() }).optional(),
  nodes: z.record(z.string(), NodeExpectationSchema).optional(),
});

export const TestCaseSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(10_000).optional(),
  input: z.unknown().optional(),
  /** By node id: the node does not run, it answers this instead. */
  mocks: z.record(z.string(), TestMockSchema).optional(),
  fixtures: TestFixturesSchema.optional(),
  /** The time `time.now`, `schedule.trigger` and `id.ulid` see (ISO 8601); default 2030-01-01T00:00:00Z. */
  clock: z.iso.datetime({ offset: true }).optional(),
  expect: TestExpectationSchema.default({}),
});

/** A workflow's test cases; names are unique, since runs pick cases by name. */
export const TestCasesSchema = z
  .array(TestCaseSchema)
  .max(1000)
  .superRefine((cases, ctx) => {
    const seen = new Set<string>();
    cases.forEach((testCase, i) => {
      if (seen.has(testCase.name))
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `another test case is already named "${testCase.name}"` });
      seen.add(testCase.name);
    });
  });

export type TestCase = z.output<typeof TestCaseSchema>;
export type TestMock = z.output<typeof TestMockSchema>;
export type TestExpectation = z.output<typeof TestExpectationSchema>;
export type NodeExpectation = z.output<typeof NodeExpectationSchema>;
