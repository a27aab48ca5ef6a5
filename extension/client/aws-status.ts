/*
 * Reads goal status from the deployed stack's DynamoDB table with the user's own AWS profile:
 * the latest reading and the history the track Lambda stored per key result, joined with the
 * playbooks for titles, targets, windows and where each key result is declared. The result has
 * the shape of `flywheel status --format json`, so the views do not care where it came from.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import * as l10n from '@vscode/l10n';
import {
  buildExpectedPath, compilePlan, folderFileProvider, formatLocal, readPlaybookFolder, resolveGoalContext, resolveTarget,
  validateWorkspace, worstStatus, type KeyResultStatus, type PublishJob, type WorkspaceModel,
} from '../../core/index';
import { collectDefinitions } from '../../functions/engine/index';
import { FlywheelStore, type GoalStatus } from '../../functions/store/index';
import { StatusReportError, type GoalReport, type KeyResultReport, type StatusReport, type TimedValue } from './status-report';

/** Where the table is and whose credentials read it. */
export interface AwsStatusOptions {
  readonly playbooksDir: string;
  readonly aws: { readonly profile?: string; readonly region?: string; readonly table: string; readonly endpoint?: string };
  readonly now?: number;
}

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

/** Builds the status report from the table's goal status rows and check states and the playbooks' plan. */
export async function readAwsStatusFromStore(store: FlywheelStore, playbooksDir: string, now: number): Promise<StatusReport> {
  const { model, diagnostics } = validateWorkspace(readPlaybookFolder(playbooksDir), folderFileProvider(playbooksDir));
  const errors = diagnostics.filter((diagnostic) => diagnostic.severity === 'error').length;
  if (errors > 0) throw new StatusReportError(l10n.t('The playbooks have {0} error(s); fix them first (see the Problems panel).', errors));
  const plan = compilePlan(model, folderFileProvider(playbooksDir));
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
  const checks = [];
  for (const name of collectDefinitions(model).checks.keys()) {
    const stored = await store.getCheckState(name);
    checks.push({ check: name, firing: (stored?.state as { firing?: boolean } | undefined)?.firing === true });
  }
  const nextPublishes = plan.jobs
    .filter((job): job is PublishJob => job.kind === 'publish' && job.at > now)
    .sort((left, right) => left.at - right.at)
    .slice(0, 10)
    .map((job) => ({ at: iso(job.at), local: formatLocal(job.at, job.zone), campaign: job.campaign, post: job.post, channel: job.channel, ...(job.variant ? { variant: job.variant } : {}), blocked: job.reviewRequired && !job.approved }));
  return { workspace: plan.workspace, at: iso(now), timezone: plan.timezone, goals, checks, nextPublishes };
}

/** Reads the report from the AWS table named in the settings, with the named profile's credentials. */
export async function readAwsStatus(options: AwsStatusOptions): Promise<StatusReport> {
  const { table, profile, region, endpoint } = options.aws;
  if (!table) throw new StatusReportError(l10n.t('Set "flywheel.aws.table" to the TableName output of the deployed Flywheel stack.'));
  const client = new DynamoDBClient({
    ...(region ? { region } : {}), ...(profile ? { profile } : {}), ...(endpoint ? { endpoint } : {}),
  });
  try {
    const store = new FlywheelStore({ client: DynamoDBDocumentClient.from(client), tableName: table });
    return await readAwsStatusFromStore(store, options.playbooksDir, options.now ?? Date.now());
  } catch (error) {
    if (error instanceof StatusReportError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StatusReportError(l10n.t('Could not read table {0} with profile {1}: {2}. Check "flywheel.aws.profile" and "flywheel.aws.region" and that the profile may read the table.', table, profile || 'default', reason), { cause: error });
  } finally {
    client.destroy();
  }
}
