import { compilePlan, evaluateGoal, folderFileProvider, formatLocal, resolveGoalContext, type Lang, type Plan, type WorkspaceModel } from '../../core/index';
import { listChecks, listNextPublishes, readStatusReport, type StatusReport } from '../../functions/store/status-report';
import { loadMetricIndex } from '../../functions/engine/local-runner';
import { openLocalStore } from '../local-store';
import { paint, type CliIo } from '../output';
import { usageError } from '../usage';
import { loadValidWorkspace, parseWorkspaceArgs } from './shared';
import { buildKeyResultSeries } from './status-series';

const HELP = `Usage: flywheel status [dir=playbooks] [--format text|json] [--lang en|zh-CN]
       flywheel status [dir=playbooks] --table <name> [--region <region>] [--profile <profile>]

Shows where the workspace stands now, from its local store (.flywheel/): each goal and key result
with value, expected value, forecast and status; the checks firing; the next publishes. With
--table, from a deployed stack's DynamoDB table (its TableName output) instead, read with your
AWS credentials: the goal status the track function recorded and the check states.

用法: flywheel status [目录=playbooks] [--format text|json]
      flywheel status [目录=playbooks] --table <表名> [--region <区域>] [--profile <配置>]
显示当前状态: 目标与关键结果、正在触发的检查、接下来的发布; 加 --table 则读取云端部署的 DynamoDB 表。
`;

const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 1000) / 1000);

/** `flywheel status`: goals, key results, checks firing and the next publishes. */
export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP, { table: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' } });
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const table = args.options.table as string | undefined;
  if (table === undefined && (args.options.region !== undefined || args.options.profile !== undefined)) return usageError(io, '--region and --profile go with --table <name>', HELP);
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const { model } = result;
  const plan = compilePlan(model, folderFileProvider(dir));
  const now = Date.now();

  let report;
  if (table !== undefined) {
    const read = await readCloudStatus(io, model, plan, now, { table, region: args.options.region as string | undefined, profile: args.options.profile as string | undefined });
    if (!read) return 1;
    report = read;
  } else {
    report = await readLocalStatus(dir, model, plan, now);
  }
  printStatus(io, report, args.format, lang, now, plan.timezone);
  return 0;
}

/** The report from a deployed stack's table, or undefined after saying why it could not be read. */
async function readCloudStatus(io: CliIo, model: WorkspaceModel, plan: Plan, now: number, aws: { table: string; region?: string | undefined; profile?: string | undefined }): Promise<StatusReport | undefined> {
  // Loaded only here: the DynamoDB client is not part of every command's start-up.
  const { withTableStore } = await import('../../functions/store/table-store');
  try {
    return await withTableStore(aws, (store) => readStatusReport(store, model, plan, now));
  } catch (error) {
    const reason = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/\.+$/, '');
    io.err(`${paint(io, 'red', 'error')} Could not read table ${aws.table}${aws.profile ? ` with profile ${aws.profile}` : ''}: ${reason}. Check --table (the stack's TableName output), --region and --profile, and that you may read the table. / 无法读取表 ${aws.table}: 请检查 --table、--region、--profile 及读取权限。\n`);
    return undefined;
  }
}

/** The report from the workspace's local store (.flywheel/), evaluating the metrics it holds. */
async function readLocalStatus(dir: string, model: WorkspaceModel, plan: Plan, now: number): Promise<StatusReport> {
  const local = await openLocalStore(dir);
  try {
    const metrics = await loadMetricIndex(local.store, model, now);
    const goals = model.goals.map((goal) => {
      const evaluation = evaluateGoal(goal.value.spec, plan.timezone, metrics.index, metrics.catalogue, now);
      const context = resolveGoalContext(goal.value.spec, plan.timezone);
      // title, baseline, source and series serve the VS Code Goals view and dashboard (issue 5).
      return {
        goal: goal.name, title: goal.value.metadata.title ?? goal.name, status: evaluation.status,
        source: { file: goal.file.path, line: goal.span(goal.value.metadata, ['name']).line },
        keyResults: goal.value.spec.keyResults.flatMap((spec) => {
          const item = evaluation.keyResults.get(spec.id);
          if (!item) return [];
          return [{
            id: spec.id, title: spec.title, status: item.status, value: round(item.value), expected: round(item.expected), forecast: round(item.forecast), target: item.target, baseline: round(item.baseline),
            source: { file: goal.file.path, line: goal.span(spec).line },
            series: buildKeyResultSeries(spec, context, item, metrics.index, metrics.catalogue, now),
          }];
        }),
      };
    });
    return {
      workspace: plan.workspace, at: new Date(now).toISOString(), timezone: plan.timezone, goals,
      checks: await listChecks(local.store, model), nextPublishes: listNextPublishes(plan, now),
    };
  } finally {
    await local.close();
  }
}

/** Prints a report as JSON or as text in the workspace's time zone. */
function printStatus(io: CliIo, report: StatusReport, format: 'text' | 'json', lang: Lang, now: number, timezone: string): void {
  if (format === 'json') {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const zh = lang === 'zh-CN';
  io.out(zh ? `${report.workspace} 当前状态 (${formatLocal(now, timezone)} ${timezone})\n\n目标:\n` : `${report.workspace} as of ${formatLocal(now, timezone)} ${timezone}\n\nGoals:\n`);
  for (const goal of report.goals) {
    io.out(`  ${paint(io, 'bold', goal.goal)}  ${goal.status}  ${goal.title}\n`);
    for (const item of goal.keyResults) {
      const numbers = [item.value === undefined ? undefined : `value ${item.value}`, `target ${item.target}`, item.expected === undefined ? undefined : `expected ${item.expected}`, item.forecast === undefined ? undefined : `forecast ${item.forecast}`].filter(Boolean).join(', ');
      io.out(`    ${item.id.padEnd(24)} ${item.status.padEnd(12)} ${numbers}\n`);
    }
  }
  const firing = report.checks.filter((check) => check.firing);
  io.out(zh ? `\n正在触发的检查: ${firing.length === 0 ? '无' : firing.map((check) => check.check).join(', ')}\n` : `\nChecks firing: ${firing.length === 0 ? 'none' : firing.map((check) => check.check).join(', ')}\n`);
  io.out(zh ? '\n接下来的发布:\n' : '\nNext publishes:\n');
  for (const item of report.nextPublishes) io.out(`  ${item.local}  ${item.campaign}/${item.post} → ${item.channel}${item.variant ? ` [${item.variant}]` : ''}${item.blocked ? (zh ? '  (未审批)' : '  (not approved)') : ''}\n`);
  if (report.nextPublishes.length === 0) io.out(zh ? '  (无)\n' : '  (none)\n');
}
