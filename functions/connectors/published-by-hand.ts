import { text, type Channel, type LocalizedText } from '../../core/index';
import { PLATFORM_LIMITS } from '../../core/platforms/index';

/**
 * True when a person publishes this channel's posts: its platform has no API connector in
 * Flywheel, or the channel lacks what its connector needs (credentials, an instance). The same
 * decision as createPublishConnector's (a test holds the two together), apart from it so the
 * synth can tell which posts' images a hand-off attaches without loading every connector.
 */
export function isPublishedByHand(channel: Channel): boolean {
  return describeManualPublishing(channel) !== undefined;
}

/**
 * Why a person publishes this channel's posts, for the hand-off message (what to fix to let
 * Flywheel publish them); undefined when Flywheel publishes them itself.
 */
export function describeManualPublishing(channel: Channel): LocalizedText | undefined {
  const platform = PLATFORM_LIMITS[channel.platform]?.name ?? text(channel.platform, channel.platform);
  const missing = (field: string, en: string, zh: string) => text(
    `channel ${channel.id} has no ${field} (${en})`,
    `渠道 ${channel.id} 没有配置 ${field}（${zh}）`,
  );
  switch (channel.platform) {
    case 'webhook':
      return channel.instance === undefined ? missing('instance', 'the address to post to', '发布地址') : undefined;
    case 'mastodon':
      if (channel.credentials === undefined) return missing('credentials', 'an access token', '访问令牌');
      return channel.instance === undefined ? missing('instance', 'the server address, e.g. https://mastodon.social', '实例地址，例如 https://mastodon.social') : undefined;
    case 'wechat-oa':
    case 'wecom-group':
      return channel.credentials === undefined ? missing('credentials', 'the app secret or bot address', '应用密钥或机器人地址') : undefined;
    case 'outbox':
      return text(`channel ${channel.id} is an outbox channel`, `渠道 ${channel.id} 是发件箱渠道`);
    default:
      return text(`Flywheel cannot publish to ${platform.en} through an API`, `${platform.zh}没有可用的发布接口，需要手动发布`);
  }
}
