/*
 * Media files shipped beside a function's code: for publish, the files it uploads (WeChat takes
 * a post's own cover as a permanent image material; Mastodon attaches a post's media); for
 * notify, the images a hand-off attaches for the team's bot (posts a person publishes). The synth
 * copies them into the asset under `flywheel-media/<path in the workspace>`; the function reads
 * them from there when a message or post needs one.
 */
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, sep } from 'node:path';
import type { Channel, WorkspaceModel } from '../../core/index';
import { locateInWorkspace } from '../../core/node/read-folder';
import { resolveWorkspacePath } from '../../core/validate/workspace-paths';
import { isPublishedByHand } from '../connectors/published-by-hand';

/** The folder, beside the deployment bundle in the asset, that holds the shipped media. */
export const SHIPPED_MEDIA_FOLDER = 'flywheel-media';

/** The functions that ship media. */
export type MediaUser = 'publish' | 'notify';

/** What each function needs of a post on a channel: its covers, its media files, images only. */
interface MediaNeed {
  readonly covers: boolean;
  readonly media: boolean;
  readonly imagesOnly: boolean;
}

/** Platforms whose connector uploads a post's cover, and those that upload its media (the others name the files or ignore them). */
const UPLOADS_COVERS = new Set(['wechat-oa']);
const UPLOADS_MEDIA = new Set(['mastodon']);
/** What a group bot can carry as an image message (WeCom: JPG/PNG): what a hand-off attaches. */
export const ATTACHABLE_IMAGE = /\.(jpe?g|png)$/i;

function needOf(user: MediaUser, channel: Channel): MediaNeed | undefined {
  if (user === 'notify') return isPublishedByHand(channel) ? { covers: true, media: true, imagesOnly: true } : undefined;
  const covers = UPLOADS_COVERS.has(channel.platform);
  const media = UPLOADS_MEDIA.has(channel.platform);
  return covers || media ? { covers, media, imagesOnly: false } : undefined;
}

/** The workspace paths of the files a function may need (publish uploads them, notify attaches them), sorted. */
export function listShippedMedia(model: WorkspaceModel, user: MediaUser = 'publish'): string[] {
  const needs = new Map<string, MediaNeed>();
  for (const channel of model.workspaces[0]?.value.spec.channels ?? []) {
    const need = needOf(user, channel);
    if (need) needs.set(channel.id, need);
  }
  const paths = new Set<string>();
  for (const campaign of model.campaigns) {
    for (const post of campaign.value.spec.posts ?? []) {
      const wanted = post.channels.map((channel) => needs.get(channel)).filter((need): need is MediaNeed => need !== undefined);
      const references = [
        ...(wanted.some((need) => need.covers) ? [post.cover, ...(post.variants ?? []).map((variant) => variant.cover)].map((cover) => cover?.file) : []),
        ...(wanted.some((need) => need.media) ? (post.media ?? []).map((item) => item.file) : []),
      ];
      const imagesOnly = wanted.every((need) => need.imagesOnly);
      for (const reference of references) {
        const path = reference === undefined ? undefined : resolveWorkspacePath(campaign.file.path, reference);
        if (path !== undefined && (!imagesOnly || ATTACHABLE_IMAGE.test(path))) paths.add(path);
      }
    }
  }
  return [...paths].sort();
}

/**
 * How much media a function may carry in its code. Lambda takes 250 MB unzipped for code and
 * files together; past this budget a workspace's images would make the deploy fail, so none are
 * shipped and the functions fall back (WeChat's thumbMediaId, a post a person publishes, file
 * names in a hand-off) with a synth warning that says so.
 */
export const SHIPPED_MEDIA_BUDGET_BYTES = 100 * 1024 * 1024;

/** What was shipped for a function: the file count, or why nothing was. */
export type ShippedMedia = { readonly files: number; readonly bytes: number } | { readonly overBudget: { readonly files: number; readonly bytes: number } };

/** A media file that links out of the workspace folder: the synth refuses to ship it. */
export class MediaOutsideWorkspaceError extends Error {
  constructor(readonly path: string) {
    super(`${path} links to a file outside the workspace folder; Flywheel does not ship it. Copy the file into the workspace. / ${path} 链接到工作区之外的文件，不会被打包。请把文件复制到工作区中。`);
    this.name = 'MediaOutsideWorkspaceError';
  }
}

/**
 * Copies the media a function needs from a workspace folder into `target` (the paths kept), within
 * the budget. Each file is copied from its real path, which must be inside the workspace folder.
 */
export function copyShippedMedia(workspaceFolder: string, model: WorkspaceModel, target: string, user: MediaUser = 'publish', budgetBytes = SHIPPED_MEDIA_BUDGET_BYTES): ShippedMedia {
  const paths = listShippedMedia(model, user);
  const sources = paths.map((path) => {
    const located = locateInWorkspace(workspaceFolder, path);
    if (located === 'outside') throw new MediaOutsideWorkspaceError(path);
    return located === 'missing' ? join(workspaceFolder, path) : located.inside;
  });
  const bytes = sources.reduce((sum, source) => sum + statSync(source).size, 0);
  if (bytes > budgetBytes) return { overBudget: { files: paths.length, bytes } };
  paths.forEach((path, index) => {
    const to = join(target, path);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(sources[index] as string, to);
  });
  return { files: paths.length, bytes };
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
