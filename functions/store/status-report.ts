/*
 * Where a workspace stands, read from a store (the local one or a deployed table): each goal
 * evaluated from the store's metric points with the one goal status function (so the CLI, the
 * VS Code views and the track function agree, at any instant), the check states, and the next
 * publishes. The shape is that of `flywheel status --format json`.
 */
import { buildMetricCatalogue, formatLocal, type Plan, type PublishJob, type WorkspaceModel } from '../../core/index';
import { buildGoalReports } from '../../core/report/goal-report';
import type { StatusReport } from '../../core/report/status-report';
import { collectDefinitions } from '../engine/definitions';
import { listWorkspaceReads, loadMetricReads } from '../engine/metric-reads';
import type { FlywheelStore } from './flywheel-store';

export type { StatusReport } from '../../core/report/status-report';

const iso = (time: number) => new Date(time).toISOString();

/**
 * The status report at `at` (epoch ms): goals from the metric points up to then; checks firing
 * then (now: their stored state; in the past: the last fired or resolved event before it); the
 * ten publishes after it.
 */
export async function readStatusReport(
  store: Pick<FlywheelStore, 'queryMetricPoints' | 'getCheckState' | 'listEvents'>, model: WorkspaceModel, plan: Plan, at: number, now = at,
): Promise<StatusReport> {
  const definitions = collectDefinitions(model);
  const catalogue = buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics);
  const metrics = await loadMetricReads(store, listWorkspaceReads({ model, definitions, catalogue }, at), catalogue, at);
  const goals = buildGoalReports(model, plan.timezone, metrics.index, metrics.catalogue, at);
  const checks = at >= now ? await listChecks(store, model) : await listChecksAt(store, model, at);
  const title = model.workspaces[0]?.value.metadata.title;
  return { workspace: plan.workspace, ...(title ? { title } : {}), at: iso(at), timezone: plan.timezone, goals, checks, nextPublishes: listNextPublishes(plan, at, model) };
}

/** Every check and whether it was firing at `at`: the last check.fired or check.resolved event logged up to then. */
export async function listChecksAt(store: Pick<FlywheelStore, 'listEvents'>, model: WorkspaceModel, at: number): Promise<StatusReport['checks']> {
  const firing = new Map<string, boolean>();
  for (const event of await store.listEvents(0, at + 1)) {
    if (event.type !== 'check.fired' && event.type !== 'check.resolved') continue;
    const check = (event.detail as { check?: unknown } | null)?.check;
    if (typeof check === 'string') firing.set(check, event.type === 'check.fired');
  }
  return [...collectDefinitions(model).checks.values()].map((check) => ({
    check: check.name, ...(check.title ? { title: check.title } : {}), firing: firing.get(check.name) === true,
  }));
}

/** Every check of the workspace and whether it is firing, from its stored state. */
export async function listChecks(store: Pick<FlywheelStore, 'getCheckState'>, model: WorkspaceModel): Promise<StatusReport['checks']> {
  const checks = [];
  for (const check of collectDefinitions(model).checks.values()) {
    const stored = await store.getCheckState(check.name);
    checks.push({ check: check.name, ...(check.title ? { title: check.title } : {}), firing: (stored?.state as { firing?: boolean } | undefined)?.firing === true });
  }
  return checks;
}

/** The next ten posts of the plan after `now`, in the time zone of each, with the titles the playbooks give them. */
export function listNextPublishes(plan: Plan, now: number, model?: WorkspaceModel): StatusReport['nextPublishes'] {
  const campaigns = new Map((model?.campaigns ?? []).map((entry) => [entry.name, entry.value]));
  const channels = new Map((model?.workspaces[0]?.value.spec.channels ?? []).map((channel) => [channel.id, channel]));
  return plan.jobs
    .filter((job): job is PublishJob => job.kind === 'publish' && job.at > now)
    .sort((left, right) => left.at - right.at)
    .slice(0, 10)
    .map((job) => {
      const campaign = campaigns.get(job.campaign);
      const post = campaign?.spec.posts?.find((candidate) => candidate.id === job.post);
      const title = (job.variant ? post?.variants?.find((variant) => variant.id === job.variant)?.title : undefined) ?? post?.title;
      return {
        at: iso(job.at), local: formatLocal(job.at, job.zone), zone: job.zone, campaign: job.campaign, post: job.post, channel: job.channel,
        ...(job.variant ? { variant: job.variant } : {}), blocked: job.reviewRequired && !job.approved,
        ...(title ? { title } : {}), ...(campaign?.metadata.title ? { campaignTitle: campaign.metadata.title } : {}),
        platform: job.platform, ...(channels.get(job.channel)?.title ? { channelTitle: channels.get(job.channel)?.title } : {}),
      };
    });
}
