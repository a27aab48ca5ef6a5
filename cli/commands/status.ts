import { compilePlan, evaluateGoal, folderFileProvider, formatLocal, resolveGoalContext, type PublishJob } from '../../core/index';
import { collectDefinitions } from '../../functions/engine/index';
import { loadMetricIndex } from '../../functions/engine/local-runner';
import { openLocalStore } from '../local-store';
import { paint, type CliIo } from '../output';
import { loadValidWorkspace, parseWorkspaceArgs } from './shared';
import { buildKeyResultSeries } from './status-series';

const HELP = `Usage: flywheel status [dir=playbooks] [--format text|json] [--lang en|zh-CN]

Shows where the workspace stands now, from its local store (.flywheel/): each goal and key result
with value, expected value, forecast and status; the checks firing; the next publishes.

用法: flywheel status [目录=playbooks] [--format text|json]
显示当前状态: 目标与关键结果、正在触发的检查、接下来的发布。
`;

const round = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 1000) / 1000);

/** `flywheel status`: goals, key results, checks firing and the next publishes. */
export async function runStatus(argv: string[], io: CliIo): Promise<number> {
  const args = parseWorkspaceArgs(io, argv, HELP);
  if (typeof args === 'number') return args;
  const { lang, dir } = args;
  const result = loadValidWorkspace(io, dir, lang);
  if (!result) return 1;
  const { model } = result;
  const plan = compilePlan(model, folderFileProvider(dir));
  const now = Date.now();

  const local = await openLocalStore(dir);
  let report;
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
    const checks = [];
    for (const name of collectDefinitions(model).checks.keys()) {
      const stored = await local.store.getCheckState(name);
      const firing = (stored?.state as { firing?: boolean } | undefined)?.firing === true;
      checks.push({ check: name, firing });
    }
    const nextPublishes = plan.jobs
      .filter((job): job is PublishJob => job.kind === 'publish' && job.at > now)
      .sort((a, b) => a.at - b.at)
      .slice(0, 10)
      .map((job) => ({ at: new Date(job.at).toISOString(), local: formatLocal(job.at, job.zone), campaign: job.campaign, post: job.post, channel: job.channel, ...(job.variant ? { variant: job.variant } : {}), blocked: job.reviewRequired && !job.approved }));
    report = { workspace: plan.workspace, at: new Date(now).toISOString(), timezone: plan.timezone, goals, checks, nextPublishes };
  } finally {
    await local.close();
  }

  if (args.format === 'json') {
    io.out(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const zh = lang === 'zh-CN';
  io.out(zh ? `${report.workspace} 当前状态 (${formatLocal(now, plan.timezone)} ${plan.timezone})\n\n目标:\n` : `${report.workspace} as of ${formatLocal(now, plan.timezone)} ${plan.timezone}\n\nGoals:\n`);
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
  return 0;
}
