import type { RateLimiter } from './rate-limiter';
import type { HandedOffResult, PublishResult } from './publish-result';

export type { HandedOffResult, PublishResult } from './publish-result';

/** Where uploaded files' platform ids are remembered; a Map<string, string> is one. */
export interface MediaIdCache {
  get(key: string): string | undefined | Promise<string | undefined>;
  set(key: string, mediaId: string): unknown;
}

/** What a connector publishes: one version of one post, rendered. */
export interface OutgoingPost {
  /** The idempotency key (the job id): the same post at the same minute on the same channel. */
  readonly key: string;
  readonly channel: string;
  readonly campaign: string;
  readonly post: string;
  readonly variant?: string;
  readonly share: number;
  readonly scheduledAt: number;
  /** When it is sent (epoch ms), when the sender knows better than the wall clock (a runner catching up). */
  readonly sentAt?: number;
  readonly title?: string;
  readonly body?: string;
  readonly tags?: readonly string[];
  readonly cover?: string;
  /** The cover's path in the workspace folder (`cover` is as the campaign wrote it, relative to itself). */
  readonly coverFile?: string;
  readonly media?: readonly string[];
  /** The media files' paths in the workspace folder, with their alt text, in order. */
  readonly mediaFiles?: readonly { readonly path: string; readonly alt?: string }[];
}

/** One notification (an alert, a reminder, an SOP message) for one notify target. */
export interface OutgoingMessage {
  /** Stable per message, so a re-delivery can be recognised (sent as Idempotency-Key where the target takes one). */
  readonly key: string;
  /** The notify target id from the workspace. */
  readonly target: string;
  /** When the message was raised, epoch ms. */
  readonly at: number;
  /** Plain text; connectors render markdown where the bot supports it. */
  readonly text: string;
  readonly title?: string;
  /**
   * Files to attach where the bot can take them (WeCom: JPG/PNG up to 2 MB, as image messages
   * after the text); elsewhere the text names them. Used by hand-offs: the post's images.
   */
  readonly attachments?: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

/** Publishes posts to one channel. Never throws for what the platform or the network does: the result says. */
export interface PublishConnector {
  /** The connector's name: `outbox`, `webhook`, `wecom-bot`, `mastodon`, `wechat-oa`, ... */
  readonly kind: string;
  /** Set when the factory fell back to the outbox or a hand-off: why (no connector for the platform, no credentials), in English and Chinese. */
  readonly fallbackReason?: string;
  publish(post: OutgoingPost): Promise<PublishResult | HandedOffResult>;
  /**
   * Reads back a publish that ended `unconfirmed` with a `readBack` (an asynchronous platform
   * result such as WeChat's freepublish): `published`, `failed`, or still `unconfirmed`.
   * Present only on connectors whose platform allows a read-back.
   */
  readBack?(platformId: string): Promise<PublishResult>;
}

/** Sends notifications to one notify target. Never throws for what the platform or the network does. */
export interface NotifyConnector {
  /** `outbox`, `webhook`, `wecom-bot`, `feishu-bot`, `dingtalk-bot`, `slack`. */
  readonly kind: string;
  /** Set when the factory fell back to the outbox: why. */
  readonly fallbackReason?: string;
  notify(message: OutgoingMessage): Promise<PublishResult>;
}

/** What the factories need from their caller. */
export interface ConnectorDeps {
  /** Resolves a `secret:NAME` / `env:VAR` reference; rejects (or resolves empty) when it is not set. */
  resolveSecret(ref: string): Promise<string>;
  /** Where posts of channels without an API connector (and notify targets without one) are written. */
  readonly outboxFolder?: string;
  /**
   * What becomes of a post on a channel without an API connector or credentials: written to
   * `outboxFolder` (a local run), or handed off to its owner (the cloud, which has no outbox
   * folder: the publish result is `handed-off`). @default 'outbox'
   */
  readonly manualPublishing?: 'outbox' | 'hand-off';
  /**
   * Reads a media file (a post's cover) by its path in the workspace folder: the playbooks folder
   * locally, the files shipped beside the publish function in the cloud. Undefined when it is not
   * there; connectors then use the channel's default (WeChat's `thumbMediaId`).
   */
  readonly readMedia?: (path: string) => Uint8Array | undefined;
  /**
   * Platform media ids of files already uploaded, keyed by connector, account and the file's
   * SHA-256, so a cover is uploaded once: a Map for the life of the process, or one backed by the
   * table in the cloud (`mediaIdsInStore`). @default a map per connector
   */
  readonly mediaIds?: MediaIdCache;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  /** The clock, epoch ms. @default Date.now */
  readonly now?: () => number;
  /** Waits between attempts and for rate limits. @default a setTimeout promise */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /**
   * Replaces a platform's documented origin (`https://qyapi.weixin.qq.com`, ...) with another,
   * keyed by connector kind: tests point a platform at a local server. Path and query are kept.
   */
  readonly baseUrls?: Partial<Record<string, string>>;
  /**
   * Rate limiters shared between connectors made by separate factory calls, keyed by
   * `<kind>:<channel or target id>`: pass the same map on every call so two connectors for one
   * bot share its budget. @default a limiter per connector
   */
  readonly rateLimiters?: Map<string, RateLimiter>;
  /**
   * Access tokens (WeChat) by app id, shared between connectors: keep one map per process so a
   * warm Lambda reuses its token instead of fetching one per post. @default a map per connector
   */
  readonly tokens?: Map<string, { readonly value: string; readonly expiresAt: number; readonly issuedAt?: number }>;
  /** Draws the backoff jitter, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** How long one request may take, answer included. @default 10000 */
  readonly timeoutMs?: number;
}
