import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodeLensRequest } from 'vscode-languageserver-protocol/node';
import { ROOT, startServer, type RunningServer } from './support/lsp-server-process';

describe('language server beside a running `flywheel run`', () => {
  const DAY = 86_400_000;
  const dateOf = (instant: number) => new Date(instant).toISOString().slice(0, 10);
  const now = Date.now();
  const goal = `apiVersion: flywheel/v1\nkind: Goal\nmetadata: { name: q1 }\nspec:\n  window: { start: ${dateOf(now - 30 * DAY)}, end: ${dateOf(now + 60 * DAY)} }\n  keyResults:\n    - id: seeds\n      metric: seed_users\n      baseline: 0\n      target: 500\n`;
  const workspace = 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata: { name: store-lens }\nspec:\n  timezone: UTC\n  metrics:\n    - { id: seed_users, unit: count, aggregate: last }\n';
  const csv = `time,metric,value,channel,campaign,post,variant,content_type\n${dateOf(now - 29 * DAY)}T12:00:00Z,seed_users,100,,,,,\n${dateOf(now - DAY)}T12:00:00Z,seed_users,300,,,,,\n`;
  let server: RunningServer;
  let run: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: 'inherit' });
    server = await startServer(
      { 'playbooks/workspace.yaml': workspace, 'playbooks/goal.yaml': goal, 'playbooks/metrics/seeds.csv': csv },
      (root) => ({ rootUri: pathToFileURL(join(root, 'playbooks')).toString(), capabilities: { workspace: { codeLens: { refreshSupport: true } } } }),
      async (root) => {
        const started = spawn(process.execPath, [join(ROOT, 'bin', 'flywheel.js'), 'run', join(root, 'playbooks')], { cwd: root });
        run = started;
        started.stdout.resume();
        started.stderr.resume();
        const engineFile = join(root, 'playbooks', '.flywheel', 'engine.json');
        for (let waited = 0; !existsSync(engineFile) && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      },
    );
  }, 40_000);
  afterAll(async () => {
    const exited = run ? new Promise((resolve) => run?.once('exit', resolve)) : undefined;
    run?.kill('SIGINT');
    await exited;
    await server.stop();
  });

  it('shows the latest status of each key result, read from the store the runner serves', async () => {
    const uri = await server.open('playbooks/goal.yaml', goal);

    await server.lensesRefreshed;
    const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });

    const status = lenses?.find((lens) => lens.range.start.line === 6);
    expect(status?.command?.title).toMatch(/^on track · 300 \/ 500 · expected today [\d,]+$/);
  }, 30_000);
});
