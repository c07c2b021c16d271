import type { NodeTrace, RunRecord } from '../run/record.ts';
import { childPath, type Mismatch, matchPartial } from './match.ts';
import type { TestExpectation } from './test-case-schema.ts';

/**
 * Where a settled run differs from a case's `expect`. Status defaults to `ok`, or to `error` when
 * the case expects an error; everything else is checked only where the case names it.
 */
export function expectationMismatches(expect: TestExpectation, run: RunRecord): Mismatch[] {
  const out: Mismatch[] = [];
  const status = expect.status ?? (expect.error ? 'error' : 'ok');
  if (run.status !== status) {
    const why = run.error ? ` (${run.error.nodeId ? `node "${run.error.nodeId}": ` : ''}${run.error.code}: ${run.error.message})` : '';
    out.push({
      path: 'status',
      expected: status,
      actual: run.status,
      message: `expected the run to end "${status}", it ended "${run.status}"${why}`,
    });
  }
  if (expect.error) {
    const actual = run.error ? { code: run.error.code, message: run.error.message } : undefined;
    if (actual === undefined) out.push({ path: 'error', expected: expect.error, actual: undefined, message: 'expected an error, the run had none' });
    else matchPartial(expect.error, actual, 'error', out);
  }
  if (expect.output !== undefined) matchPartial(expect.output, run.output, 'output', out);
  for (const [id, expected] of Object.entries(expect.nodes ?? {})) {
    const path = childPath('nodes', id);
    const trace = run.nodes[id];
    if (!trace) {
      out.push({ path, expected, actual: undefined, message: `the workflow has no node "${id}"` });
      continue;
    }
    const found: Mismatch[] = [];
    if (expected === 'skipped') {
      if (trace.status !== 'skipped') found.push(statusMismatch(path, 'skipped', trace));
    } else {
      if (expected.status !== undefined && trace.status !== expected.status) found.push(statusMismatch(path, expected.status, trace));
      if (expected.outputs !== undefined) matchPartial(expected.outputs, trace.outputs ?? {}, `${path}.outputs`, found);
    }
    for (const mismatch of found) out.push(trace.inputs ? { ...mismatch, nodeInputs: trace.inputs } : mismatch);
  }
  return out;
}

function statusMismatch(path: string, expected: string, trace: NodeTrace): Mismatch {
  const why = trace.error ? ` (${trace.error.code}: ${trace.error.message})` : '';
  return { path: `${path}.status`, expected, actual: trace.status, message: `expected "${expected}", got "${trace.status}"${why}` };
}
