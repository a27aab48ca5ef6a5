/*
 * Media files shipped beside the publish function's code: the files it uploads (WeChat takes a
 * post's own cover as a permanent image material; Mastodon attaches a post's media). The synth copies them into the asset under
 * `flywheel-media/<path in the workspace>`; the function reads them from there when a post needs one.
 */
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { WorkspaceModel } from '../../core/index';
import { resolveWorkspacePath } from '../../core/validate/workspace-paths';

/** The folder, beside the deployment bundle in the asset, that holds the shipped media. */
export const SHIPPED_MEDIA_FOLDER = 'flywheel-media';

/** Platforms whose connector uploads a post's cover, and those that upload its media (the others name the files or ignore them). */
const UPLOADS_COVERS = new Set(['wechat-oa']);
const UPLOADS_MEDIA = new Set(['mastodon']);

/** The workspace paths of the files a publish function may upload, sorted. */
export function listShippedMedia(model: WorkspaceModel): string[] {
  const channels = model.workspaces[0]?.value.spec.channels ?? [];
  const idsOf = (platforms: ReadonlySet<string>) => new Set(channels.filter((channel) => platforms.has(channel.platform)).map((channel) => channel.id));
  const coverChannels = idsOf(UPLOADS_COVERS);
  const mediaChannels = idsOf(UPLOADS_MEDIA);
  const paths = new Set<string>();
  const add = (campaignFile: string, reference: string | undefined) => {
    const path = reference === undefined ? undefined : resolveWorkspacePath(campaignFile, reference);
    if (path !== undefined) paths.add(path);
  };
  for (const campaign of model.campaigns) {
    for (const post of campaign.value.spec.posts ?? []) {
      if (post.channels.some((channel) => coverChannels.has(channel))) {
        for (const cover of [post.cover, ...(post.variants ?? []).map((variant) => variant.cover)]) add(campaign.file.path, cover?.file);
      }
      if (post.channels.some((channel) => mediaChannels.has(channel))) {
        for (const item of post.media ?? []) add(campaign.file.path, item.file);
      }
    }
  }
  return [...paths].sort();
}

/** Copies the shipped media of a workspace folder into `target` (the paths kept); returns how many. */
export function copyShippedMedia(workspaceFolder: string, model: WorkspaceModel, target: string): number {
  const paths = listShippedMedia(model);
  for (const path of paths) {
    const to = join(target, path);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(workspaceFolder, path), to);
  }
  return paths.length;
}

/**
 * Reads a shipped media file by its workspace path from the folder beside the bundle file;
 * undefined when it was not shipped (or the path would leave the folder).
 */
export function readShippedMedia(bundleFile: string, path: string): Uint8Array | undefined {
  const folder = join(dirname(bundleFile), SHIPPED_MEDIA_FOLDER);
  const file = normalize(join(folder, path));
  if (!file.startsWith(folder + sep)) return undefined;
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}
