import type { PublishConnector } from './connector';
import type { HandedOffResult } from './publish-result';

/**
 * The cloud's connector for a channel Flywheel cannot publish to (no API connector for its
 * platform, as for Douyin, Xiaohongshu, Bilibili, Weibo and Zhihu, or no credentials): it sends
 * nothing and answers `handed-off`, and the publish function sends the ready post to the post's
 * owner to publish by hand. Locally the outbox folder plays this part (outbox.ts).
 */
export class HandOffPublishConnector implements PublishConnector {
  readonly kind = 'hand-off';

  constructor(readonly fallbackReason: string) {}

  async publish(): Promise<HandedOffResult> {
    return { status: 'handed-off', reason: this.fallbackReason, attempts: 0 };
  }
}
