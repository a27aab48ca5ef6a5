import type { Answer, RecordedRequest } from './http-server';

/*
 * The reads a Mastodon pull makes, as the local instance answers them
 * (https://github.com/mastodon/documentation/blob/HEAD/content/en/methods/accounts.md#verify_credentials,
 * .../methods/statuses.md#get, .../entities/Account.md, .../entities/Status.md):
 * GET /api/v1/accounts/verify_credentials with the bearer token → the Account (id, username,
 * followers_count, …); GET /api/v1/statuses/:id → the Status with favourites_count, reblogs_count
 * and replies_count, 404 `{"error":"Record not found"}` for one that does not exist (or was deleted).
 */

/** The numbers the instance reports, changed by tests as people follow, favourite, boost and reply. */
export interface MastodonNumbers {
  followers: number;
  /** Counts per status id; a status the instance knows without an entry has zeros. */
  readonly statuses: Map<string, { favourites: number; reblogs: number; replies: number }>;
  /** Statuses deleted since they were posted. */
  readonly deleted: Set<string>;
}

/** Answers a pull's read (the token already checked by the caller), or undefined for another path. */
export function answerMastodonRead(request: RecordedRequest, numbers: MastodonNumbers, knownStatus: (id: string) => boolean, headers: Record<string, string>): Answer | undefined {
  if (request.method !== 'GET') return undefined;
  if (request.path === '/api/v1/accounts/verify_credentials') {
    return { status: 200, headers, body: { id: '109000000000000001', username: 'flywheel', acct: 'flywheel', followers_count: numbers.followers, following_count: 12, statuses_count: numbers.statuses.size } };
  }
  const match = /^\/api\/v1\/statuses\/(\d+)$/.exec(request.path);
  if (!match) return undefined;
  const id = match[1] as string;
  if (numbers.deleted.has(id) || (!knownStatus(id) && !numbers.statuses.has(id))) return { status: 404, headers, body: { error: 'Record not found' } };
  const counts = numbers.statuses.get(id) ?? { favourites: 0, reblogs: 0, replies: 0 };
  return { status: 200, headers, body: { id, visibility: 'public', favourites_count: counts.favourites, reblogs_count: counts.reblogs, replies_count: counts.replies } };
}
