import type { Mismatch } from '@pattern/core';
import type { Reporter } from './results.ts';

const show = (value: unknown) => (value === undefined ? '(nothing)' : JSON.stringify(value));

function mismatchLines(mismatch: Mismatch): string[] {
  const lines = [`      ${mismatch.path}: ${mismatch.message}`];
  if (typeof mismatch.expected === 'object' || typeof mismatch.actual === 'object') {
    lines.push(`        expected: ${show(mismatch.expected)}`, `        actual:   ${show(mismatch.actual)}`);
  }
  if (mismatch.nodeInputs) lines.push(`        the node got: ${show(mismatch.nodeInputs)}`);
  return lines;
}

/** For a person at a terminal: every case on a line, and under a failing one what differed, where. */
export const prettyReporter: Reporter = (results, totals) => {
  const lines: string[] = [];
  for (const result of results) {
    lines.push(result.source);
    if (result.error !== undefined) {
      lines.push(`  ✗ cannot test it: ${result.error}`);
      continue;
    }
    const cases = result.report?.cases ?? [];
    if (cases.length === 0) lines.push('  (no test cases)');
    for (const testCase of cases) {
      lines.push(`  ${testCase.ok ? '✓' : '✗'} ${testCase.name} (${testCase.durationMs.toFixed(1)} ms)`);
      for (const mismatch of testCase.mismatches) lines.push(...mismatchLines(mismatch));
    }
  }
  const broken = totals.broken > 0 ? `, ${totals.broken} workflow${totals.broken === 1 ? '' : 's'} could not be tested` : '';
  lines.push('', `${totals.passed} passed, ${totals.failed} failed${broken} (${totals.durationMs.toFixed(0)} ms)`);
  return `${lines.join('\n')}\n`;
};
