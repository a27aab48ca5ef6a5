import { describe, expect, it } from 'vitest';
import { checkPostContent } from './check-post-content';
import { PLATFORM_LIMITS } from './platform-limits';
import type { PlatformId, PostContent } from './types';

const NO_MEDIA = { images: 0, videos: 0, imagesWithoutAlt: 0 } as const;
const WITH_VIDEO = { images: 0, videos: 1, imagesWithoutAlt: 0 } as const;
const FAMILY = '👨‍👩‍👧';

function summarizeProblems(platform: PlatformId, content: PostContent) {
  return checkPostContent(platform, content).map(({ field, severity, tagIndex }) => ({ field, severity, tagIndex }));
}

describe('checkPostContent', () => {
  it('on every platform, each problem leads with its fix and carries its source URL outside the text', () => {
    const worst: PostContent = { title: '标'.repeat(3000), body: '中'.repeat(100_000), tags: Array.from({ length: 200 }, (_, index) => `标签${index}${'长'.repeat(200)}`), cover: false, images: 500, videos: 0, imagesWithoutAlt: 500 };
    const problems = (Object.keys(PLATFORM_LIMITS) as PlatformId[]).flatMap((platform) => checkPostContent(platform, worst));
    expect(problems.length).toBeGreaterThan(20);
    for (const problem of problems) {
      expect(problem.source).toMatch(/^https?:\/\//);
      expect(`${problem.message.en} ${problem.message.zh}`).not.toMatch(/https?:|source|来源/);
      // The fix first: an imperative sentence before what the post has.
      expect(problem.message.en).toMatch(/^(Shorten|Remove|Add|Attach|Give|Use|Keep|Split|Set|Put|Choose|Cut|Replace|Drop|Move|Make|Publish|Describe)\b[^.;]*\. /);
      expect(problem.message.zh).toMatch(/^请[^。；]*。/);
    }
  });

  describe('wechat-oa', () => {
    it('rejects a 41-character title with an error that names the limit, the count, the source and the fix', () => {
      const [problem, ...rest] = checkPostContent('wechat-oa', { title: '标'.repeat(41), cover: true, ...NO_MEDIA });

      expect(rest).toEqual([]);
      expect(problem?.field).toBe('title');
      expect(problem?.severity).toBe('error');
      expect(problem?.message.en).toBe('Shorten it. Title is 41 characters; the limit on WeChat Official Accounts is 32.');
      expect(problem?.source).toBe('https://developers.weixin.qq.com/doc/service/api/draftbox/draftmanage/api_draft_add');
      expect(problem?.message.zh).toMatch(/^请缩短标题。/);
      expect(problem?.message.zh).toContain('标题为 41 个字符');
      expect(problem?.message.zh).toContain('微信公众号最多 32 个字符');
      expect(problem?.message.zh).toContain('请缩短标题');
    });

    it('accepts a title of exactly 32 characters', () => {
      expect(checkPostContent('wechat-oa', { title: '标'.repeat(32), cover: true, ...NO_MEDIA })).toEqual([]);
    });

    it('requires a cover', () => {
      expect(summarizeProblems('wechat-oa', { title: '新品上市', ...NO_MEDIA }))
        .toEqual([{ field: 'cover', severity: 'error', tagIndex: undefined }]);
      expect(checkPostContent('wechat-oa', { title: '新品上市', cover: false, ...NO_MEDIA })[0]?.message.zh)
        .toContain('微信公众号必须有封面图');
    });
  });

  describe('x', () => {
    it('counts CJK as 2: 141 Chinese characters break 280, 141 Latin letters do not', () => {
      expect(summarizeProblems('x', { body: '中'.repeat(141), ...NO_MEDIA }))
        .toEqual([{ field: 'body', severity: 'error', tagIndex: undefined }]);
      expect(checkPostContent('x', { body: '中'.repeat(141), ...NO_MEDIA })[0]?.message.en)
        .toContain('Body is 282 weighted characters');
      expect(checkPostContent('x', { body: 'a'.repeat(141), ...NO_MEDIA })).toEqual([]);
      expect(checkPostContent('x', { body: '中'.repeat(140), ...NO_MEDIA })).toEqual([]);
    });

    it('warns past 4 images, since that limit is community-sourced', () => {
      const problems = checkPostContent('x', { body: 'hi', images: 5, videos: 0, imagesWithoutAlt: 5 });
      expect(problems.map((p) => [p.field, p.severity])).toEqual([['media', 'warning']]);
      expect(problems[0]?.message.en).toContain('according to community tools');
      expect(problems[0]?.message.zh).toContain('据社区工具资料');
      expect(problems[0]?.message.en).toContain('Remove 1.');
    });
  });

  describe('bluesky', () => {
    it('counts graphemes: 299 letters plus a ZWJ family emoji is 300, though 304 code points', () => {
      expect(checkPostContent('bluesky', { body: `${'a'.repeat(299)}${FAMILY}`, ...NO_MEDIA })).toEqual([]);
      const problems = checkPostContent('bluesky', { body: `${'a'.repeat(300)}${FAMILY}`, ...NO_MEDIA });
      expect(problems.map((p) => p.field)).toEqual(['body']);
      expect(problems[0]?.message.en).toContain('Body is 301 characters (counted as graphemes)');
    });

    it('also holds the body to 3000 UTF-8 bytes: 200 family emojis are 200 graphemes but 3600 bytes', () => {
      const problems = checkPostContent('bluesky', { body: FAMILY.repeat(200), ...NO_MEDIA });
      expect(problems.map((p) => [p.field, p.severity])).toEqual([['body', 'error']]);
      expect(problems[0]?.message.en).toContain('3600 bytes');
    });

    it('requires alt text on every image', () => {
      const problems = checkPostContent('bluesky', { body: 'hi', images: 2, videos: 0, imagesWithoutAlt: 1 });
      expect(problems.map((p) => [p.field, p.severity])).toEqual([['media', 'error']]);
      expect(problems[0]?.message.en).toContain('1 image(s) have no alt text');
      expect(problems[0]?.message.zh).toContain('Bluesky要求每张图片都有替代文本');
    });

    it('flags the one tag that is too long, by index', () => {
      const tags = ['ok', 'x'.repeat(65), 'fine'];
      expect(summarizeProblems('bluesky', { body: 'hi', tags, ...NO_MEDIA }))
        .toEqual([{ field: 'tags', severity: 'error', tagIndex: 1 }]);
    });
  });

  describe('video and image needs', () => {
    it('takes images (图文) or a video on douyin, and requires a video on bilibili', () => {
      expect(summarizeProblems('douyin', { title: '新品', ...NO_MEDIA })).toEqual([{ field: 'media', severity: 'error', tagIndex: undefined }]);
      expect(checkPostContent('douyin', { title: '新品', ...NO_MEDIA })[0]?.message.zh).toContain('抖音至少需要一张图片或一个视频');
      expect(checkPostContent('douyin', { title: '新品', images: 3, videos: 0, imagesWithoutAlt: 3 })).toEqual([]);
      expect(checkPostContent('douyin', { title: '新品', ...WITH_VIDEO })).toEqual([]);
      expect(summarizeProblems('douyin', { title: '新品', images: 31, videos: 0, imagesWithoutAlt: 31 })).toEqual([{ field: 'media', severity: 'warning', tagIndex: undefined }]);
      expect(summarizeProblems('bilibili', { title: '新品', ...NO_MEDIA })).toEqual([{ field: 'media', severity: 'error', tagIndex: undefined }]);
      expect(checkPostContent('bilibili', { title: '新品', images: 3, videos: 0, imagesWithoutAlt: 3 })[0]?.message.zh).toContain('必须有视频');
    });

    it('wants images or a video on xiaohongshu, as a warning', () => {
      expect(summarizeProblems('xiaohongshu', { title: '新品', body: '正文', ...NO_MEDIA }))
        .toEqual([{ field: 'media', severity: 'warning', tagIndex: undefined }]);
      expect(checkPostContent('xiaohongshu', { title: '新品', ...WITH_VIDEO })).toEqual([]);
      expect(checkPostContent('xiaohongshu', { title: '新品', images: 3, videos: 0, imagesWithoutAlt: 3 })).toEqual([]);
    });

    it('warns on xiaohongshu past the image maximum', () => {
      expect(summarizeProblems('xiaohongshu', { title: '新品', images: 10, videos: 0, imagesWithoutAlt: 0 }))
        .toEqual([{ field: 'media', severity: 'warning', tagIndex: undefined }]);
    });
  });

  describe('tags', () => {
    it('warns when bilibili gets more than 10 tags and says how many to remove', () => {
      const tags = Array.from({ length: 12 }, (_, index) => `标签${index}`);
      const problems = checkPostContent('bilibili', { title: '新品', tags, ...WITH_VIDEO });
      expect(problems.map((p) => [p.field, p.severity])).toEqual([['tags', 'warning']]);
      expect(problems[0]?.message.en).toContain('Remove 2.');
      expect(problems[0]?.message.zh).toContain('请删除 2 个');
    });

    it('rejects any tag on weibo, whose share API forbids #topics#', () => {
      const problems = checkPostContent('weibo', { body: '新品上市', tags: ['新品'], ...NO_MEDIA });
      expect(problems.map((p) => [p.field, p.severity])).toEqual([['tags', 'error']]);
      expect(problems[0]?.message.en).toContain('Weibo accepts no tags here');
    });
  });

  it('holds community limits as warnings: a 21-character xiaohongshu title', () => {
    expect(summarizeProblems('xiaohongshu', { title: '标'.repeat(21), ...WITH_VIDEO }))
      .toEqual([{ field: 'title', severity: 'warning', tagIndex: undefined }]);
  });

  it('holds wecom-group, webhook and outbox to nothing', () => {
    const huge = { title: '标'.repeat(5000), body: '中'.repeat(50000), tags: Array(50).fill('标签'), ...NO_MEDIA };
    for (const platform of ['wecom-group', 'webhook', 'outbox'] as const) {
      expect(checkPostContent(platform, huge)).toEqual([]);
    }
  });
});

describe('PLATFORM_LIMITS', () => {
  it('gives every limit an http(s) source and a confidence', () => {
    for (const [platform, limits] of Object.entries(PLATFORM_LIMITS)) {
      const sourced = [
        ...(limits.title ?? []), ...(limits.body ?? []), ...(limits.tagLength ?? []), limits.tagCount,
        limits.coverRequired, limits.videoRequired, limits.imageOrVideoRequired, limits.maxImages, limits.altTextRequired,
      ].filter((limit) => limit !== undefined);
      for (const limit of sourced) {
        expect(limit.source, platform).toMatch(/^https:\/\//);
        expect(['official', 'community'], platform).toContain(limit.confidence);
      }
    }
  });
});
