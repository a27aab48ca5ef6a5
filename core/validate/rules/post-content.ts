import type { Post, Variant } from '../../schema/index';
import type { RuleContext } from '../context';
import { mediaKind } from '../workspace-paths';

/** A post's body as a rule sees it: inline text in the playbook, or the text of its file. */
export type ResolvedBody =
  | { readonly kind: 'inline'; readonly text: string; readonly owner: object }
  | { readonly kind: 'file'; readonly text: string; readonly path: string; readonly owner: object };

/** What one version of a post publishes: the post itself, or the post with a variant's overrides. */
export interface PostVersion {
  readonly variant?: Variant;
  readonly title?: { readonly text: string; readonly owner: object };
  readonly body?: ResolvedBody;
  readonly hasCover: boolean;
}

/** Resolves a body to its text; a file that is missing or outside the workspace yields nothing (file-references reports it). */
export function resolveBody(context: RuleContext, playbookFile: string, owner: Post | Variant): ResolvedBody | undefined {
  const { body } = owner;
  if (body === undefined) return undefined;
  if (typeof body === 'string') return { kind: 'inline', text: body, owner };
  const path = context.resolveFile(playbookFile, body.file);
  if (path === undefined) return undefined;
  const content = context.readText(path);
  if (content === undefined) return undefined;
  return { kind: 'file', text: content, path, owner: body };
}

/** Every version a post publishes: one per variant, or the post alone. */
export function postVersions(context: RuleContext, playbookFile: string, post: Post): PostVersion[] {
  const base = {
    title: post.title === undefined ? undefined : { text: post.title, owner: post as object },
    body: resolveBody(context, playbookFile, post),
    hasCover: post.cover !== undefined,
  };
  const variants = post.variants ?? [];
  if (variants.length === 0) return [base];
  return variants.map((variant) => ({
    variant,
    title: variant.title === undefined ? base.title : { text: variant.title, owner: variant },
    body: variant.body === undefined ? base.body : resolveBody(context, playbookFile, variant),
    hasCover: variant.cover !== undefined || base.hasCover,
  }));
}

/** Counts a post's images and videos by file extension. */
export function countMedia(post: Post): { images: number; videos: number; imagesWithoutAlt: number } {
  let images = 0;
  let videos = 0;
  let imagesWithoutAlt = 0;
  for (const item of post.media ?? []) {
    const kind = mediaKind(item.file);
    if (kind === 'video') videos += 1;
    else if (kind === 'image') {
      images += 1;
      if (item.alt === undefined || item.alt.trim() === '') imagesWithoutAlt += 1;
    }
  }
  return { images, videos, imagesWithoutAlt };
}
