import {
  GOAL_STATUS_TEXT, TERMS, compilePlan, folderFileProvider, formatCondition, formatLocal, formatMetricValue, localize, term, text,
  type Lang, type LocalizedText, type MetricUnit, type Plan, type WorkspaceModel,
} from '../../core/index';
import { PLATFORM_LIMITS, type PlatformId } from '../../core/platforms/index';
import type { GoalReport, KeyResultReport } from '../../core/report/status-report';
import { readStatusReport, type StatusReport } from '../../functions/store/status-report';
import { openLocalStore } from '../local-store';
import { paint, type CliIo } from '../output';
import { usageError } from '../usage';
import { loadValidWorkspace, parseWorkspaceArgs, readInstantArg } from './shared';

const HELP = `Usage: flywheel status [dir=playbooks] [--at <date|instant>] [--format text|json] [--lang en|zh-CN]
       flywheel status [dir=playbooks] --table <name> [--region <region>] [--profile <profile>] [--at <date|instant>]

Shows where the workspace stands, from its local store (.flywheel/): each goal and key result
with its value, target, expected value, progress, forecast and status, and whether its data is
stale; the checks firing; the next publishes. Times are in the workspace's time zone; the JSON
keeps raw numbers and UTC instants. With --table, from a deployed stack's DynamoDB table (its
TableName output) instead, read with your AWS credentials.
--at shows where the goals stood then, from the metrics in the store: a date (YYYY-MM-DD, its end
of day) or a local time (YYYY-MM-DD HH:mm) in the workspace's time zone, or an ISO 8601 instant
with an offset.

用法：flywheel status [目录=playbooks] [--at <日期|时刻>] [--format text|json] [--lang en|zh-CN]
      flywheel status [目录=playbooks] --table <表名> [--region <区域>] [--profile <配置>] [--at <日期|时刻>]
显示当前状态：各目标与关键结果的当前值、目标值、应达、进度、预测与状态（数据过期时注明），正在触发的检查，接下来的发布。
时间按工作区时区显示；JSON 保留原始数值和 UTC 时刻。加 --table 则读取云端部署的 DynamoDB 表。
--at 显示当时的目标状态：日期（YYYY-MM-DD，按当天结束计）或本地时间（YYYY-MM-DD HH:mm，按工作区时区），或带时区偏移的 ISO 8601 时刻。
`;

/** `flywheel status`: goals, key results, checks firing and the next publishes, now or at --at. */
export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP, { table: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' }, at: { type: 'string' } });
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const table = args.options.table as string | undefined;
  if (table === undefined && (args.options.region !== undefined || args.options.profile !== undefined)) return usageError(io, '--region and --profile go with --table <name>', HELP);
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const { model } = result;
  const plan = compilePlan(model, folderFileProvider(dir));
  const now = Date.now();
  const given = args.options.at as string | undefined;
  const at = given === undefined ? now : readInstantArg(given, plan.timezone, true);
  if (at === undefined) return usageError(io, `--at "${given}" is not YYYY-MM-DD, YYYY-MM-DD HH:mm or an ISO 8601 instant with an offset / 不是日期、本地时间或带偏移的 ISO 8601 时刻`, HELP);

  let report;
  if (table !== undefined) {
    const read = await readCloudStatus(io, model, plan, { at, now }, { table, region: args.options.region as string | undefined, profile: args.options.profile as string | undefined });
    if (!read) return 1;
    report = read;
  } else {
    const local = await openLocalStore(dir);
    try {
      report = await readStatusReport(local.store, model, plan, at, now);
    } finally {
      await local.close();
    }
  }
  if (args.format === 'json') io.out(`${JSON.stringify(report, null, 2)}\n`);
  else printStatusReport(io, report, lang);
  return 0;
}

/** The report from a deployed stack's table, or undefined after saying why it could not be read. */
async function readCloudStatus(io: CliIo, model: WorkspaceModel, plan: Plan, when: { at: number; now: number }, aws: { table: string; region?: string | undefined; profile?: string | undefined }): Promise<StatusReport | undefined> {
  // Loaded only here: the DynamoDB client is not part of every command's start-up.
  const { withTableStore } = await import('../../functions/store/table-store');
  try {
    return await withTableStore(aws, (store) => readStatusReport(store, model, plan, when.at, when.now));
  } catch (error) {
    const reason = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/\.+$/, '');
    io.err(`${paint(io, 'red', 'error')} Could not read table ${aws.table}${aws.profile ? ` with profile ${aws.profile}` : ''}: ${reason}. Check --table (the stack's TableName output), --region and --profile, and that you may read the table. / 无法读取表 ${aws.table}：请检查 --table、--region、--profile 及读取权限。\n`);
    return undefined;
  }
}

const LABELS = {
  asOf: text('as of', '截至'),
  goals: text('Goal status', '目标状态'),
  noGoals: text('(no goals)', '（无目标）'),
  latest: text('latest data', '最新数据'),
  expectedProgress: text('expected', '应达'),
  checksFiring: text('Checks firing', '正在触发的检查'),
  none: text('none', '无'),
  nextPublishes: text('Next publishes', '接下来的发布'),
  noPublishes: text('(none)', '（无）'),
  notApproved: text('not approved', '未审批'),
} as const satisfies Record<string, LocalizedText>;

const PERIOD_TEXT = {
  day: text('today', '今日'),
  week: text('this week', '本周'),
  month: text('this month', '本月'),
  quarter: text('this quarter', '本季度'),
  year: text('this year', '本年'),
} as const satisfies Record<string, LocalizedText>;

