import { text } from '../diagnostics';
import type { PlatformLimits } from './types';

const X_COUNTING = 'https://developer.x.com/en/docs/counting-characters';
const SHOUTRRR = 'https://github.com/coollabsio/shoutrrr/blob/HEAD/README.md';
const MASTODON_INSTANCE = 'https://github.com/mastodon/documentation/blob/HEAD/content/en/entities/Instance.md';
const BLUESKY_POST = 'https://github.com/bluesky-social/atproto/blob/HEAD/lexicons/app/bsky/feed/post.json';
const BLUESKY_IMAGES = 'https://github.com/bluesky-social/atproto/blob/HEAD/lexicons/app/bsky/embed/images.json';
const AYRSHARE_LINKEDIN = 'https://www.ayrshare.com/docs/apis/post/social-networks/linkedin.md';

export const X_LIMITS: PlatformLimits = {
  name: text('X', 'X'),
  body: [{
    max: 280, unit: 'x-weighted', source: X_COUNTING, confidence: 'official',
    note: 'Weights from https://github.com/twitter/twitter-text/blob/master/config/v3.json. Premium accounts may post up to 25,000 (https://github.com/coollabsio/shoutrrr/blob/HEAD/README.md); 280 is the stricter and holds for every account.',
  }],
  maxImages: {
    max: 4, source: SHOUTRRR, confidence: 'community',
    note: 'Also https://community.n8n.io/t/how-to-post-tweets-with-multiple-media-files-using-x-formerly-twitter/95415.',
  },
  gaps: ['Tag count: no source found.'],
};

export const MASTODON_LIMITS: PlatformLimits = {
  name: text('Mastodon', 'Mastodon'),
  body: [{
    max: 500, unit: 'characters', source: MASTODON_INSTANCE, confidence: 'official',
    note: 'Per instance (configuration.statuses.max_characters); 500 is the documented example and the default. Mastodon counts each URL as 23; we count URLs in full, the stricter reading.',
  }],
  maxImages: {
    max: 4, source: MASTODON_INSTANCE, confidence: 'official',
    note: 'Per instance (configuration.statuses.max_media_attachments); 4 is the documented example and the default.',
  },
  gaps: [],
};

export const BLUESKY_LIMITS: PlatformLimits = {
  name: text('Bluesky', 'Bluesky'),
  body: [
    { max: 300, unit: 'graphemes', source: BLUESKY_POST, confidence: 'official', note: 'app.bsky.feed.post text: maxGraphemes.' },
    { max: 3000, unit: 'utf8-bytes', source: BLUESKY_POST, confidence: 'official', note: 'app.bsky.feed.post text: maxLength (bytes).' },
  ],
  tagCount: {
    max: 8, source: BLUESKY_POST, confidence: 'official',
    note: 'The record\'s `tags` (non-inline tags): maxLength.',
  },
  tagLength: [
    { max: 64, unit: 'graphemes', source: BLUESKY_POST, confidence: 'official', note: 'Each tag: maxGraphemes.' },
    { max: 640, unit: 'utf8-bytes', source: BLUESKY_POST, confidence: 'official', note: 'Each tag: maxLength (bytes).' },
  ],
  maxImages: {
    max: 4, source: BLUESKY_IMAGES, confidence: 'official',
    note: 'app.bsky.embed.images: images maxLength.',
  },
  altTextRequired: {
    source: BLUESKY_IMAGES, confidence: 'official',
    note: '`alt` is a required property of every image.',
  },
  gaps: [],
};

export const LINKEDIN_LIMITS: PlatformLimits = {
  name: text('LinkedIn', '领英'),
  body: [{
    max: 3000, unit: 'characters', source: AYRSHARE_LINKEDIN, confidence: 'community',
    note: 'Vendor docs; also https://docs.upload-post.com/resources/character-limits/. The Posts API schema (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/post-api-schema) was not found to state a length.',
  }],
  gaps: ['Image count and tag count: no source found.'],
};

export const WECOM_GROUP_LIMITS: PlatformLimits = {
  name: text('WeCom group', '企业微信群'),
  gaps: [
    'No post limits are held here by design. Community sources give group-bot message limits (text 2048 bytes, markdown 4096 bytes: https://hexdocs.pm/wechat_sdk/WeChat.Work.ChatRobot.html) for the code that sends to the bot.',
  ],
};

export const WEBHOOK_LIMITS: PlatformLimits = {
  name: text('Webhook', 'Webhook'),
  gaps: [],
};

export const OUTBOX_LIMITS: PlatformLimits = {
  name: text('Outbox', '发件箱'),
  gaps: [],
};
