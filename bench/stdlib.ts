import { createEngine, type Engine, type OpContext } from '@pattern/core';
import { codePointsBetween } from '../packages/core/src/base-ops/string-code-points.ts';
import type { BenchRow, BenchSuite } from './harness.ts';
import { opsPerSecond, windowMs } from './harness.ts';

const MAX_PIPELINE_RATIO = 3;

/** A few kilobytes of `key=value` pairs: a safe pattern (no nested repetition) with named groups, matched some forty times. */
const MATCH_TEXT = Array.from({ length: 40 }, (_, i) => `line ${i}: user=${1000 + i} took ms=${i * 7} at step${i}`).join('\n');
const MATCH_PATTERN = '(?<key>[a-z]+)=(?<value>\\d+)';
const MATCH_MAX = 100;

/** `string.match` as a node calls it: its run, with the pattern its `prepare` compiled. */
function opMatcher(engine: Engine): () => unknown {
  const op = engine.op('string.match');
  if (!op?.prepare || !op.config) throw new Error('string.match is not registered with a prepare');
  const config = op.config.parse({ max: MATCH_MAX }) as Record<string, unknown>;
  const prepared = op.prepare(
    { ...config, pattern: MATCH_PATTERN },
    { services: engine.services, limits: engine.limits, workflowExists: () => false },
  );
  const ctx = { config, prepared } as unknown as OpContext;
  return () => op.run({ text: MATCH_TEXT, pattern: MATCH_PATTERN }, ctx);
}

/** The same outputs from the native engine: first match, and every match with code-point index, groups and captures. */
function nativeMatcher(): () => unknown {
  const regex = new RegExp(MATCH_PATTERN, 'gu');
  return () => {
    const all: Array<{ match: string; index: number; groups: Record<string, string>; captures: Array<string | null> }> = [];
    let unit = 0;
    let point = 0;
    for (const found of MATCH_TEXT.matchAll(regex)) {
      if (all.length >= MATCH_MAX) break;
      point += codePointsBetween(MATCH_TEXT, unit, found.index);
      unit = found.index;
      all.push({ match: found[0], index: point, groups: { ...found.groups }, captures: found.slice(1).map((c) => c ?? null) });
    }
    const first = all[0];
    return first ? { matched: true, ...first, all } : { matched: false, all };
  };
}

/** 64 KiB of text with runs of spaces: large enough that the ops' own work, not the engine's bookkeeping, is what is measured. */
const PIPELINE_TEXT = `  ${'The Quick  Brown Fox\tjumps over the lazy dog; '.repeat(1400)}  `;

type Step = { op: string; config?: Record<string, unknown>; port?: string };

/** Ten string ops in a chain, each handing its text to the next; the third collapses runs of spaces with a regular expression. */
const WITH_REGEX: Step[] = [
  { op: 'string.trim' },
  { op: 'string.lower' },
  { op: 'string.replace', config: { pattern: '\\s+', replacement: ' ' } },
  { op: 'string.concat', config: { b: ' (end)' }, port: 'a' },
  { op: 'string.upper' },
  { op: 'string.pad', config: { length: 70_000, fill: '.', side: 'end' } },
  { op: 'string.slice', config: { start: 10, end: 60_000 } },
  { op: 'string.lower' },
  { op: 'string.trim', config: { mode: 'end' } },
  { op: 'string.concat', config: { a: '> ' }, port: 'b' },
];
/** The same chain with the regular expression's step swapped for one more case change. */
const WITHOUT_REGEX: Step[] = WITH_REGEX.map((step) => (step.op === 'string.replace' ? { op: 'string.upper' } : step));

function pipeline(steps: Step[]) {
  return {
    nodes: [
      { id: 'in', op: 'flow.input' },
      ...steps.map((step, i) => ({ id: `s${i}`, op: step.op, config: step.config ?? {} })),
      { id: 'out', op: 'flow.output' },
    ],
    edges: [
      ...steps.map((step, i) => ({
        from: { node: i === 0 ? 'in' : `s${i - 1}`, port: i === 0 ? 'value' : 'text' },
        to: { node: `s${i}`, port: step.port ?? 'text' },
      })),
      { from: { node: `s${steps.length - 1}`, port: 'text' }, to: { node: 'out', port: 'value' } },
    ],
  };
}

/** The same steps in plain TypeScript, as a developer would write them (on this ASCII text, UTF-16 units and code points agree). */
function plainPipeline(text: string, regex: boolean): string {
  let t = text.trim().toLowerCase();
  t = regex ? t.replace(/\s+/g, ' ') : t.toUpperCase();
  t = `${t} (end)`.toUpperCase().padEnd(70_000, '.').slice(10, 60_000).toLowerCase().trimEnd();
  return `> ${t}`;
}

/** Microseconds per run of the chain, and per call of the plain function, both yielding to the event loop after each. */
async function pipelineRow(engine: Engine, steps: Step[], regex: boolean, name: string): Promise<BenchRow> {
  const plan = engine.compile(pipeline(steps));
  const check = await engine.run({ plan, input: PIPELINE_TEXT });
  if (check.output !== plainPipeline(PIPELINE_TEXT, regex)) throw new Error(`${name}: the workflow and the plain TypeScript disagree`);
  const workflowMicros = 1e6 / (await opsPerSecond(() => engine.run({ plan, input: PIPELINE_TEXT }), windowMs(2000), 300, true));
  const plainMicros = 1e6 / (await opsPerSecond(() => plainPipeline(PIPELINE_TEXT, regex), windowMs(2000), 300, true));
  return {
    group: 'stdlib',
    name,
    value: workflowMicros,
    unit: 'µs/run',
    baseline: plainMicros,
    baselineName: 'the same steps in plain TypeScript',
    ratio: workflowMicros / plainMicros,
    target: `< ${MAX_PIPELINE_RATIO}×`,
    met: workflowMicros / plainMicros < MAX_PIPELINE_RATIO,
  };
}

/**
 * `string.match` (RE2 in JavaScript, linear time) against the native backtracking engine doing
 * the same work on a safe pattern; and a ten-op string workflow against the same steps in plain
 * TypeScript, each run yielding to the event loop as a server does.
 */
export const stdlibBench: BenchSuite = async () => {
  const engine = createEngine();
  await engine.start();

  const re2PerSecond = await opsPerSecond(opMatcher(engine), windowMs(1500));
  const nativePerSecond = await opsPerSecond(nativeMatcher(), windowMs(1500));
  const re2Micros = 1e6 / re2PerSecond;
  const nativeMicros = 1e6 / nativePerSecond;

  const plain = await pipelineRow(engine, WITHOUT_REGEX, false, '10-op string workflow over 64 KiB of text, per run');
  const regex = await pipelineRow(engine, WITH_REGEX, true, '10-op string workflow over 64 KiB, one step a string.replace, per run');
  await engine.stop();

  const rows: BenchRow[] = [
    {
      group: 'stdlib',
      name: 'string.match per call, re2js, 40 matches with named groups in 2 KiB',
      value: re2Micros,
      unit: 'µs/call',
      baseline: nativeMicros,
      baselineName: 'native RegExp, same outputs',
      ratio: re2Micros / nativeMicros,
      target: 'reported (RE2 buys linear time)',
    },
    plain,
    regex,
  ];
  return rows;
};
