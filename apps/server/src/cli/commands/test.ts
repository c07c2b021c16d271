import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { runWorkflowTests, testEnvironmentOf, toErrorBody, type Workflow, type WorkflowTestReport } from '@pattern/core';
import { listWorkflowFiles } from '../../workflow-files/list-workflow-files.ts';
import { readWorkflowFile } from '../../workflow-files/read-workflow-file.ts';
import { type Command, EXIT_FAILED, EXIT_OK, parseCommand, SERVER_OPTION, UsageError } from '../command.ts';
import { remote } from '../remote.ts';
import { jsonReporter } from '../reporters/json.ts';
import { junitReporter } from '../reporters/junit.ts';
import { prettyReporter } from '../reporters/pretty.ts';
import { type Reporter, totalsOf, type WorkflowResult } from '../reporters/results.ts';
import { withLocalEngine } from './local-settings.ts';

const REPORTERS: Record<string, Reporter> = { pretty: prettyReporter, junit: junitReporter, json: jsonReporter };

interface Target {
  source: string;
  workflowId: string;
  test(bail: boolean): Promise<WorkflowTestReport>;
}

export const testCommand: Command = {
  name: 'test',
  summary: "Runs workflows' test cases: of files, of the local data, or of a running server.",
  help: `Usage: pattern test [FILES|DIR...] [--reporter pretty|junit|json] [--output FILE] [--bail] [--server URL]

Runs the test cases (the "tests" of each workflow document), each in an engine of its own with
in-memory stores, a fixed clock and its mocks in place; no case touches real data or the network.

  FILES|DIR   workflow files, or folders of *.workflow.json files; without them, the workflows
              saved in the local data dir (pattern.config.json, PATTERN_DATA_DIR, …)
  --server    test the workflows of a running server instead (PATTERN_ADMIN_TOKEN authorises)
  --reporter  pretty (default), junit (JUnit XML for CI) or json
  --output    write the report to FILE (a summary still goes to the terminal)
  --bail      stop at the first failing case
Exit 0 when every case passes, 1 when any fails (or a workflow cannot be tested), 2 on a usage error.`,
  async run(args, io) {
    const { values, positionals } = parseCommand(args, {
      reporter: { type: 'string', default: 'pretty' },
      output: { type: 'string' },
      bail: { type: 'boolean', default: false },
      ...SERVER_OPTION,
    });
    const reporter = REPORTERS[values.reporter];
    if (!reporter) throw new UsageError(`--reporter must be pretty, junit or json (got "${values.reporter}")`);
    if (values.server !== undefined && positionals.length > 0) throw new UsageError('give workflow files or --server, not both');
    const started = performance.now();
    const results: WorkflowResult[] = [];
    const runAll = async (targets: Target[], broken: WorkflowResult[] = []) => {
      results.push(...broken);
      for (const target of targets) {
        try {
          const report = await target.test(values.bail);
          results.push({ source: target.source, workflowId: target.workflowId, report });
          if (values.bail && report.failed > 0) break;
        } catch (error) {
          results.push({ source: target.source, workflowId: target.workflowId, error: toErrorBody(error).message });
        }
      }
    };
    if (values.server !== undefined) {
      const api = remote(values.server);
      const { workflows } = await api.get<{ workflows: Array<{ id: string }> }>('/api/workflows');
      const targets: Target[] = [];
      for (const { id } of workflows) {
        const { document } = await api.get<{ document: Workflow }>(`/api/workflows/${encodeURIComponent(id)}`);
        if (!document.tests?.length) continue;
        targets.push({
          source: `${values.server.replace(/\/$/, '')}/${id}`,
          workflowId: id,
          test: () => api.send('POST', `/api/workflows/${encodeURIComponent(id)}/tests/run`, {}),
        });
      }
      await runAll(targets);
    } else if (positionals.length > 0) {
      const read = listWorkflowFiles(positionals).map((file) => readWorkflowFile(file));
      const documents = read.flatMap((r) => (r.ok ? [r.document as Workflow] : []));
      const broken = read.flatMap((r) =>
        r.ok
          ? []
          : [
              {
                source: relative(process.cwd(), r.file),
                workflowId: relative(process.cwd(), r.file),
                error: `${r.line ? `line ${r.line}: ` : ''}${r.message}`,
              },
            ],
      );
      await withLocalEngine({ data: false }, ({ engine }) =>
        runAll(
          read.flatMap((r) =>
            r.ok
              ? [
                  {
                    source: relative(process.cwd(), r.file),
                    workflowId: r.id,
                    test: (bail: boolean) => runWorkflowTests(r.document, { ...testEnvironmentOf(engine), workflows: documents, bail }),
                  },
                ]
              : [],
          ),
          broken,
        ),
      );
    } else {
      await withLocalEngine({ data: true }, ({ engine }) => {
        const environment = testEnvironmentOf(engine);
        const targets = engine.workflows
          .list()
          .filter((entry) => entry.document.tests?.length)
          .map((entry) => ({
            source: entry.id,
            workflowId: entry.id,
            test: (bail: boolean) => runWorkflowTests(entry.document, { ...environment, bail }),
          }));
        return runAll(targets);
      });
    }
    const totals = totalsOf(results, performance.now() - started);
    const text = reporter(results, totals);
    if (values.output !== undefined) {
      writeFileSync(values.output, text);
      if (reporter !== prettyReporter) io.out(prettyReporter(results, totals));
    } else io.out(text);
    return totals.failed > 0 || totals.broken > 0 ? EXIT_FAILED : EXIT_OK;
  },
};
