import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod/mini';
import { compilePlan, formatLocal, text, type LocalizedText } from '../../core/index';
import { checkEngineFolder } from '../../functions/store/index';
import { checkStateOwner, claimStateFolder, deployedPlanFile, legacyStateFolder, outboxFolder, ownerFile, saveDeployedJobs } from '../deployed-state';
import { LocalStateError, readJsonState, writeJsonState } from '../state-files';
import { isHolderAlive, lockFile } from '../workspace-lock';
import type { DoctorCheck, DoctorContext, DoctorFinding, RepairContext, RepairOutcome } from './check';
import { withRepairStore } from './repair-store';

const ok = (message: LocalizedText, file?: string): DoctorFinding => ({ status: 'ok', message, ...(file ? { file } : {}) });
const problem = (message: LocalizedText, file?: string): DoctorFinding => ({ status: 'problem', message, ...(file ? { file } : {}) });
const info = (message: LocalizedText, file?: string): DoctorFinding => ({ status: 'info', message, ...(file ? { file } : {}) });

/** Reads a state file for a check: its problem when damaged, else what `describe` says of its content. */
function checkFile<T>(context: DoctorContext, file: string, parse: (value: unknown) => T, describe: (value: T | undefined) => DoctorFinding): DoctorFinding {
  try {
    return describe(readJsonState(file, parse, context.dir));
  } catch (error) {
    if (error instanceof LocalStateError) return problem(error.localized, file);
    throw error;
  }
}

/** Moves the problem files of `findings` aside. */
function moveProblemsAside(context: RepairContext, findings: readonly DoctorFinding[]): string[] {
  return findings.flatMap((finding) => (finding.status === 'problem' && finding.file && existsSync(finding.file) ? [context.moveAside(finding.file)] : []));
}

const none: RepairOutcome = { moved: [], rebuilt: [], lost: [] };

const OwnerShape = z.object({ workspace: z.string(), folder: z.string(), createdAt: z.string() });

/** `.flywheel/workspace.json`: the state is this workspace's (docs/decisions.md, decision 10). */
const stateOwner: DoctorCheck = {
  id: 'state-owner',
  title: text('whose state this is', '状态归属'),
  run(context) {
    const file = ownerFile(context.dir);
    if (!existsSync(context.stateDir)) return [ok(text('no local state yet (the first run makes it)', '尚无本地状态（首次运行时创建）'))];
    const read = checkFile(context, file, (value) => OwnerShape.parse(value), (owner) => (owner
      ? ok(text(`belongs to workspace "${owner.workspace}"`, `属于工作区“${owner.workspace}”`), file)
      : ok(text('not recorded yet (the next run records it)', '尚未记录（下次运行时记录）'), file)));
    if (read.status !== 'ok') return [read];
    try {
      checkStateOwner(context.dir, context.workspace);
      return [read];
    } catch (error) {
      if (error instanceof LocalStateError) return [problem(error.localized, context.stateDir)];
      throw error;
    }
  },
  repair(context, findings) {
    const foreign = findings.some((finding) => finding.file === context.stateDir);
    if (!foreign) {
      const moved = moveProblemsAside(context, findings);
      claimStateFolder(context.dir, context.workspace);
      return { moved, rebuilt: [text(`workspace.json, recording workspace "${context.workspace}"`, `workspace.json，记录工作区“${context.workspace}”`)], lost: [] };
    }
    // Another workspace's state: all of it goes aside, untouched, and this workspace starts its own.
    const moved = readdirSync(context.stateDir).filter((name) => !name.startsWith('damaged-') && name !== 'lock').map((name) => context.moveAside(join(context.stateDir, name)));
    claimStateFolder(context.dir, context.workspace);
    return {
      moved,
      rebuilt: [text(`an empty state for workspace "${context.workspace}"; its first run starts from now`, `工作区“${context.workspace}”的空状态；首次运行从现在开始`)],
      lost: [text('nothing of this workspace: the other workspace\'s state is kept, whole, where it was moved', '本工作区没有丢失内容：另一个工作区的状态已完整保存在移动后的位置')],
    };
  },
};

const LockShape = z.object({ pid: z.int(), host: z.string(), startedAt: z.int(), command: z.string(), runId: z.string() });

/** `.flywheel/lock`: who holds the workspace. */
const lock: DoctorCheck = {
  id: 'lock',
  title: text('runner lock', '运行锁'),
  run(context) {
    const file = lockFile(context.stateDir);
    return [checkFile(context, file, (value) => LockShape.parse(value), (holder) => {
      if (!holder) return ok(text('free', '空闲'));
      const since = `${formatLocal(holder.startedAt, context.timezone)} ${context.timezone}`;
      return isHolderAlive(holder)
        ? info(text(`held by flywheel ${holder.command} (pid ${holder.pid}) since ${since}: state in use is only looked at`, `被 flywheel ${holder.command}（进程 ${holder.pid}）占用，自 ${since} 起：正在使用的状态只检查不修复`), file)
        : info(text(`left by flywheel ${holder.command} (pid ${holder.pid}, since ${since}), which is gone: the next start takes it over`, `由已退出的 flywheel ${holder.command}（进程 ${holder.pid}，自 ${since} 起）留下：下次启动会接管`), file);
    })];
  },
  repair: (context, findings) => ({ ...none, moved: moveProblemsAside(context, findings) }),
};

