import type { PublishJob, WorkspaceModel } from '../../core/index';
import type { EngineEvent } from '../engine/index';

/**
 * Who hears about a post that failed or whose outcome is unknown: the notify target of the post's
 * owner (the post's, else the campaign's), else every notify target of the workspace. A publish
 * that went wrong is never silent (DESIGN.md decision 5).
 */
export function alertTargets(model: WorkspaceModel, job: PublishJob): string[] {
  const workspace = model.workspaces[0]?.value.spec;
  const campaign = model.campaigns.find((entry) => entry.name === job.campaign)?.value.spec;
  const post = campaign?.posts?.find((candidate) => candidate.id === job.post);
  const owner = post?.owner ?? campaign?.owner;
  const ownerTarget = workspace?.people?.find((person) => person.id === owner)?.notify;
  if (ownerTarget) return [ownerTarget];
  return (workspace?.notify ?? []).map((target) => target.id);
}

/** The alert text for a failed or unconfirmed publish, in Chinese and English. */
export function alertMessage(event: Extract<EngineEvent, { type: 'post.failed' | 'post.unconfirmed' }>, job: PublishJob): string {
  const where = `${job.campaign}/${job.post}${job.variant ? ` [${job.variant}]` : ''} → ${job.channel} (${job.local} ${job.zone})`;
  return event.type === 'post.failed'
    ? `发布失败 Publish failed: ${where}: ${event.reason}`
    : `发布结果未知, 请到平台核对, 不会自动重发 Publish outcome unknown, check the platform (it is not retried): ${where}: ${event.reason}`;
}

/** Notify events that alert the team about failed and unconfirmed publishes among `events`. */
export function alertsFor(model: WorkspaceModel, job: PublishJob, events: readonly EngineEvent[]): EngineEvent[] {
  const alerts: EngineEvent[] = [];
  for (const event of events) {
    if (event.type !== 'post.failed' && event.type !== 'post.unconfirmed') continue;
    for (const target of alertTargets(model, job)) alerts.push({ type: 'notify', at: event.at, target, message: alertMessage(event, job) });
  }
  return alerts;
}
