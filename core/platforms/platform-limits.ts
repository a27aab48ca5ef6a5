import {
  BILIBILI_LIMITS, DOUYIN_LIMITS, WECHAT_OA_LIMITS, WEIBO_LIMITS, XIAOHONGSHU_LIMITS, ZHIHU_LIMITS,
} from './limits-china';
import {
  BLUESKY_LIMITS, LINKEDIN_LIMITS, MASTODON_LIMITS, OUTBOX_LIMITS, WEBHOOK_LIMITS, WECOM_GROUP_LIMITS, X_LIMITS,
} from './limits-global';
import type { PlatformId, PlatformLimits } from './types';

/**
 * The content limits of every platform, each number with its source and confidence.
 * LIMITS.md is the human-readable copy; limits-doc.test.ts keeps the two in step.
 */
export const PLATFORM_LIMITS: Readonly<Record<PlatformId, PlatformLimits>> = {
  'wechat-oa': WECHAT_OA_LIMITS,
  douyin: DOUYIN_LIMITS,
  xiaohongshu: XIAOHONGSHU_LIMITS,
  bilibili: BILIBILI_LIMITS,
  weibo: WEIBO_LIMITS,
  zhihu: ZHIHU_LIMITS,
  x: X_LIMITS,
  mastodon: MASTODON_LIMITS,
  bluesky: BLUESKY_LIMITS,
  linkedin: LINKEDIN_LIMITS,
  'wecom-group': WECOM_GROUP_LIMITS,
  webhook: WEBHOOK_LIMITS,
  outbox: OUTBOX_LIMITS,
};
