import { buildMetricCatalogue } from '../evaluate/metric-catalogue';
import type { WorkspaceModel } from '../load/load-workspace';
import type { MetricsWorkspace } from './parse-csv';

/** What a metrics file is checked against (spec v1.1): the metric catalogue, channels, campaigns and posts of the playbooks; undefined without a Workspace. */
export function metricsWorkspaceOf(model: WorkspaceModel): MetricsWorkspace | undefined {
  const workspace = model.workspaces[0]?.value.spec;
  if (workspace === undefined) return undefined;
  return {
    metrics: buildMetricCatalogue(workspace.metrics),
    channels: new Set((workspace.channels ?? []).map((channel) => channel.id)),
    campaigns: new Set(model.campaigns.map((campaign) => campaign.name)),
    posts: new Set(model.campaigns.flatMap((campaign) => (campaign.value.spec.posts ?? []).map((post) => post.id))),
  };
}
