import { Buffer } from 'node:buffer';
import type { PublishJob, WorkspaceModel } from '../../core/index';
import type { FileProvider } from '../../core/index';
import { resolveWorkspacePath } from '../../core/validate/workspace-paths';
import type { OutgoingPost } from '../connectors/outbox';

/** Renders what a publish job sends: the post with its variant's overrides, body files read. */
export function renderPost(model: WorkspaceModel, files: FileProvider, job: PublishJob): OutgoingPost {
  const entry = model.campaigns.find((campaign) => campaign.name === job.campaign);
  const post = entry?.value.spec.posts?.find((candidate) => candidate.id === job.post);
  const variant = post?.variants?.find((candidate) => candidate.id === job.variant);
  const file = entry?.file.path ?? '';
  const readText = (reference: string) => {
    const path = resolveWorkspacePath(file, reference);
    const bytes = path === undefined ? undefined : files.readFile(path);
    return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
  };
  const bodySource = variant?.body ?? post?.body;
  const body = bodySource === undefined ? undefined : typeof bodySource === 'string' ? bodySource : readText(bodySource.file);
  const title = variant?.title ?? post?.title;
  const cover = (variant?.cover ?? post?.cover)?.file;
  const coverFile = cover === undefined ? undefined : resolveWorkspacePath(file, cover);
  return {
    key: job.id, channel: job.channel, campaign: job.campaign, post: job.post, ...(job.variant ? { variant: job.variant } : {}),
    share: job.share, scheduledAt: job.at, ...(title === undefined ? {} : { title }), ...(body === undefined ? {} : { body }),
    ...(post?.tags ? { tags: post.tags } : {}), ...(cover ? { cover } : {}), ...(coverFile ? { coverFile } : {}), ...(post?.media ? {
      media: post.media.map((item) => item.file),
      mediaFiles: post.media.map((item) => ({ path: resolveWorkspacePath(file, item.file) ?? item.file, ...(item.alt ? { alt: item.alt } : {}) })),
    } : {}),
  };
}
