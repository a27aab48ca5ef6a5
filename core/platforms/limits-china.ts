import { text } from '../diagnostics';
import type { PlatformLimits } from './types';

// Sources were read in the stored copies of these pages; each limit names its own source below and in
// LIMITS.md. Where sources disagree, the note keeps both:
// among sources of the same confidence the stricter number wins; an official number beats a
// community one (a community claim that contradicts the platform's current docs would only be noise).

const WECHAT_DRAFT_ADD = 'https://developers.weixin.qq.com/doc/service/api/draftbox/draftmanage/api_draft_add';
const DOUYIN_UPLOAD = 'https://open.douyin.com/platform/resource/docs/openapi/video-management/douyin/create/upload/';
const DOUYIN_MCP_VIDEO = 'https://glama.ai/mcp/servers/panwenda/douyin-publish-mcp/tools/douyin_publish_video';
const DOUYIN_IMAGE_CREATE = 'https://github.com/strangebank/douyin-open-php/blob/HEAD/src/docs/Api/ImageApi.md';
const DOUYIN_ON_BEHALF = 'https://blog.csdn.net/buda_l/article/details/130852833';
const XHS_MCP = 'https://github.com/xpzouying/xiaohongshu-mcp/blob/HEAD/README.md';
const XHS_X_MCP = 'https://github.com/tanxxjun321/x-mcp/blob/HEAD/openclaw/skills/x-mcp/reference/knowledge.md';
const BILIBILI_API_COLLECT = 'https://github.com/SocialSisterYi/bilibili-API-collect/blob/HEAD/docs/creativecenter/upload.md';
const BILIBILI_OPEN_ADD = 'https://apifox.com/apidoc/docs-site/1106400/api-23706538';
const WEIBO_SHARE = 'https://open.weibo.com/wiki/2/statuses/share';

export const WECHAT_OA_LIMITS: PlatformLimits = {
  name: text('WeChat Official Accounts', '微信公众号'),
  title: [{
    max: 32, unit: 'characters', source: WECHAT_DRAFT_ADD, confidence: 'official',
    note: 'draft/add: title 不超过32个字. Older tooling claims 64 bytes (https://skills.sh/site/skills.volces.com/mp-draft-push); the current official docs win.',
  }],
  body: [
    {
      max: 19999, unit: 'characters', source: WECHAT_DRAFT_ADD, confidence: 'official',
      note: 'draft/add: content must be fewer than 20,000 characters. The HTML markup the connector adds counts too.',
    },
    {
      max: 999999, unit: 'utf8-bytes', source: WECHAT_DRAFT_ADD, confidence: 'official',
      note: 'draft/add: content must be under 1 MB; read as 1,000,000 bytes, the stricter of 10^6 and 2^20.',
    },
  ],
  coverRequired: {
    source: WECHAT_DRAFT_ADD, confidence: 'official',
    note: 'thumb_media_id (a permanent image) is required for article_type news.',
  },
  gaps: [],
};

export const DOUYIN_LIMITS: PlatformLimits = {
  name: text('Douyin', '抖音'),
  title: [{
    max: 30, unit: 'characters', source: DOUYIN_MCP_VIDEO, confidence: 'community',
    note: 'Creator-centre title box (作品标题 ≤30 字); also https://skills.sh/site/skills.volces.com/fast-douyin-publish. The open API itself has one `text` field for title and #topics.',
  }],
  imageOrVideoRequired: {
    source: DOUYIN_IMAGE_CREATE, confidence: 'official',
    note: `A Douyin post is a video (/video/upload/ then /video/create/: ${DOUYIN_UPLOAD}) or an image post, 图文 (/image/upload/ then /image/create/, 发布图片, in an SDK generated from the open platform's API description). Publishing for a user through the API is reportedly limited to enterprise apps (${DOUYIN_ON_BEHALF}).`,
  },
  maxImages: {
    max: 30, source: DOUYIN_ON_BEHALF, confidence: 'community',
    note: 'Image posts published for a user (代用户发布) take up to 30 images of at most 20 MB each; a secondary source, not the platform\'s docs.',
  },
  gaps: [
    'Description (body) length: no official or community source found.',
    'Hashtag (#话题) count and per-tag length: no source found.',
  ],
};

