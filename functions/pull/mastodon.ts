import { rebase } from '../connectors/http';
import type { ConnectorRuntime } from '../connectors/runtime';
import type { MetricPoint } from '../store/index';
import { getJson } from './get-json';
import type { PullConnector, PullOutcome, PullRequest } from './pull-connector';

/*
 * Mastodon numbers (https://github.com/mastodon/documentation/blob/HEAD/content/en/methods/accounts.md
 * and .../methods/statuses.md, .../entities/Account.md, .../entities/Status.md):
 * GET /api/v1/accounts/verify_credentials (bearer token, read:accounts) → the account with
 * followers_count; GET /api/v1/statuses/:id → favourites_count, reblogs_count, replies_count. Only
 * the statuses Flywheel posted are read, by the ids the instance returned at publish.
 * Mastodon gives running counts, not history: a pull stamps them at the start of the hour.
 * `followers` is a level (the count); `likes` (favourites), `shares` (boosts) and `comments`
 * (replies) are sums, so each pull writes what the count grew (or shrank) since the points already
 * stored for that status: the first pull of a status carries its whole count. A repeat within the
 * hour rewrites the same points.
 */

const HOUR_MS = 3_600_000;
const STATUS_METRICS = { likes: 'favourites_count', shares: 'reblogs_count', comments: 'replies_count' } as const;

/** What to renew when a Mastodon channel's token was refused. */
export function mastodonCredentialFix(channel: string, secretRef: string): string {
  return `renew the access token of channel ${channel}: create one with read:accounts and read:statuses (and write:statuses to publish) in the instance's Development settings and update ${secretRef} (访问令牌无效，请重新生成并更新凭据)`;
}

/** The instant a pull at `now` stamps its counts with: the start of the hour. */
export function snapshotTime(now: number): number {
  return Math.floor(now / HOUR_MS) * HOUR_MS;
}

export interface MastodonPullOptions {
  readonly channel: string;
  readonly instance: string;
  readonly accessToken: string;
  readonly secretRef: string;
  readonly runtime: ConnectorRuntime;
}

/** Reads an account's followers and the favourites, boosts and replies of the statuses Flywheel posted. */
export class MastodonPullConnector implements PullConnector {
  readonly kind = 'mastodon';
  private readonly origin: string;

  constructor(private readonly options: MastodonPullOptions) {
    this.origin = rebase(new URL(options.instance).origin, options.runtime.baseUrl).replace(/\/$/, '');
  }

  async pull(request: PullRequest): Promise<PullOutcome> {
    const { channel, runtime } = this.options;
    const time = snapshotTime(request.now);
    const headers = { Authorization: `Bearer ${this.options.accessToken}` };
    const label = `mastodon:${channel}`;
    let calls = 1;
    const account = await getJson(runtime, `${this.origin}/api/v1/accounts/verify_credentials`, label, headers);
    if (!account.ok) {
      if (account.status === 401 || account.status === 403) {
        const renew = mastodonCredentialFix(channel, this.options.secretRef);
        return { status: 'failed', points: [], calls, reason: `verify_credentials: ${account.reason}; ${renew}`, credential: { renew } };
      }
      return { status: 'failed', points: [], calls, reason: `verify_credentials: ${account.reason}` };
    }
    const followers = (account.body as { followers_count?: unknown }).followers_count;
    const points: MetricPoint[] = typeof followers === 'number' ? [{ time, metric: 'followers', value: followers, channel }] : [];
    let byId = 0;
    for (const post of request.published) {
      const statusId = post.platformIds[0];
      if (statusId === undefined) continue;
      calls += 1;
      const status = await getJson(runtime, `${this.origin}/api/v1/statuses/${encodeURIComponent(statusId)}`, label, headers);
      // A status deleted since has no numbers to read: its stored points stay as they were.
      if (!status.ok && status.status === 404) continue;
      if (!status.ok) return { status: 'failed', points, calls, reason: `status ${statusId} (${post.campaign}/${post.post}): ${status.reason}`, joins: { byId, byTitleAndDate: 0, unmatched: 0 } };
      byId += 1;
      const counts = status.body as Record<string, unknown>;
      for (const [metric, field] of Object.entries(STATUS_METRICS)) {
        const count = counts[field];
        if (typeof count !== 'number') continue;
        const stored = request.storedTotals?.get(`${metric} ${post.post}`) ?? 0;
        if (count === stored) continue;
        points.push({ time, metric, value: count - stored, channel, campaign: post.campaign, post: post.post, ...(post.variant ? { variant: post.variant } : {}) });
      }
    }
    return { status: 'ok', points, calls, joins: { byId, byTitleAndDate: 0, unmatched: 0 } };
  }
}
