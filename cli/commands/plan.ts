import { compilePlan, diffPlan, folderFileProvider, type Job, type Lang, type PlanChange, type PlanDiff } from '../../core/index';
import { loadDeployedJobs } from '../deployed-state';
import { paint, type CliIo } from '../output';
import { loadValidWorkspace, parseWorkspaceArgs } from './shared';

const HELP = `Usage: flywheel plan [dir=playbooks] [--format text|json] [--lang en|zh-CN]

Compiles the playbooks into jobs (publishes, reminders, checks, goal tracking, scheduled SOPs)
and compares them with the deployed state in the local store (.flywheel/ next to dir), like
terraform plan: + to add, ~ to change, - to remove.
Exit status: 0 no changes, 2 changes, 1 errors.

用法: flywheel plan [目录=playbooks] [--format text|json] [--lang en|zh-CN]
把剧本编译为任务并与已部署状态比较。退出码: 0 无变化, 2 有变化, 1 出错。
`;

/** One line describing a job, in the words of the playbooks. */
export function describeJob(job: Job, lang: Lang): string {
  const utc = (instant: number) => `${new Date(instant).toISOString().slice(11, 16)}Z`;
  switch (job.kind) {
    case 'publish': {
      const variant = job.variant ? ` [${job.variant} ${Math.round(job.share * 100)}%]` : '';
      const gate = job.reviewRequired && !job.approved ? (lang === 'zh-CN' ? '  (未审批, 将被拦截)' : '  (not approved: will be blocked)') : '';
      return `${job.campaign}/${job.post} → ${job.channel}${variant}  ${job.local} ${job.zone} (${new Date(job.at).toISOString().slice(0, 10)} ${utc(job.at)})${gate}`;
    }
    case 'ab':
      return `${job.campaign}/${job.post} [${job.variants.join(' / ')}]  ${new Date(job.at).toISOString().slice(0, 10)} ${utc(job.at)}`;
    case 'reminder':
      return `${job.campaign}/${job.post}  ${job.local} ${job.zone} (${utc(job.at)}) → ${job.notify.join(', ') || '-'}`;
    default:
      return `${job.target}  ${job.schedule} ${job.zone}`;
  }
}

const SYMBOLS = { create: '+', update: '~', delete: '-' } as const;
const COLOURS = { create: 'green', update: 'yellow', delete: 'red' } as const;

function renderChange(io: CliIo, change: PlanChange, lang: Lang): string {
  const job = (change.after ?? change.before) as Job;
  const head = `  ${paint(io, COLOURS[change.action], SYMBOLS[change.action])} ${job.kind.padEnd(8)} ${describeJob(job, lang)}`;
  if (change.action === 'update' && change.before) {
    return `${head}\n      ${paint(io, 'gray', lang === 'zh-CN' ? `原: ${describeJob(change.before, lang)}` : `was: ${describeJob(change.before, lang)}`)}`;
  }
  return head;
}

/**
 * Prints the changes (`+ ~ -`, at most `limit` of them) and the summary line; with nothing to
 * change, `flywheel plan` says so in words while `flywheel run` keeps the counting summary.
 */
export function printPlanChanges(io: CliIo, diff: PlanDiff, lang: Lang, options: { limit?: number; countsWhenUnchanged?: boolean } = {}): void {
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const { add, change, remove } = diff.summary;
  for (const item of diff.changes.slice(0, limit)) io.out(`${renderChange(io, item, lang)}\n`);
  if (diff.changes.length > limit) io.out(lang === 'zh-CN' ? `  … 另有 ${diff.changes.length - limit} 项\n` : `  … and ${diff.changes.length - limit} more\n`);
  if (diff.changes.length > 0) io.out('\n');
  io.out(diff.changes.length === 0 && !options.countsWhenUnchanged
    ? (lang === 'zh-CN' ? '没有变化。已部署状态与剧本一致。\n' : 'No changes. The deployed state matches the playbooks.\n')
    : (lang === 'zh-CN' ? `计划: 新增 ${add}, 修改 ${change}, 删除 ${remove}。\n` : `Plan: ${add} to add, ${change} to change, ${remove} to remove.\n`));
}

/** `flywheel plan`: what would be scheduled, changed or removed, against the deployed state. */
export async function runPlan(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP);
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const plan = compilePlan(result.model, folderFileProvider(dir));
  const deployed = await loadDeployedJobs(dir, plan.workspace);
  const diff = diffPlan(plan.jobs, deployed.jobs, Date.now());

  if (args.format === 'json') {
    io.out(`${JSON.stringify({
      workspace: plan.workspace, timezone: plan.timezone, deployedFrom: deployed.source,
      summary: diff.summary,
      changes: diff.changes.map((item) => ({ action: item.action, id: item.id, ...(item.after ? { after: item.after } : {}), ...(item.before ? { before: item.before } : {}) })),
      jobs: plan.jobs,
    }, null, 2)}\n`);
  } else {
    io.out(lang === 'zh-CN'
      ? `工作区 ${plan.workspace} (${plan.timezone}): 共 ${plan.jobs.length} 个任务, 对比${deployed.source === 'empty' ? '空的已部署状态' : `已部署状态 (${deployed.source})`}。\n\n`
      : `Workspace ${plan.workspace} (${plan.timezone}): ${plan.jobs.length} jobs, compared with ${deployed.source === 'empty' ? 'an empty deployed state' : `the deployed state in ${deployed.source}`}.\n\n`);
    printPlanChanges(io, diff, lang);
  }
  return diff.changes.length === 0 ? 0 : 2;
}
