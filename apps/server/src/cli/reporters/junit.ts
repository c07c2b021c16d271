import { hostname } from 'node:os';
import type { Mismatch } from '@pattern/core';
import type { Reporter } from './results.ts';

function xmlText(text: string): string {
  // XML 1.0 has no way to write most control characters, even escaped: they are dropped.
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function failureText(mismatches: readonly Mismatch[]): string {
  return mismatches
    .map((m) => {
      const lines = [
        `${m.path}: ${m.message}`,
        `  expected: ${JSON.stringify(m.expected) ?? '(nothing)'}`,
        `  actual:   ${JSON.stringify(m.actual) ?? '(nothing)'}`,
      ];
      if (m.nodeInputs) lines.push(`  the node got: ${JSON.stringify(m.nodeInputs)}`);
      return lines.join('\n');
    })
    .join('\n');
}

/**
 * JUnit XML as CI servers read it (the Ant JUnit schema): one `testsuite` per workflow, one
 * `testcase` per case; a mismatch is a `failure`, a workflow that could not be tested an `error`.
 */
export const junitReporter: Reporter = (results) => {
  const host = xmlText(hostname() || 'localhost');
  const timestamp = new Date().toISOString().slice(0, 19);
  const suites = results.map((result, id) => {
    const cases = result.report?.cases ?? [];
    const time = cases.reduce((sum, c) => sum + c.durationMs, 0);
    const name = xmlText(result.workflowId);
    const body =
      result.error !== undefined
        ? [
            `      <testcase name="${xmlText(result.source)}" classname="${name}" time="0">`,
            `        <error type="invalid_workflow" message="${xmlText(result.error)}">${xmlText(result.error)}</error>`,
            '      </testcase>',
          ]
        : cases.flatMap((c) => {
            const open = `      <testcase name="${xmlText(c.name)}" classname="${name}" time="${seconds(c.durationMs)}"`;
            if (c.ok) return [`${open}/>`];
            const first = c.mismatches[0];
            return [
              `${open}>`,
              `        <failure type="mismatch" message="${xmlText(first ? `${first.path}: ${first.message}` : 'failed')}">${xmlText(failureText(c.mismatches))}</failure>`,
              '      </testcase>',
            ];
          });
    const failures = result.report?.failed ?? 0;
    const errors = result.error !== undefined ? 1 : 0;
    return [
      `    <testsuite name="${name}" package="${xmlText(result.source)}" id="${id}" timestamp="${timestamp}" hostname="${host}" tests="${cases.length + errors}" failures="${failures}" errors="${errors}" time="${seconds(time)}">`,
      '      <properties/>',
      ...body,
      '      <system-out/>',
      '      <system-err/>',
      '    </testsuite>',
    ].join('\n');
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${suites.join('\n')}\n</testsuites>\n`;
};
