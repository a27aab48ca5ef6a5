import { hostname } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { compilePlan, diffPlan, createNameBook, folderFileProvider, formatLocal, type NameBook } from '../../core/index';
import { LocalRunner, type LatePost } from '../../functions/engine/local-runner';
import { readStatusReport } from '../../functions/store/status-report';
import { legacyStateFolder, loadDeployedJobs, outboxFolder, saveDeployedJobs, stateFolder } from '../deployed-state';
import { openLocalStore, type LocalStore } from '../local-store';
import type { CliIo } from '../output';
import { LocalStateError, readJsonState, writeJsonState } from '../state-files';
import { describeNextJobs, planWords, printPlanChanges } from './plan';
import { createPullRunner, watchPublishCredentials } from './pull';
import { printGoalStatus } from './status';
import { describeEvent } from './timeline';
import { loadValidWorkspace, parseWorkspaceArgs, readMetricFiles, workspaceMetricFiles } from './shared';

const HELP = `Usage: flywheel run [dir=playbooks] [--once] [--lang en|zh-CN]

Runs the playbooks on this machine: an embedded DynamoDB engine keeps state in <dir>/.flywheel/
(that workspace's own), the CSV files in <dir>/metrics/ are imported, the plan and the goal status
are printed, then each job runs at its minute through the same handlers as the cloud. Posts go to
<dir>/outbox/<channel>/, notifications to the console and <dir>/outbox/notify/. Ctrl-C stops; a
restart publishes nothing twice and runs what it missed in time order, saying which posts went out
late. Only one runner may serve a workspace. --once runs what is due now and exits.

用法：flywheel run [目录=playbooks] [--once]
在本机运行剧本：状态保存在 <目录>/.flywheel/（仅属于该工作区），内容写入 <目录>/outbox/。按 Ctrl-C 停止；
重启不会重复发布，错过的任务按时间顺序补跑，并说明哪些内容延迟发送。一个工作区只能有一个运行器。
`;

