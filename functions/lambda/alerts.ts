import type { FileProvider, PublishJob, WorkspaceModel } from '../../core/index';
import type { OutgoingPost } from '../connectors/index';
import { renderPost } from '../engine/render-post';
import { ATTACHABLE_IMAGE } from '../sync/shipped-media';
import type { EngineEvent } from '../engine/index';

/**
 * Who hears about a post that failed, whose outcome is unknown or that is handed off: the notify
 * target of the post's owner (the post's, else the campaign's), else every notify target of the
 * workspace. A publish that went wrong is never silent (docs/decisions.md, decision 5).
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

/** The files of a rendered post as the team finds them in the playbooks folder: cover, then media. */
function postFiles(post: OutgoingPost): { cover?: string; media: string[] } {
  // The campaign names them relative to itself; the paths in the workspace folder are what people look for.
  const cover = post.coverFile ?? post.cover;
  return { ...(cover === undefined ? {} : { cover }), media: post.mediaFiles?.map((item) => item.path) ?? [...(post.media ?? [])] };
}

/**
 * The message that hands a post to a person: everything needed to publish it by hand (where and
 * when, title, body, tags, cover and media files), in Chinese and English.
 */
export function handOffMessage(model: WorkspaceModel, job: PublishJob, post: OutgoingPost, reason: string): string {
  const platform = model.workspaces[0]?.value.spec.channels?.find((channel) => channel.id === job.channel)?.platform;
  const lines = [
    `请手动发布 Publish by hand: ${job.campaign}/${job.post}${job.variant ? ` [${job.variant}]` : ''} → ${job.channel}${platform ? ` (${platform})` : ''}, ${job.local} ${job.zone}`,
  ];
  if (post.title !== undefined) lines.push(`标题 Title: ${post.title}`);
  if (post.body !== undefined) lines.push('正文 Body:', post.body.trimEnd());
  if (post.tags && post.tags.length > 0) lines.push(`标签 Tags: ${post.tags.map((tag) => `#${tag}`).join(' ')}`);
  const { cover, media } = postFiles(post);
  if (cover !== undefined) lines.push(`封面 Cover: ${cover}`);
  if (media.length > 0) lines.push(`素材 Media: ${media.join(', ')}`);
  lines.push(`原因 Why: ${reason}`);
  return lines.join('\n');
}

/** Notify events that hand each `post.handed-off` among `events` to the post's owner (alertTargets). */
export function handOffsFor(model: WorkspaceModel, files: FileProvider, job: PublishJob, events: readonly EngineEvent[]): EngineEvent[] {
  const handedOff = events.filter((event) => event.type === 'post.handed-off');
  if (handedOff.length === 0) return [];
  const post = renderPost(model, files, job);
  // The post's images go along where the team's bot can carry them (WeCom), ready to post from a phone.
  const { cover, media } = postFiles(post);
  const attachments = [...(cover === undefined ? [] : [cover]), ...media].filter((path) => ATTACHABLE_IMAGE.test(path));
  const messages: EngineEvent[] = [];
  for (const event of handedOff) {
    const message = handOffMessage(model, job, post, event.reason);
    for (const target of alertTargets(model, job)) messages.push({ type: 'notify', at: event.at, target, message, ...(attachments.length > 0 ? { attachments } : {}) });
  }
  return messages;
}