/** Punctuation of the language: full-width in Chinese. */
function punctuation(lang: Lang) {
  return lang === 'zh-CN'
    ? { colon: '：', comma: '，', open: '（', close: '）', dash: ' — ' }
    : { colon: ': ', comma: ', ', open: ' (', close: ')', dash: ' — ' };
}

/** The header line: workspace title, the instant and the zone, named once for the whole output. */
function printHeader(io: CliIo, report: StatusReport, lang: Lang): string {
  const zone = report.timezone ?? 'UTC';
  const { open, close } = punctuation(lang);
  const timeZone = `${localize(TERMS.timezone, lang)} ${zone}`;
  io.out(`${paint(io, 'bold', report.title ?? report.workspace)} · ${localize(LABELS.asOf, lang)} ${formatLocal(Date.parse(report.at), zone)}${open}${timeZone}${close}\n`);
  return zone;
}

/** One key result in words: status, numbers by unit, progress, freshness; titles, never ids alone. */
export function describeKeyResult(item: KeyResultReport, lang: Lang, zone: string): string {
  const { colon, comma, open, close } = punctuation(lang);
  const unit = (item.unit ?? 'count') as MetricUnit;
  const show = (value: number) => formatMetricValue(value, unit, { lang });
  const label = (entry: LocalizedText) => localize(entry, lang);
  const parts: string[] = [];
  if (item.value !== undefined) {
    const period = item.period && Object.hasOwn(PERIOD_TEXT, item.period) ? `${open}${label(PERIOD_TEXT[item.period as keyof typeof PERIOD_TEXT])}${close}` : '';
    parts.push(`${label(TERMS.value)} ${show(item.value)}${period}`);
  }
  parts.push(`${label(TERMS.target)} ${item.targetOperator ? formatCondition(`${item.targetOperator} ${item.target}`, unit, { lang }) : show(item.target)}`);
  if (item.expected !== undefined) parts.push(`${label(TERMS.expected)} ${show(item.expected)}`);
  if (item.progress !== undefined) {
    const expected = item.expectedProgress === undefined ? '' : `${open}${label(LABELS.expectedProgress)} ${formatMetricValue(item.expectedProgress, 'ratio', { lang })}${close}`;
    parts.push(`${label(TERMS.progress)} ${formatMetricValue(item.progress, 'ratio', { lang })}${expected}`);
  }
  if (item.forecast !== undefined) parts.push(`${label(TERMS.forecast)} ${show(item.forecast)}`);
  // Fresh data goes without saying; stale data names the time of its latest point.
  if (item.stale && item.latestPointAt !== undefined) parts.push(`${label(LABELS.latest)} ${formatLocal(Date.parse(item.latestPointAt), zone)}`);
  const status = term(GOAL_STATUS_TEXT, item.status, lang);
  const stale = item.stale ? `${comma}${term(GOAL_STATUS_TEXT, 'stale', lang)}` : '';
  return `${item.title ?? item.id}${colon}${status}${stale}${lang === 'zh-CN' ? '。' : '. '}${parts.join(comma)}`;
}

/** The goals part of a report as text (`flywheel run` prints it at start). */
export function printGoalStatus(io: CliIo, report: StatusReport, lang: Lang): void {
  const zone = printHeader(io, report, lang);
  const { colon } = punctuation(lang);
  io.out(`\n${localize(LABELS.goals, lang)}${colon.trim()}\n`);
  if (report.goals.length === 0) io.out(`  ${localize(LABELS.noGoals, lang)}\n`);
  for (const goal of report.goals) printGoal(io, goal, lang, zone);
}

function printGoal(io: CliIo, goal: GoalReport, lang: Lang, zone: string): void {
  const { dash } = punctuation(lang);
  const colour = goal.status === 'off-track' ? 'red' : goal.status === 'at-risk' || goal.status === 'no-data' ? 'yellow' : 'green';
  io.out(`  ${paint(io, 'bold', goal.title)}${dash}${paint(io, colour, term(GOAL_STATUS_TEXT, goal.status, lang))}\n`);
  for (const item of goal.keyResults) io.out(`    · ${describeKeyResult(item, lang, zone)}\n`);
}

/** A report as text for people, in the workspace's time zone and the chosen language. */
export function printStatusReport(io: CliIo, report: StatusReport, lang: Lang): void {
  printGoalStatus(io, report, lang);
  const zone = report.timezone ?? 'UTC';
  const { colon, comma, open, close } = punctuation(lang);
  const firing = report.checks.filter((check) => check.firing).map((check) => check.title ?? check.check);
  io.out(`\n${localize(LABELS.checksFiring, lang)}${colon}${firing.length === 0 ? localize(LABELS.none, lang) : firing.join(lang === 'zh-CN' ? '、' : comma)}\n`);
  io.out(`\n${localize(LABELS.nextPublishes, lang)}${colon.trim()}\n`);
  for (const item of report.nextPublishes) {
    const what = [item.campaignTitle ?? item.campaign, item.title ?? item.post].join(' / ');
    const platform = item.platform && Object.hasOwn(PLATFORM_LIMITS, item.platform) ? localize(PLATFORM_LIMITS[item.platform as PlatformId].name, lang) : undefined;
    const channel = item.channelTitle ?? platform ?? item.channel;
    const variant = item.variant ? `${open}${localize(TERMS.variant, lang)} ${item.variant}${close}` : '';
    const blocked = item.blocked ? `${open}${localize(LABELS.notApproved, lang)}${close}` : '';
    io.out(`  ${formatLocal(Date.parse(item.at), zone)}  ${what} → ${channel}${variant}${blocked}\n`);
  }
  if (report.nextPublishes.length === 0) io.out(`  ${localize(LABELS.noPublishes, lang)}\n`);
}
