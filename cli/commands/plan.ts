import {
  compilePlan, createNameBook, describeSchedule, diffPlan, folderFileProvider, formatLocal, parseSchedule,
  type Job, type Lang, type NameBook, type PlanChange, type PlanDiff, type WorkspaceModel,
} from '../../core/index';
import { nextDue } from '../../functions/sync/next-due';
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

const KIND_WORDS: Record<Job['kind'], { readonly en: string; readonly zh: string }> = {
  publish: { en: 'publish', zh: '发布' },
  reminder: { en: 'reminder', zh: '审批提醒' },
  check: { en: 'check', zh: '检查' },
  track: { en: 'goal', zh: '目标跟踪' },
  sop: { en: 'SOP', zh: 'SOP' },
  ab: { en: 'A/B', zh: 'A/B 结论' },
};

/** What a plan line needs to name things and show times: titles from the playbooks, the workspace zone. */
export interface PlanWords {
  readonly lang: Lang;
  readonly names: NameBook;
  readonly timezone: string;
}

/** The words of a plan: titles from the model (ids without one), times in the workspace zone. */
export function planWords(model: WorkspaceModel, lang: Lang, timezone: string): PlanWords {
  return { lang, names: createNameBook(model, lang), timezone };
}

function scheduleInWords(expression: string, lang: Lang): string {
  const parsed = parseSchedule(expression);
  return parsed.ok ? describeSchedule(parsed.schedule, lang) : expression;
}

/** One line describing a job: titles, not ids; local times in the workspace zone (named once by the caller). */
export function describeJob(job: Job, words: PlanWords): string {
  const { names, lang } = words;
  const zh = lang === 'zh-CN';
  const quote = (title: string) => (zh ? `《${title}》` : `"${title}"`);
  const post = (campaign: string, id: string) => `${quote(names.post(campaign, id))}${zh ? `（${names.campaign(campaign)}）` : ` (${names.campaign(campaign)})`}`;
  const local = (instant: number) => formatLocal(instant, words.timezone);
  switch (job.kind) {
    case 'publish': {
      const variant = job.variant ? (zh ? `［版本 ${names.variant(job.campaign, job.post, job.variant)}，${Math.round(job.share * 100)}%］` : ` [variant ${names.variant(job.campaign, job.post, job.variant)}, ${Math.round(job.share * 100)}%]`) : '';
      const gate = job.reviewRequired && !job.approved ? (zh ? '（未审批，将被拦截）' : ' (not approved: will be blocked)') : '';
      return `${local(job.at)}  ${post(job.campaign, job.post)} → ${names.channel(job.channel)}${variant}${gate}`;
    }
    case 'ab': {
      const variants = job.variants.map((variant) => names.variant(job.campaign, job.post, variant));
      return `${local(job.at)}  ${post(job.campaign, job.post)}${zh ? '：' : ': '}${variants.join(' / ')}`;
    }
    case 'reminder':
      return `${local(job.at)}  ${post(job.campaign, job.post)} → ${job.notify.join(zh ? '、' : ', ') || '-'}`;
    case 'check':
      return `${names.check(job.target)}  ${scheduleInWords(job.schedule, lang)}`;
    case 'track':
      return `${names.goal(job.target)}  ${scheduleInWords(job.schedule, lang)}`;
    case 'sop':
      return `${names.sop(job.target)}  ${scheduleInWords(job.schedule, lang)}`;
  }
}

/** A job's kind in the reader's words (发布, 检查, A/B 结论…), padded to one column width. */
function kindColumn(kind: Job['kind'], lang: Lang): string {
  const word = lang === 'zh-CN' ? KIND_WORDS[kind].zh : KIND_WORDS[kind].en;
  // Full-width Chinese takes two columns: pad by display width so the lines stay aligned.
  const width = [...word].reduce((sum, char) => sum + (/[\u2e80-\u9fff]/.test(char) ? 2 : 1), 0);
  return `${word}${' '.repeat(Math.max(1, 10 - width))}`;
}

/**
 * The next `count` jobs due after `now`, earliest first, as lines for a person: when (local, in
 * the zone the caller names), what kind, and what, by title.
 */
export function describeNextJobs(jobs: readonly Job[], now: number, words: PlanWords, count: number): string[] {
  const due = jobs.flatMap((job) => {
    const at = nextDue(job, now);
    return at === undefined ? [] : [{ job, at }];
  }).sort((a, b) => a.at - b.at || (a.job.id < b.job.id ? -1 : 1)).slice(0, count);
  return due.map(({ job, at }) => {
    const what = describeJob(job, words);
    // One-time jobs already start with their time; recurring ones get the time of their next run.
    const when = job.kind === 'publish' || job.kind === 'reminder' || job.kind === 'ab' ? '' : `${formatLocal(at, words.timezone)}  `;
    return `${kindColumn(job.kind, words.lang)}${when}${what}`;
  });
}

const SYMBOLS = { create: '+', update: '~', delete: '-' } as const;
const COLOURS = { create: 'green', update: 'yellow', delete: 'red' } as const;

function renderChange(io: CliIo, change: PlanChange, words: PlanWords): string {
  const job = (change.after ?? change.before) as Job;
  const zh = words.lang === 'zh-CN';
  const head = `  ${paint(io, COLOURS[change.action], SYMBOLS[change.action])} ${kindColumn(job.kind, words.lang)}${describeJob(job, words)}`;
  if (change.action === 'update' && change.before) {
    return `${head}\n      ${paint(io, 'gray', zh ? `原：${describeJob(change.before, words)}` : `was: ${describeJob(change.before, words)}`)}`;
  }
  return head;
}

/**
 * Prints the changes (`+ ~ -`, at most `limit` of them) and the summary line; with nothing to
 * change, `flywheel plan` says so in words while `flywheel run` keeps the counting summary.
 */
export function printPlanChanges(io: CliIo, diff: PlanDiff, words: PlanWords, options: { limit?: number; countsWhenUnchanged?: boolean } = {}): void {
  const { lang } = words;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const { add, change, remove } = diff.summary;
  for (const item of diff.changes.slice(0, limit)) io.out(`${renderChange(io, item, words)}\n`);
  if (diff.changes.length > limit) io.out(lang === 'zh-CN' ? `  … 另有 ${diff.changes.length - limit} 项\n` : `  … and ${diff.changes.length - limit} more\n`);
  if (diff.changes.length > 0) io.out('\n');
  io.out(diff.changes.length === 0 && !options.countsWhenUnchanged
    ? (lang === 'zh-CN' ? '没有变化。已部署状态与剧本一致。\n' : 'No changes. The deployed state matches the playbooks.\n')
    : (lang === 'zh-CN' ? `计划：新增 ${add}，修改 ${change}，删除 ${remove}。\n` : `Plan: ${add} to add, ${change} to change, ${remove} to remove.\n`));
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
    const title = result.model.workspaces[0]?.value.metadata.title ?? plan.workspace;
    io.out(lang === 'zh-CN'
      ? `工作区 ${title}（时间均为 ${plan.timezone} 时区）：共 ${plan.jobs.length} 个任务，对比${deployed.source === 'empty' ? '空的已部署状态' : `已部署状态（${deployed.source}）`}。\n\n`
      : `Workspace ${title} (times in ${plan.timezone}): ${plan.jobs.length} jobs, compared with ${deployed.source === 'empty' ? 'an empty deployed state' : `the deployed state in ${deployed.source}`}.\n\n`);
    printPlanChanges(io, diff, planWords(result.model, lang, plan.timezone));
  }
  return diff.changes.length === 0 ? 0 : 2;
}