export const XIAOHONGSHU_LIMITS: PlatformLimits = {
  name: text('Xiaohongshu', '小红书'),
  title: [{
    max: 20, unit: 'characters', source: XHS_MCP, confidence: 'community',
    note: 'Also https://github.com/ShunL12324/xhs-mcp/blob/HEAD/docs/en/api/xhs_publish_content.md. xiaohongshu-mcp code measures display width ≤ 40 (CJK 2, Latin 1), which would allow 40 Latin letters; we count code points, the stricter reading.',
  }],
  body: [{
    max: 1000, unit: 'characters', source: XHS_MCP, confidence: 'community',
    note: 'README: 正文不能超过 1000 个字. No official publishing API was found.',
  }],
  imageOrVideoRequired: {
    source: XHS_X_MCP, confidence: 'community',
    note: 'Image notes need at least one image (IMAGES_EMPTY); xiaohongshu-mcp requires images too. The in-app 写文字 mode renders text to an image card, which the connector does not use.',
  },
  maxImages: {
    max: 9, source: XHS_X_MCP, confidence: 'community',
    note: 'Other community specs say 18 (community tool specs; https://github.com/NancyLuckyTo/TodayRedNoteNext/blob/HEAD/next-app/src/constants/post.ts, a clone app). The sources disagree, so the stricter 9 applies.',
  },
  gaps: [
    'Tag count: x-mcp recommends 3 to 5 tags but states no maximum.',
    'Per-tag length: no source found.',
  ],
};

export const BILIBILI_LIMITS: PlatformLimits = {
  name: text('Bilibili', '哔哩哔哩'),
  title: [{
    max: 80, unit: 'characters', source: BILIBILI_API_COLLECT, confidence: 'community',
    note: 'Web submission API notes (x/vu/web/add/v3): title 最多 80 字; also https://github.com/Tina0529/skill-lab/blob/HEAD/bilibili-uploader/SKILL.md.',
  }],
  body: [{
    max: 2000, unit: 'characters', source: BILIBILI_API_COLLECT, confidence: 'community',
    note: 'desc 最多 2000 字. One uploader tool says some categories allow only 250, without a citable source; not applied.',
  }],
  tagCount: {
    max: 10, source: BILIBILI_API_COLLECT, confidence: 'community',
    note: 'tag: comma-separated, 最多 10 个.',
  },
  videoRequired: {
    source: BILIBILI_OPEN_ADD, confidence: 'official',
    note: 'Mirror of the Bilibili open platform docs: a submission is made from an uploaded video.',
  },
  gaps: [
    'Per-tag length: no source found.',
    'Cover: the open platform asks for the cover upload before submitting, but community tools say the site picks a frame when none is given; not enforced.',
  ],
};

export const WEIBO_LIMITS: PlatformLimits = {
  name: text('Weibo', '微博'),
  body: [{
    max: 140, unit: 'characters', source: WEIBO_SHARE, confidence: 'official',
    note: 'statuses/share: status 不超过140个汉字. Weibo counts two half-width characters as one; we count every code point, the stricter reading. The commercial upload_url_text/biz interface allows long text (https://open.weibo.com/wiki/index.php?title=C/2/statuses/upload_url_text/biz&oldid=15836). The status must also carry a URL under the app\'s bound domain, which the connector adds.',
  }],
  tagCount: {
    max: 0, source: WEIBO_SHARE, confidence: 'official',
    note: 'statuses/share: the status may not contain #话题#.',
  },
  maxImages: {
    max: 1, source: WEIBO_SHARE, confidence: 'official',
    note: 'statuses/share takes a single `pic`; the commercial biz interface takes several pic ids.',
  },
  gaps: [],
};

export const ZHIHU_LIMITS: PlatformLimits = {
  name: text('Zhihu', '知乎'),
  gaps: [
    'Title, body and topic limits: Zhihu has no public publishing API; community tools post through the web editor and state no limits.',
  ],
};
