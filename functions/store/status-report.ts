/*
 * Where a deployed workspace stands, read from its table: the latest goal status and the history
 * the track function stored per key result, and the check states, joined with the playbooks for
 * titles, targets, windows and where each key result is declared. The shape is that of
 * `flywheel status --format json`: the CLI (`flywheel status --table`) and the VS Code views
 * (the `aws` status source) read the cloud through this one function.
 */
import {
  buildExpectedPath, formatLocal, resolveGoalContext, resolveTarget, worstStatus,
  type KeyResultStatus, type Plan, type PublishJob, type WorkspaceModel,
} from '../../core/index';
import type { GoalReport, KeyResultReport, StatusReport, TimedValue } from '../../core/report/status-report';
import { collectDefinitions } from '../engine/definitions';
import type { FlywheelStore } from './flywheel-store';
import type { GoalStatus } from './schemas';

export type { StatusReport } from '../../core/report/status-report';

const KNOWN_STATUSES = new Set<string>(['achieved', 'on-track', 'at-risk', 'off-track', 'not-started', 'no-data']);
const iso = (time: number) => new Date(time).toISOString();

function buildKeyResults(entry: WorkspaceModel['goals'][number], timeZone: string, latest: ReadonlyMap<string, GoalStatus>, histories: ReadonlyMap<string, GoalStatus[]>, now: number): KeyResultReport[] {
  const context = resolveGoalContext(entry.value.spec, timeZone);
  const { start, end } = context.window;
  return entry.value.spec.keyResults.map((spec) => {
    const key = `${entry.name}/${spec.id}`;
    const row = latest.get(key);
    const history = (histories.get(key) ?? []).filter((item) => item.value !== undefined && item.at >= start && item.at < end);
    const actual: TimedValue[] = history.map((item) => ({ at: iso(item.at), value: item.value as number }));
    const baseline = spec.baseline ?? history[0]?.value;
    const target = resolveTarget(spec.target, baseline).value;
    const expected = baseline === undefined || spec.per === 'post' ? [] : buildExpectedPath(context.window, baseline, target, spec.milestones ?? [], timeZone).map((item) => ({ at: iso(item.time), value: item.value }));
    const forecast = row?.forecast !== undefined && row.value !== undefined ? [{ at: iso(row.at), value: row.value }, { at: iso(end), value: row.forecast }] : [];
    return {
      id: spec.id, ...(spec.title ? { title: spec.title } : {}),
      status: row?.status ?? (now < start ? 'not-started' : 'no-data'),
      ...(row?.value === undefined ? {} : { value: row.value }), ...(row?.expected === undefined ? {} : { expected: row.expected }),
      ...(row?.forecast === undefined ? {} : { forecast: row.forecast }), target, ...(baseline === undefined ? {} : { baseline }),
      source: { file: entry.file.path, line: entry.span(spec).line },
      ...(spec.per === 'post' ? {} : { series: { start: iso(start), end: iso(end), actual, expected, forecast } }),
    };
  });
}

/** Builds the status report of a valid workspace from its table's goal status rows and check states. */
export async function readStatusReport(store: FlywheelStore, model: WorkspaceModel, plan: Plan, now: number): Promise<StatusReport> {
  const latest = new Map((await store.listGoalStatuses()).map((row) => [`${row.goal}/${row.keyResult}`, row]));
  const histories = new Map<string, GoalStatus[]>();
  for (const goal of model.goals) {
    for (const spec of goal.value.spec.keyResults) histories.set(`${goal.name}/${spec.id}`, await store.listGoalHistory(goal.name, spec.id));
  }
  const goals: GoalReport[] = model.goals.map((entry) => {
    const keyResults = buildKeyResults(entry, plan.timezone, latest, histories, now);
    const statuses = keyResults.map((item) => item.status).filter((status): status is KeyResultStatus => KNOWN_STATUSES.has(status));
    return {
      goal: entry.name, title: entry.value.metadata.title ?? entry.name, status: worstStatus(statuses),
      source: { file: entry.file.path, line: entry.span(entry.value.metadata, ['name']).line }, keyResults,
    };
  });
  return { workspace: plan.workspace, at: iso(now), timezone: plan.timezone, goals, checks: await listChecks(store, model), nextPublishes: listNextPublishes(plan, now) };
}

/** Every check of the workspace and whether it is firing, from its stored state. */
export async function listChecks(store: Pick<FlywheelStore, 'getCheckState'>, model: WorkspaceModel): Promise<StatusReport['checks']> {
  const checks = [];
  for (const name of collectDefinitions(model).checks.keys()) {
    const stored = await store.getCheckState(name);
    checks.push({ check: name, firing: (stored?.state as { firing?: boolean } | undefined)?.firing === true });
  }
  return checks;
}

/** The next ten posts of the plan after `now`, in the time zone of each. */
export function listNextPublishes(plan: Plan, now: number): StatusReport['nextPublishes'] {
  return plan.jobs
    .filter((job): job is PublishJob => job.kind === 'publish' && job.at > now)
    .sort((left, right) => left.at - right.at)
    .slice(0, 10)
    .map((job) => ({ at: iso(job.at), local: formatLocal(job.at, job.zone), campaign: job.campaign, post: job.post, channel: job.channel, ...(job.variant ? { variant: job.variant } : {}), blocked: job.reviewRequired && !job.approved }));
}