/** `.flywheel/engine.json`: where a running runner's engine listens. */
const engineFile: DoctorCheck = {
  id: 'engine-file',
  title: text('running engine address', '运行中引擎地址'),
  run(context) {
    const file = join(context.stateDir, 'engine.json');
    return [checkFile(context, file, (value) => z.object({ endpoint: z.string(), pid: z.int() }).parse(value), (engine) => (engine
      ? info(text(`names the engine of pid ${engine.pid} at ${engine.endpoint}`, `指向进程 ${engine.pid} 的引擎 ${engine.endpoint}`), file)
      : ok(text('no engine running', '没有运行中的引擎'))))];
  },
  repair: (context, findings) => ({ ...none, moved: moveProblemsAside(context, findings) }),
};

/** The outbox record: every post written to `<dir>/outbox/<channel>/` (its key and when it was sent). */
export function readOutboxRecord(dir: string): Array<{ key: string; sentAt: number }> {
  const folder = outboxFolder(dir);
  if (!existsSync(folder)) return [];
  const posts: Array<{ key: string; sentAt: number }> = [];
  for (const channel of readdirSync(folder, { withFileTypes: true })) {
    if (!channel.isDirectory() || channel.name === 'notify') continue;
    for (const name of readdirSync(join(folder, channel.name)).filter((entry) => entry.endsWith('.json'))) {
      try {
        const post = JSON.parse(readFileSync(join(folder, channel.name, name), 'utf8')) as { key?: unknown; sentAt?: unknown; scheduledAt?: unknown };
        const sentAt = Date.parse(String(post.sentAt ?? post.scheduledAt));
        if (typeof post.key === 'string' && Number.isFinite(sentAt)) posts.push({ key: post.key, sentAt });
      } catch {
        // A post file someone edited by hand is not part of the record.
      }
    }
  }
  return posts;
}

/** `.flywheel/dynamodb/`: the embedded engine's data, whole. */
const engineStore: DoctorCheck = {
  id: 'engine-store',
  title: text('embedded store data', '本地存储数据'),
  async run(context) {
    const folder = join(context.stateDir, 'dynamodb');
    if (context.inUse) return [info(text('in use by the running runner: checked when it next starts', '正被运行器使用：下次启动时检查'), folder)];
    const found = await checkEngineFolder(folder);
    if (!found) return [ok(existsSync(folder) ? text('every file whole', '所有文件完好') : text('empty (the first run makes it)', '为空（首次运行时创建）'), folder)];
    return [found.busy ? info(found.problem, found.file) : problem(found.problem, found.file)];
  },
  async repair(context) {
    const data = join(context.stateDir, 'dynamodb');
    const moved = existsSync(data) ? [context.moveAside(data)] : [];
    const outbox = readOutboxRecord(context.dir);
    const imported = await withRepairStore(context, async (store, importMetrics) => {
      for (const post of outbox) {
        await store.claimPublish(post.key, { jobId: post.key, expiresAt: context.now + 30 * 86_400_000, holder: 'flywheel doctor --repair (from the outbox record)' });
        await store.recordPublishOutcome(post.key, { status: 'published', detail: 'outbox (rebuilt by flywheel doctor from the outbox record)' });
      }
      return importMetrics();
    });
    return {
      moved,
      rebuilt: [
        text(`a new store, with the ${outbox.length} post(s) of the outbox record marked as published (never written again)`, `新的本地存储，outbox 记录中的 ${outbox.length} 条内容已标记为已发布（不会再次写入）`),
        text(`${imported} metric point(s) from ${context.dir}/metrics/*.csv`, `来自 ${context.dir}/metrics/*.csv 的 ${imported} 个指标数据点`),
        text('the job queue: the next run rebuilds it from the playbooks, from its last tick on (nothing before it runs again)', '任务队列：下次运行时根据剧本从上次运行的时间点起重建（此前的任务不会再次运行）'),
      ],
      lost: [
        text('metric points imported with `flywheel metrics import` from other files: import them again', '通过 `flywheel metrics import` 从其他文件导入的指标数据：请重新导入'),
        text('check states (a check still breaching fires again), goal status history and the event log', '检查状态（仍超出阈值的检查会再次触发）、目标状态历史和事件记录'),
        text('SOP steps that were waiting, and the outcome of posts sent to platforms (they are not sent again)', '等待中的 SOP 步骤，以及已发往平台的内容的发送结果（这些内容不会再次发送）'),
      ],
    };
  },
};

