import { text, type LocalizedText } from '../diagnostics';
import { measureText } from './measure-text';
import { PLATFORM_LIMITS } from './platform-limits';
import type {
  LengthLimit, LengthUnit, PlatformId, PlatformLimits, PlatformProblem, PostContent, Sourced,
} from './types';

const UNIT_NAMES: Readonly<Record<LengthUnit, LocalizedText>> = {
  characters: text('characters', '个字符'),
  graphemes: text('characters (counted as graphemes)', '个字符（按字形计）'),
  'x-weighted': text('weighted characters (CJK and emoji count 2, links 23)', '个加权字符（中日韩文字和表情计 2，链接计 23）'),
  'utf8-bytes': text('bytes (UTF-8)', '字节（UTF-8）'),
};

/**
 * The fix first (a narrow Problems panel cuts the end off), then what the post has and the rule.
 * The rule's source URL is not in the text: problems carry it as `source`, shown as a link.
 */
function describeProblem(limit: Sourced, observed: LocalizedText, rule: LocalizedText, fix: LocalizedText): Pick<PlatformProblem, 'message' | 'source'> {
  const community = limit.confidence === 'community';
  return {
    message: text(
      `${fix.en} ${observed.en}; ${community ? 'according to community tools, ' : ''}${rule.en}.`,
      `${fix.zh}${observed.zh}；${community ? '据社区工具资料，' : ''}${rule.zh}。`,
    ),
    source: limit.source,
  };
}

function rateSeverity(limit: Sourced): PlatformProblem['severity'] {
  return limit.confidence === 'official' ? 'error' : 'warning';
}

const TEXT_FIELDS = {
  title: { label: text('Title', '标题'), fix: text('Shorten it.', '请缩短标题。') },
  body: { label: text('Body', '正文'), fix: text('Shorten it.', '请精简正文。') },
} as const;

function checkTextField(
  field: 'title' | 'body', value: string | undefined, limits: readonly LengthLimit[] | undefined, name: LocalizedText,
): PlatformProblem[] {
  if (value === undefined || limits === undefined) return [];
  const { label, fix } = TEXT_FIELDS[field];
  return limits.flatMap((limit) => {
    // A bound that needs no counting: code points and graphemes never outnumber UTF-16 units,
    // and a UTF-16 unit is at most 3 UTF-8 bytes. Most texts are well under their limits.
    const bound = limit.unit === 'utf8-bytes' ? value.length * 3 : limit.unit === 'x-weighted' ? Number.POSITIVE_INFINITY : value.length;
    if (bound <= limit.max) return [];
    const length = measureText(value, limit.unit);
    if (length <= limit.max) return [];
    const unit = UNIT_NAMES[limit.unit];
    return [{
      field,
      severity: rateSeverity(limit),
      ...describeProblem(
        limit,
        text(`${label.en} is ${length} ${unit.en}`, `${label.zh}为 ${length} ${unit.zh}`),
        text(`the limit on ${name.en} is ${limit.max}`, `${name.zh}最多 ${limit.max} ${unit.zh}`),
        fix,
      ),
    }];
  });
}

