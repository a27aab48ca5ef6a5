import { localize, type FileProvider, type NameBook, type PublishJob, type WorkspaceModel } from '../../core/index';
import { PLATFORM_LIMITS } from '../../core/platforms/index';
import type { OutgoingPost } from '../connectors/index';
import { describeManualPublishing } from '../connectors/published-by-hand';
import { renderPost } from '../engine/render-post';
import { ATTACHABLE_IMAGE } from '../sync/shipped-media';
import { describePost, messageNames, type EngineEvent } from '../engine/index';

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

/** Where and when a post goes, by title: 「标题」（活动）[版本 b] → 渠道，2026-09-10 20:00（Asia/Shanghai）. */
function describeSlot(names: NameBook, job: PublishJob, platform?: string): string {
  const zh = names.lang === 'zh-CN';
  const variant = job.variant ? (zh ? ` 版本 ${job.variant}` : ` variant ${job.variant}`) : '';
  const channel = `${names.channel(job.channel)}${platform === undefined ? '' : zh ? `（${platform}）` : ` (${platform})`}`;
  return zh
    ? `${describePost(names, job.campaign, job.post)}${variant} → ${channel}，${job.local}（${job.zone}）`
    : `${describePost(names, job.campaign, job.post)}${variant} → ${channel}, ${job.local} (${job.zone})`;
}

/** The alert text for a failed or unconfirmed publish, in the workspace's language; the platform's reason as it gave it. */
export function alertMessage(model: WorkspaceModel, event: Extract<EngineEvent, { type: 'post.failed' | 'post.unconfirmed' }>, job: PublishJob): string {
  const names = messageNames(model);
  const where = describeSlot(names, job);
  if (names.lang === 'zh-CN') {
    return event.type === 'post.failed'
      ? `发布失败：${where}。原因：${event.reason}`
      : `发布结果未知，请到平台后台核对是否已发出（不会自动重发）：${where}。原因：${event.reason}`;
  }
  return event.type === 'post.failed'
    ? `Publish failed: ${where}. Reason: ${event.reason}`
    : `Publish outcome unknown, check the platform whether it went out (it is not retried): ${where}. Reason: ${event.reason}`;
}

/** Notify events that alert the team about failed and unconfirmed publishes among `events`. */
export function alertsFor(model: WorkspaceModel, job: PublishJob, events: readonly EngineEvent[]): EngineEvent[] {
  const alerts: EngineEvent[] = [];
  for (const event of events) {
    if (event.type !== 'post.failed' && event.type !== 'post.unconfirmed') continue;
    for (const target of alertTargets(model, job)) alerts.push({ type: 'notify', at: event.at, target, message: alertMessage(model, event, job) });
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
 * when, title, body, tags, cover and media files), in the workspace's language.
 */
export function handOffMessage(model: WorkspaceModel, job: PublishJob, post: OutgoingPost, reason: string): string {
  const names = messageNames(model);
  const zh = names.lang === 'zh-CN';
  const channel = model.workspaces[0]?.value.spec.channels?.find((candidate) => candidate.id === job.channel);
  const platform = channel ? localize(PLATFORM_LIMITS[channel.platform]?.name ?? { en: channel.platform, zh: channel.platform }, names.lang) : undefined;
  const label = (en: string, zhLabel: string) => (zh ? `${zhLabel}：` : `${en}: `);
  const lines = [`${label('Publish by hand', '请手动发布')}${describeSlot(names, job, platform)}`];
  if (post.title !== undefined) lines.push(`${label('Title', '标题')}${post.title}`);
  if (post.body !== undefined) lines.push(zh ? '正文：' : 'Body:', post.body.trimEnd());
  if (post.tags && post.tags.length > 0) lines.push(`${label('Tags', '标签')}${post.tags.map((tag) => `#${tag}`).join(' ')}`);
  const { cover, media } = postFiles(post);
  if (cover !== undefined) lines.push(`${label('Cover', '封面')}${cover}`);
  if (media.length > 0) lines.push(`${label('Media', '素材')}${media.join(zh ? '、' : ', ')}`);
  // The channel says why in the team's language; a reason from elsewhere (a file not shipped) as given.
  const why = channel ? describeManualPublishing(channel) : undefined;
  lines.push(`${label('Why', '原因')}${why ? localize(why, names.lang) : reason}`);
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
