import type { Channel } from '../../core/index';

/**
 * True when a person publishes this channel's posts: its platform has no API connector in
 * Flywheel, or the channel lacks what its connector needs (credentials, an instance). The same
 * decision as createPublishConnector's (a test holds the two together), apart from it so the
 * synth can tell which posts' images a hand-off attaches without loading every connector.
 */
export function isPublishedByHand(channel: Channel): boolean {
  switch (channel.platform) {
    case 'webhook':
      return channel.instance === undefined;
    case 'mastodon':
      return channel.credentials === undefined || channel.instance === undefined;
    case 'wechat-oa':
    case 'wecom-group':
      return channel.credentials === undefined;
    default:
      return true;
  }
}
