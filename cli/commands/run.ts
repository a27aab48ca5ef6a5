import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMetricCatalogue, compilePlan, diffPlan, evaluateGoal, folderFileProvider, indexPoints } from '../../core/index';
import { LocalRunner } from '../../functions/engine/local-runner';
import { loadDeployedJobs, stateFolder } from '../deployed-state';
import { findRunningEngine, openLocalStore } from '../local-store';
import { paint, type CliIo } from '../output';
import { printPlanChanges } from './plan';
import { describeEvent } from './timeline';
import { loadValidWorkspace, parseWorkspaceArgs, readMetricFiles, workspaceMetricFiles } from './shared';

const HELP = `Usage: flywheel run [dir=playbooks] [--once] [--lang en|zh-CN]

Runs the playbooks on this machine: an embedded DynamoDB engine keeps state in .flywheel/ next to
dir, the CSV files in <dir>/metrics/ are imported, the plan and the goal status are printed, then
each job runs at its minute through the same handlers as the cloud. Posts go to outbox/<channel>/,
notifications to the console and outbox/notify/. Ctrl-C stops; a restart publishes nothing twice.
--once runs what is due now and exits.

用法: flywheel run [目录=playbooks] [--once]
在本机运行剧本: 状态保存在 .flywheel/, 内容写入 outbox/, Ctrl-C 停止, 重启不会重复发布。
`;

/** `flywheel run`: the local mode, what `npm start` runs on the sample workspace. */
export async function runRun(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP, { once: { type: 'boolean', default: false } });
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const values = args.options as { once?: boolean };
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const zh = lang === 'zh-CN';
  const files = folderFileProvider(dir);
  const plan = compilePlan(result.model, files);
  const state = stateFolder(dir);
  const running = await findRunningEngine(dir);
  if (running) {
    io.err(zh ? `flywheel run 已在运行 (进程 ${running.pid}), 同一工作区只能运行一个。\n` : `flywheel run is already running for this workspace (pid ${running.pid}); only one may run at a time.\n`);
    return 1;
  }
  const local = await openLocalStore(dir);
  try {
    const { store } = local;

    const { points } = readMetricFiles(io, workspaceMetricFiles(dir), lang);
    if (points.length > 0) await store.putMetricPoints(points);
    io.out(zh ? `已导入 ${points.length} 个指标数据点 (重复导入只计一次)。\n` : `Imported ${points.length} metric points (importing again counts them once).\n`);

    const now = Date.now();
    const deployed = await loadDeployedJobs(dir);
    const diff = diffPlan(plan.jobs, deployed.jobs, now);
    io.out(zh ? `\n计划 (${plan.workspace}, ${plan.timezone}): ${plan.jobs.length} 个任务\n` : `\nPlan for ${plan.workspace} (${plan.timezone}): ${plan.jobs.length} jobs\n`);
    printPlanChanges(io, diff, lang, { limit: 40, countsWhenUnchanged: true });

    const runner = new LocalRunner({
      model: result.model, plan, store, files, outboxFolder: join(dir, '..', 'outbox'),
      log: (event) => io.out(`${describeEvent(event, plan.timezone, lang)}\n`),
    });
    // What came due while the runner was stopped still runs (up to a day late); a first start begins now.
    const runnerFile = join(state, 'runner.json');
    const lastTick = existsSync(runnerFile) ? (JSON.parse(readFileSync(runnerFile, 'utf8')) as { lastTickAt?: number }).lastTickAt : undefined;
    await runner.sync(now, lastTick ?? now);
    writeFileSync(join(state, 'deployed-plan.json'), `${JSON.stringify({ jobs: plan.jobs }, null, 1)}\n`);
    const tick = async (at: number) => {
      await runner.tick(at);
      writeFileSync(runnerFile, `${JSON.stringify({ lastTickAt: at })}\n`);
    };

    const catalogue = buildMetricCatalogue(result.model.workspaces[0]?.value.spec.metrics);
    const index = indexPoints(points);
    io.out(zh ? `\n目标状态 (${new Date(now).toISOString()}):\n` : `\nGoal status (${new Date(now).toISOString()}):\n`);
    for (const goal of result.model.goals) {
      const evaluation = evaluateGoal(goal.value.spec, plan.timezone, index, catalogue, now);
      io.out(`  ${paint(io, 'bold', goal.name)}  ${evaluation.status}\n`);
      for (const [keyResult, item] of evaluation.keyResults) {
        const numbers = [item.value === undefined ? undefined : `value ${Math.round(item.value * 1000) / 1000}`, `target ${item.target}`, item.expected === undefined ? undefined : `expected ${Math.round(item.expected * 1000) / 1000}`].filter(Boolean).join(', ');
        io.out(`    ${keyResult.padEnd(24)} ${item.status.padEnd(12)} ${numbers}\n`);
      }
    }

    if (values.once) {
      await tick(Date.now());
      return 0;
    }
    await new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      let busy = Promise.resolve();
      const loop = () => {
        busy = busy.then(() => tick(Date.now())).then(() => undefined, (error: unknown) => {
          io.err(`flywheel run: ${error instanceof Error ? error.message : String(error)}\n`);
        });
        // Wake at the start of the next minute: jobs are due at whole minutes.
        timer = setTimeout(loop, 60_000 - (Date.now() % 60_000) + 50);
      };
      const stop = () => {
        if (timer) clearTimeout(timer);
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        io.out(zh ? '\n正在停止…\n' : '\nStopping…\n');
        void busy.then(() => resolve());
      };
      // Listen before saying so: Ctrl-C may come the moment the line appears.
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      io.out(zh ? '\n运行中, 按 Ctrl-C 停止。\n' : '\nRunning. Press Ctrl-C to stop.\n');
      loop();
    });
    return 0;
  } finally {
    await local.close();
  }
}