/** `.flywheel/runner.json`: the runner's last tick, from which a restart catches up. */
const runnerState: DoctorCheck = {
  id: 'runner-state',
  title: text('runner\'s last tick', '运行器上次运行时间'),
  run(context) {
    const file = join(context.stateDir, 'runner.json');
    return [checkFile(context, file, (value) => z.object({ lastTickAt: z.int() }).parse(value), (state) => (state
      ? ok(text(`last tick ${formatLocal(state.lastTickAt, context.timezone)} ${context.timezone}`, `上次运行 ${formatLocal(state.lastTickAt, context.timezone)} ${context.timezone}`), file)
      : ok(text('the runner has not run yet', '运行器尚未运行'))))];
  },
  async repair(context, findings) {
    const moved = moveProblemsAside(context, findings);
    const done = await withRepairStore(context, async (store) => (await store.listJobs()).flatMap((job) => (job.status === 'done' && job.doneAt !== undefined ? [job.doneAt] : [])));
    const lastTickAt = Math.max(...done, ...readOutboxRecord(context.dir).map((post) => post.sentAt));
    if (!Number.isFinite(lastTickAt)) {
      return { moved, rebuilt: [], lost: [text('the last tick: the next start begins from then, and what came due while the runner was stopped is not caught up', '上次运行时间：下次启动从当时开始，停止期间到期的任务不会补跑')] };
    }
    writeJsonState(join(context.stateDir, 'runner.json'), { lastTickAt });
    const shown = `${formatLocal(lastTickAt, context.timezone)} ${context.timezone}`;
    return { moved, rebuilt: [text(`runner.json, last tick ${shown} (the latest work recorded in the store and the outbox)`, `runner.json，上次运行 ${shown}（存储和 outbox 中记录的最新一次）`)], lost: [] };
  },
};

/** `.flywheel/deployed-plan.json`: what the runner deployed, for `flywheel plan`. */
const deployedPlan: DoctorCheck = {
  id: 'deployed-plan',
  title: text('deployed plan', '已部署计划'),
  run(context) {
    const file = deployedPlanFile(context.dir);
    return [checkFile(context, file, (value) => z.object({ jobs: z.array(z.object({ id: z.string() })) }).parse(value), (deployed) => (deployed
      ? ok(text(`${deployed.jobs.length} job(s)`, `${deployed.jobs.length} 个任务`), file)
      : ok(text('nothing deployed yet', '尚未部署'))))];
  },
  async repair(context, findings) {
    const moved = moveProblemsAside(context, findings);
    const lost = text('jobs removed from the playbooks since the last run: `flywheel plan` cannot list them as removed', '自上次运行以来从剧本中删除的任务：`flywheel plan` 无法将其列为删除');
    if (!context.valid) return { moved, rebuilt: [], lost: [text('the deployed plan: fix the playbooks\' errors, then the next run writes it again', '已部署计划：请先修复剧本错误，下次运行时会重新写入')] };
    const stored = await withRepairStore(context, async (store) => new Set((await store.listJobs()).map((job) => `${(job.payload as { jobId?: string }).jobId}#${job.id.split('#').pop()}`)));
    const jobs = compilePlan(context.model).jobs.filter((job) => stored.has(`${job.id}#${job.hash}`));
    saveDeployedJobs(context.dir, jobs);
    return { moved, rebuilt: [text(`deployed-plan.json from the playbooks: the ${jobs.length} job(s) the store holds as deployed`, `根据剧本重建 deployed-plan.json：存储中记录为已部署的 ${jobs.length} 个任务`)], lost: [lost] };
  },
};

/** `.flywheel/cloud-deployed-plan.json`: what `flywheel deploy` last deployed to AWS from here. */
const cloudPlan: DoctorCheck = {
  id: 'cloud-plan',
  title: text('plan deployed to AWS', '已部署到 AWS 的计划'),
  run(context) {
    const file = join(context.stateDir, 'cloud-deployed-plan.json');
    return [checkFile(context, file, (value) => z.object({ jobs: z.array(z.object({ id: z.string() })) }).parse(value), (deployed) => (deployed
      ? ok(text(`${deployed.jobs.length} job(s)`, `${deployed.jobs.length} 个任务`), file)
      : ok(text('nothing deployed to AWS from here', '尚未从此处部署到 AWS'))))];
  },
  repair: (context, findings) => ({
    moved: moveProblemsAside(context, findings), rebuilt: [],
    lost: [text('the record of what was deployed to AWS (the stack itself is unchanged): the next `flywheel deploy` shows every job as to add', '已部署到 AWS 的记录（云端堆栈本身不受影响）：下次 `flywheel deploy` 会把所有任务显示为新增')],
  }),
};

/** State an earlier version kept beside the workspace folder, shared by its neighbours. */
const legacyState: DoctorCheck = {
  id: 'legacy-state',
  title: text('state of an earlier version', '旧版本状态'),
  run(context) {
    const legacy = legacyStateFolder(context.dir);
    return legacy
      ? [info(text('an earlier version kept state here, shared by every workspace beside this one; it is not read any more and may be removed', '旧版本在此保存的状态（由同一目录下的所有工作区共用），现已不再读取，可以删除'), legacy)]
      : [ok(text('none', '无'))];
  },
};

/** The checks of the local state, in the order their repairs must run (the store before what is rebuilt from it). */
export const STATE_CHECKS: readonly DoctorCheck[] = [stateOwner, lock, engineFile, engineStore, runnerState, deployedPlan, cloudPlan, legacyState];
