/**
 * What a connector reports after trying to publish one post. `unconfirmed` is its own outcome,
 * not a kind of failure: the platform may have accepted the post, so the caller must not retry
 * it blindly but alert and read back where the platform allows (DESIGN.md decision 5).
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
    }
  | {
      readonly status: 'unconfirmed';
      /** What made the outcome unknown, such as a timeout after the request left. */
      readonly reason: string;
      readonly attempts: number;
    };