const RunnerStateSchema = z.object({ lastTickAt: z.int() });

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
  const zone = plan.timezone;

  let local: LocalStore;
  let lastTick: number | undefined;
  const runnerFile = join(stateFolder(dir), 'runner.json');
  let deployed: Awaited<ReturnType<typeof loadDeployedJobs>>;
  try {
    // State files are read before anything opens: a damaged one is named while the store is untouched.
    deployed = await loadDeployedJobs(dir, plan.workspace);
    lastTick = readJsonState(runnerFile, (value) => RunnerStateSchema.parse(value), dir)?.lastTickAt;
    // Then the lock: of runners started together, one opens the engine and the others are refused.
    local = await openLocalStore(dir, { command: 'run', identity: { workspace: plan.workspace, timezone: zone }, exclusive: true });
  } catch (error) {
    if (error instanceof LocalStateError) {
      io.err(`flywheel run: ${error.messageIn(lang)}\n`);
      return 1;
    }
    throw error;
  }
  try {
    const { store } = local;
    const legacy = legacyStateFolder(dir);
    if (legacy) {
      io.out(zh
        ? `注意：${legacy} 是旧版本在工作区目录旁保存的状态（由同一目录下的所有工作区共用），现已不再读取；每个工作区的状态在其自己的 .flywheel/ 中。\n`
        : `Note: ${legacy} holds state an earlier version kept beside the workspace folder (shared by every workspace there); it is no longer read: each workspace keeps its own in its .flywheel/.\n`);
    }

    const { points } = readMetricFiles(io, workspaceMetricFiles(dir), lang);
    if (points.length > 0) await store.putMetricPoints(points);
    io.out(zh ? `已导入 ${points.length} 个指标数据点（重复导入只计一次）。\n` : `Imported ${points.length} metric points (importing again counts them once).\n`);

    const now = Date.now();
    const diff = diffPlan(plan.jobs, deployed.jobs, now);
    io.out(zh ? `\n计划（${plan.workspace}，时间均为 ${zone} 时区）：${plan.jobs.length} 个任务\n` : `\nPlan for ${plan.workspace} (times in ${zone}): ${plan.jobs.length} jobs\n`);
    printPlanChanges(io, diff, planWords(result.model, lang, plan.timezone), { limit: 40, countsWhenUnchanged: true });

    const names = createNameBook(result.model, lang);
    const startedAt = Date.now();
    const pulls = createPullRunner(io, result.model, files, plan, store, lang);
    const watchCredentials = watchPublishCredentials(io, pulls, lang);
    const runner = new LocalRunner({
      model: result.model, plan, store, files, outboxFolder: outboxFolder(dir),
      log: (event) => {
        io.out(`${describeEvent(event, zone, lang, names)}\n`);
        watchCredentials(event);
      },
      holder: { pid: process.pid, host: hostname(), startedAt },
      late: (post) => io.out(`${describeLatePost(names, post, zone)}\n`),
    });
    // What came due while the runner was stopped still runs (up to a day late); a first start begins now.
    await runner.sync(now, lastTick ?? now);
    saveDeployedJobs(dir, plan.jobs);
    await pulls.start(now);
    const tick = async (at: number) => {
      await runner.tick(at);
      await pulls.tick(at);
      writeJsonState(runnerFile, { lastTickAt: at });
    };

    io.out('\n');
    printGoalStatus(io, await readStatusReport(store, result.model, plan, now), lang);
    const upcoming = describeNextJobs(plan.jobs, now, planWords(result.model, lang, plan.timezone), 5);
    if (upcoming.length > 0) {
      io.out(zh ? `\n接下来（时间为 ${plan.timezone} 时区）：\n` : `\nComing up (times in ${plan.timezone}):\n`);
      for (const line of upcoming) io.out(`  ${line}\n`);
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
          io.err(`flywheel run: ${error instanceof LocalStateError ? error.messageIn(lang) : error instanceof Error ? error.message : String(error)}\n`);
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
      io.out(zh ? '\n运行中，按 Ctrl-C 停止。\n' : '\nRunning. Press Ctrl-C to stop.\n');
      loop();
    });
    return 0;
  } catch (error) {
    if (error instanceof LocalStateError) {
      io.err(`flywheel run: ${error.messageIn(lang)}\n`);
      return 1;
    }
    throw error;
  } finally {
    await local.close();
  }
}

/** How many minutes late, in words. */
function lateBy(minutes: number, zh: boolean): string {
  if (minutes < 60) return zh ? `${minutes} 分钟` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return zh ? `${hours} 小时${rest > 0 ? ` ${rest} 分钟` : ''}` : `${hours} h${rest > 0 ? ` ${rest} min` : ''}`;
}

/** The line for a post sent late: its title with its campaign's, its channel's, when it was due and sent (in the workspace's zone), how late. */
export function describeLatePost(names: NameBook, { job, sentAt }: LatePost, zone: string): string {
  const zh = names.lang === 'zh-CN';
  const post = job.variant ? names.variant(job.campaign, job.post, job.variant) : names.post(job.campaign, job.post);
  const campaign = names.campaign(job.campaign);
  const channel = names.channel(job.channel);
  const minutes = Math.max(1, Math.round((sentAt - job.at) / 60_000));
  const due = formatLocal(job.at, zone);
  const sent = formatLocal(sentAt, zone);
  // The same day need not be said twice.
  const sentShown = sent.slice(0, 10) === due.slice(0, 10) ? sent.slice(11) : sent;
  return zh
    ? `延迟发送：「${post}」（${campaign}）→ ${channel}，计划 ${due}，实际 ${sentShown}（${zone}），晚了 ${lateBy(minutes, true)}。`
    : `Sent late: "${post}" (${campaign}) → ${channel}, due ${due}, sent ${sentShown} (${zone}), ${lateBy(minutes, false)} late.`;
}
