import type { MetricPoint } from '../store/index';

/** A post Flywheel published on the source's channel, for joining the platform's items to it. */
export interface PublishedPost {
  readonly campaign: string;
  readonly post: string;
  readonly variant?: string;
  /** When it was due (epoch ms). */
  readonly at: number;
  /** The title it went out with, for platforms that give no id to join on. */
  readonly title?: string;
  /**
   * The ids the platform returned when it was published (a Mastodon status id; WeChat's
   * msg_data_id or article id), as recorded with its publish claim.
   */
  readonly platformIds: readonly string[];
}

/** What one pull covers. */
export interface PullRequest {
  /** Pull data from this instant on (the start of the backfill), epoch ms. */
  readonly from: number;
  /** The clock, epoch ms. */
  readonly now: number;
  readonly published: readonly PublishedPost[];
  /**
   * Points already stored for this channel and the metrics a snapshot platform writes, so a
   * running count can be turned into the increment since the last pull (Mastodon). Keyed by
   * `metric post`; the value sums the stored points.
   */
  readonly storedTotals?: ReadonlyMap<string, number>;
}

/** How the platform's items were joined to Flywheel's posts. */
export interface JoinCounts {
  /** By an id recorded at publish. */
  readonly byId: number;
  /** By title and publish date (the platform returned no id to record). */
  readonly byTitleAndDate: number;
  /** Items of the channel that are not one of Flywheel's posts: counted at channel level. */
  readonly unmatched: number;
}

/** What went wrong with a credential, for the `credential.failed` event. */
export interface CredentialProblem {
  /** What a person must renew or fix, in English and Chinese. */
  readonly renew: string;
}

/** The outcome of one pull: the points it read, even when it stopped part-way. */
export type PullOutcome =
  | {
      readonly status: 'ok';
      readonly points: readonly MetricPoint[];
      readonly calls: number;
      readonly joins?: JoinCounts;
      /** Something a person should know though nothing failed (points refused for their metric), in English and Chinese. */
      readonly note?: string;
    }
  | {
      readonly status: 'failed';
      /** Points read before the failure; storing them is safe (a point is idempotent). */
      readonly points: readonly MetricPoint[];
      readonly calls: number;
      /** Why, with what to do, in words fit for a person. */
      readonly reason: string;
      /** Set when the platform refused the credentials (or the caller's IP): a `credential.failed`. */
      readonly credential?: CredentialProblem;
      readonly joins?: JoinCounts;
    };

/** Reads metric points from one source. Never throws for what the platform or the network does: the outcome says. */
export interface PullConnector {
  /** `wechat-oa`, `mastodon`, `http-json` */
  readonly kind: string;
  pull(request: PullRequest): Promise<PullOutcome>;
}