function checkTags(tags: readonly string[] | undefined, limits: PlatformLimits): PlatformProblem[] {
  if (tags === undefined || tags.length === 0) return [];
  const problems: PlatformProblem[] = [];
  const { tagCount, name } = limits;
  if (tagCount !== undefined && tags.length > tagCount.max) {
    const excess = tags.length - tagCount.max;
    problems.push({
      field: 'tags',
      severity: rateSeverity(tagCount),
      ...(tagCount.max === 0
        ? describeProblem(
          tagCount,
          text(`Post has ${tags.length} tags`, `共有 ${tags.length} 个标签`),
          text(`${name.en} accepts no tags here`, `${name.zh}不接受标签`),
          text('Remove them.', '请删除标签。'),
        )
        : describeProblem(
          tagCount,
          text(`Post has ${tags.length} tags`, `共有 ${tags.length} 个标签`),
          text(`the limit on ${name.en} is ${tagCount.max}`, `${name.zh}最多 ${tagCount.max} 个`),
          text(`Remove ${excess}.`, `请删除 ${excess} 个。`),
        )),
    });
  }
  tags.forEach((tag, tagIndex) => {
    for (const limit of limits.tagLength ?? []) {
      const length = measureText(tag, limit.unit);
      if (length <= limit.max) continue;
      const unit = UNIT_NAMES[limit.unit];
      problems.push({
        field: 'tags',
        tagIndex,
        severity: rateSeverity(limit),
        ...describeProblem(
          limit,
          text(`Tag ${tagIndex + 1} "${tag}" is ${length} ${unit.en}`, `第 ${tagIndex + 1} 个标签「${tag}」为 ${length} ${unit.zh}`),
          text(`the limit per tag on ${name.en} is ${limit.max}`, `${name.zh}每个标签最多 ${limit.max} ${unit.zh}`),
          text('Shorten the tag.', '请缩短该标签。'),
        ),
      });
    }
  });
  return problems;
}

function checkMedia(content: PostContent, limits: PlatformLimits): PlatformProblem[] {
  const problems: PlatformProblem[] = [];
  const { name } = limits;
  const need = (
    field: PlatformProblem['field'], limit: Sourced, observed: LocalizedText, rule: LocalizedText, fix: LocalizedText,
  ): void => {
    problems.push({ field, severity: rateSeverity(limit), ...describeProblem(limit, observed, rule, fix) });
  };
  if (limits.coverRequired && content.cover !== true) {
    need('cover', limits.coverRequired,
      text('This post has no cover image', '本条内容没有封面图'),
      text(`${name.en} requires one`, `${name.zh}必须有封面图`),
      text('Add `cover:` to the post.', '请为内容添加 cover。'));
  }
  if (limits.videoRequired && content.videos === 0) {
    need('media', limits.videoRequired,
      text('This post has no video', '本条内容没有视频'),
      text(`${name.en} requires a video`, `${name.zh}必须有视频`),
      text('Add a video to `media:`.', '请在 media 中添加视频。'));
  }
  if (limits.imageOrVideoRequired && content.images === 0 && content.videos === 0) {
    need('media', limits.imageOrVideoRequired,
      text('This post has no image and no video', '本条内容既没有图片也没有视频'),
      text(`${name.en} requires at least one image or a video`, `${name.zh}至少需要一张图片或一个视频`),
      text('Add images or a video to `media:`.', '请在 media 中添加图片或视频。'));
  }
  if (limits.maxImages && content.images > limits.maxImages.max) {
    const excess = content.images - limits.maxImages.max;
    need('media', limits.maxImages,
      text(`Post has ${content.images} images`, `共有 ${content.images} 张图片`),
      text(`the limit on ${name.en} is ${limits.maxImages.max}`, `${name.zh}最多 ${limits.maxImages.max} 张`),
      text(`Remove ${excess}.`, `请删除 ${excess} 张。`));
  }
  if (limits.altTextRequired && content.imagesWithoutAlt > 0) {
    need('media', limits.altTextRequired,
      text(`${content.imagesWithoutAlt} image(s) have no alt text`, `有 ${content.imagesWithoutAlt} 张图片没有替代文本`),
      text(`${name.en} requires alt text on every image`, `${name.zh}要求每张图片都有替代文本`),
      text('Add `alt:` to each image.', '请为每张图片添加 alt。'));
  }
  return problems;
}

/** Checks a post against its platform's content limits and media needs; pure, no I/O. */
export function checkPostContent(platform: PlatformId, content: PostContent): PlatformProblem[] {
  const limits = PLATFORM_LIMITS[platform];
  return [
    ...checkTextField('title', content.title, limits.title, limits.name),
    ...checkTextField('body', content.body, limits.body, limits.name),
    ...checkTags(content.tags, limits),
    ...checkMedia(content, limits),
  ];
}
