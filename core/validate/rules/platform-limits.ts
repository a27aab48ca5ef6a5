import { text } from '../../diagnostics';
import { checkPostContent, type PlatformId } from '../../platforms/index';
import type { Rule } from '../context';
import { countMedia, postVersions } from './post-content';

/** Each post is held to the limits and needs of every platform it goes to (core/platforms). */
export const platformLimitsRule: Rule = {
  code: 'flywheel/platform-limit',
  check(context) {
    const platformOf = new Map((context.workspace?.value.spec.channels ?? []).map((channel) => [channel.id, channel.platform]));
    for (const entry of context.model.campaigns) {
      for (const post of entry.value.spec.posts ?? []) {
        const platforms = new Map<PlatformId, string>();
        for (const channelId of post.channels) {
          const platform = platformOf.get(channelId);
          if (platform && !platforms.has(platform)) platforms.set(platform, channelId);
        }
        if (platforms.size === 0) continue;
        const media = countMedia(post);
        const reported = new Set<string>();
        for (const version of postVersions(context, entry.file.path, post)) {
          for (const [platform, channelId] of platforms) {
            const problems = checkPostContent(platform, {
              ...(version.title ? { title: version.title.text } : {}),
              ...(version.body ? { body: version.body.text } : {}),
              ...(post.tags ? { tags: post.tags } : {}),
              cover: version.hasCover,
              ...media,
            });
            for (const problem of problems) {
              // Where to point: the text at fault (the variant's own title, say), else the post.
              const [owner, field]: [object, (string | number)[]] =
                problem.field === 'title' && version.title ? [version.title.owner, ['title']]
                  : problem.field === 'body' && version.body ? [version.body.owner, version.body.kind === 'inline' ? ['body'] : ['file']]
                    : problem.field === 'tags' ? [post, problem.tagIndex === undefined ? ['tags'] : ['tags', problem.tagIndex]]
                      : problem.field === 'media' && post.media ? [post, ['media']]
                        : problem.field === 'cover' && version.variant ? [version.variant, ['id']]
                          : [post, ['id']];
              const key = `${platform}|${problem.field}|${problem.tagIndex ?? ''}|${JSON.stringify(entry.pathOf(owner))}|${field.join('.')}`;
              if (reported.has(key)) continue;
              reported.add(key);
              const where = version.variant ? text(` (variant "${version.variant.id}", channel ${channelId})`, ` (版本 "${version.variant.id}", 渠道 ${channelId})`) : text(` (channel ${channelId})`, ` (渠道 ${channelId})`);
              context.report(entry, owner, field, field.length === 1 && (field[0] === 'tags' || field[0] === 'media') ? 'key' : 'value', problem.severity, this.code,
                text(`${problem.message.en}${where.en}`, `${problem.message.zh}${where.zh}`), { href: problem.source });
            }
          }
        }
      }
    }
  },
};
