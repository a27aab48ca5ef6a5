/**
 * What a connector reports after trying to publish one post (or send one notification).
 * `unconfirmed` is its own outcome, not a kind of failure: the platform may have accepted the
 * post, so the caller must not retry it blindly but alert and read back where the platform
 * allows (docs/decisions.md, decision 5).
 */
export type PublishResult =
  | {
      readonly status: 'published';
      /** The platform's id for the new post, when its answer carried one. */
      readonly platformId?: string;
      /** HTTP requests made, the successful one included. */
      readonly attempts: number;
    }
  | {
      readonly status: 'failed';
      /** Why, in words fit for an alert: the status and an excerpt of the platform's answer. */
      readonly reason: string;
      readonly attempts: number;
      /**
       * True when every attempt was turned away for a passing reason (429, 5xx, busy errcode,
       * no connection) and the retry budget ran out: nothing was accepted, so a later redrive
       * from the dead-letter queue is safe. Absent for permanent errors.
       */
      readonly retryable?: boolean;
    }
  | {
      readonly status: 'unconfirmed';
      /** What made the outcome unknown, such as a timeout after the request left. */
      readonly reason: string;
      readonly attempts: number;
      /**
       * Set when the platform accepted the request and finishes it asynchronously (WeChat's
       * freepublish): not an unknown outcome but a pending one. The caller calls the
       * connector's `readBack(platformId)` after `afterMs` (and again while it stays
       * `unconfirmed`), and alerts only if it never resolves. Without it, `unconfirmed` means
       * the outcome is unknown: alert at once.
       */
      readonly readBack?: { readonly platformId: string; readonly afterMs: number };
    };

/**
 * Nothing was sent: the channel has no API connector (or no credentials) where this runs, and a
 * person publishes the post by hand. The cloud's publish function then sends the ready post to
 * its owner (functions/lambda/alerts.ts). A final outcome, never retried. Only a publish
 * connector answers this (hand-off.ts); notifications are never handed off.
 */
export interface HandedOffResult {
  readonly status: 'handed-off';
  /** Why it is handed off, in English and Chinese. */
  readonly reason: string;
  readonly attempts: 0;
}
