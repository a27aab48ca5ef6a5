import { deliver, DEFAULT_RETRY_POLICY, type AttemptOutcome } from '../connectors/delivery';
import { rebase } from '../connectors/http';
import type { ConnectorRuntime } from '../connectors/runtime';
import { WECHAT_API_ORIGIN, WeChatTokenCache, callWeChat, errcodeOf, type CachedToken } from '../connectors/wechat-api';
import type { WeChatCredentials } from '../connectors/wechat-oa';
import type { MetricPoint } from '../store/index';
import type { CredentialProblem, JoinCounts, PublishedPost, PullConnector, PullOutcome, PullRequest } from './pull-connector';

/*
 * WeChat Official Account data APIs (数据统计), read with the publisher's access token (stable_token,
 * the same cache: functions/connectors/wechat-api.ts). Contract (platforms-peers-compliance.md §5 and
 * the pages it cites; test/support/platform-servers/wechat-datacube.ts keeps the local copy):
 * - POST /datacube/getusersummary and /datacube/getusercumulate, { begin_date, end_date }, at most
 *   7 days a call: new_user and cancel_user per day and source; cumulate_user per day.
 * - POST /datacube/getarticlesummary and /datacube/getarticletotal, 1 day a call, end_date at most
 *   yesterday: the articles read that day with that day's reads, shares and favourites; the
 *   articles sent that day (ref_date = the day they went out), with their titles and msgid
 *   "<msg_data_id>_<index>". Only articles sent by 群发 are listed ("including group posts only").
 * - Yesterday's numbers are final after 08:00 Beijing time. A pull reads up to yesterday whenever it
 *   runs, and the next pull reads the last stored day again (pull-source.ts), so numbers read before
 *   08:00 are corrected by the next one (the default schedule, 08:30, reads them once final).
 *   Data starts on 2014-12-01.
 * Days are Beijing days (UTC+8, no daylight saving); a day's points are stamped at its 00:00 +08:00,
 * like the sample CSV. Metrics: `followers` (cumulate_user), `follower_gain` (new − cancelled, all
 * sources), and per article and day `views` (int_page_read_count), `shares` (share_count), `saves`
 * (add_to_fav_count). An article is joined to a Flywheel post by the msg_data_id recorded at publish
 * when there is one, else by title and the day it went out (from getarticletotal); the pull says how
 * many went each way. Articles that are not Flywheel's are summed per day at channel level.
 */

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const FIRST_DAY_MS = Date.parse('2014-12-01T00:00:00Z');
const USER_SPAN_DAYS = 7;
/** No per-minute limit is documented for the data APIs (45011 says "too frequent"): Flywheel paces them 5 a second. */
export const WECHAT_DATA_PER_MINUTE = 300;

/** Errcodes that mean the credentials, or where the call comes from, must be fixed by a person. */
const CREDENTIAL_FIXES: Readonly<Record<number, (channel: string, secret: string) => string>> = {
  40001: (channel, secret) => `renew the AppSecret of channel ${channel}: WeChat keeps refusing its access token; reset the AppSecret in the 公众平台 (开发 > 基本配置) and update ${secret} (重置 AppSecret 并更新凭据)`,
  40013: (channel, secret) => `fix the appId of channel ${channel} in ${secret}: WeChat does not know it (AppID 无效)`,
  40125: (channel, secret) => `renew the AppSecret of channel ${channel}: reset it in the 公众平台 (开发 > 基本配置) and update ${secret} (AppSecret 无效，请重置并更新凭据)`,
  40164: (channel) => `allow-list the IP these calls come from for channel ${channel} in the 公众平台 (开发 > 基本配置 > IP 白名单), or set the channel's instance to an egress proxy with a fixed, allow-listed IP (IP 不在白名单)`,
};

/** What to renew when a WeChat answer (a pull's or a publish's reason) refused the credentials, else undefined. */
export function wechatCredentialFix(reason: string, channel: string, secretRef: string): string | undefined {
  const errcode = errcodeOf(reason);
  return errcode === undefined ? undefined : CREDENTIAL_FIXES[errcode]?.(channel, secretRef);
}

/** A Beijing day as days since the epoch. */
function beijingDayNumber(instant: number): number {
  return Math.floor((instant + BEIJING_OFFSET_MS) / DAY_MS);
}

function formatDay(dayNumber: number): string {
  return new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
}

/** 00:00 of a Beijing day, epoch ms. */
function dayStart(dayNumber: number): number {
  return dayNumber * DAY_MS - BEIJING_OFFSET_MS;
}

/** The last Beijing day WeChat answers for at `now`: yesterday ("end_date: maximum value is yesterday"). */
export function lastAnsweredDay(now: number): number {
  return beijingDayNumber(now) - 1;
}

type ListItem = Record<string, unknown>;
const numberOf = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

export interface WeChatPullOptions {
  readonly channel: string;
  /** The credentials reference, named in what to renew. */
  readonly secretRef: string;
  readonly credentials: WeChatCredentials;
  readonly runtime: ConnectorRuntime;
  /** Tokens by app id, shared with the publisher in one process (deps.tokens). */
  readonly tokens?: Map<string, CachedToken>;
}

/** Reads an Official Account's follower and article numbers, day by day, within the documented spans. */
export class WeChatPullConnector implements PullConnector {
  readonly kind = 'wechat-oa';
  private readonly origin: string;
  private readonly tokens: WeChatTokenCache;
  private calls = 0;

  constructor(private readonly options: WeChatPullOptions) {
    this.origin = rebase(WECHAT_API_ORIGIN, options.runtime.baseUrl);
    this.tokens = new WeChatTokenCache(options.runtime, this.origin, options.credentials.appId, options.credentials.appSecret, options.tokens ?? new Map());
  }

  async pull(request: PullRequest): Promise<PullOutcome> {
    this.calls = 0;
    // The token first, even with no day left to read: a dead credential is found on every pull.
    const token = await this.tokens.get();
    if (!token.ok) return this.failure(`stable_token: ${token.outcome.kind === 'accepted' ? '' : token.outcome.reason}`, [], { byId: 0, byTitleAndDate: 0, unmatched: 0 });
    const first = beijingDayNumber(Math.max(request.from, FIRST_DAY_MS));
    const last = lastAnsweredDay(request.now);
    const points: MetricPoint[] = [];
    const joins = { byId: 0, byTitleAndDate: 0, unmatched: 0 };
    /** msgid → the day it went out, from getarticletotal. */
    const sentOn = new Map<string, number>();
    let articleFailure: string | undefined;
    // Oldest week first, its articles before its followers: a pull that stops part-way has stored
    // no followers for the week it did not finish, so the next pull starts there again.
    for (let weekStart = first; weekStart <= last; weekStart += USER_SPAN_DAYS) {
      const weekEnd = Math.min(weekStart + USER_SPAN_DAYS - 1, last);
      for (let day = weekStart; day <= weekEnd && articleFailure === undefined; day += 1) {
        const sent = await this.read('/datacube/getarticletotal', day, day);
        const read = 'failed' in sent ? sent : await this.read('/datacube/getarticlesummary', day, day);
        if ('failed' in read) {
          // A refused credential, a spent quota or a passing failure stops the pull; an article API
          // this account cannot use (no permission, say) stops only the article data.
          if (read.retryable || wechatCredentialFix(read.failed, this.options.channel, this.options.secretRef)) return this.failure(read.failed, points, joins);
          articleFailure = read.failed;
          break;
        }
        for (const item of 'list' in sent ? sent.list : []) if (typeof item.msgid === 'string') sentOn.set(item.msgid, day);
        points.push(...this.articlePoints(day, read.list, sentOn, request.published, joins));
      }
      const summary = await this.read('/datacube/getusersummary', weekStart, weekEnd);
      if ('failed' in summary) return this.failure(summary.failed, points, joins);
      const cumulate = await this.read('/datacube/getusercumulate', weekStart, weekEnd);
      if ('failed' in cumulate) return this.failure(cumulate.failed, points, joins);
      points.push(...this.followerPoints(weekStart, weekEnd, summary.list, cumulate.list));
    }
    if (articleFailure !== undefined) {
      return this.failure(`article data not read (the follower numbers were): ${articleFailure} (未能读取文章数据，粉丝数据已读取)`, points, joins);
    }
    return { status: 'ok', points, calls: this.calls, joins };
  }

  private followerPoints(weekStart: number, weekEnd: number, summary: readonly ListItem[], cumulate: readonly ListItem[]): MetricPoint[] {
    const points: MetricPoint[] = [];
    const channel = this.options.channel;
    for (let day = weekStart; day <= weekEnd; day += 1) {
      const date = formatDay(day);
      // A day WeChat has no total for yet has no numbers: nothing is written rather than a 0.
      const total = cumulate.find((item) => item.ref_date === date);
      if (!total || typeof total.cumulate_user !== 'number') continue;
      // One item per source of new followers: the day's gain is every item's new minus cancelled.
      const gain = summary.filter((item) => item.ref_date === date).reduce((sum, item) => sum + numberOf(item.new_user) - numberOf(item.cancel_user), 0);
      points.push({ time: dayStart(day), metric: 'follower_gain', value: gain, channel }, { time: dayStart(day), metric: 'followers', value: total.cumulate_user, channel });
    }
    return points;
  }

  /** One day's article numbers: per post where the article is Flywheel's, else summed at channel level. */
  private articlePoints(day: number, list: readonly ListItem[], sentOn: ReadonlyMap<string, number>, published: readonly PublishedPost[], joins: { byId: number; byTitleAndDate: number; unmatched: number }): MetricPoint[] {
    const totals = new Map<string, { post?: PublishedPost; views: number; shares: number; saves: number }>();
    for (const item of list) {
      const msgid = typeof item.msgid === 'string' ? item.msgid : '';
      const msgDataId = msgid.split('_')[0] ?? '';
      let post = published.find((candidate) => candidate.platformIds.includes(msgid) || (msgDataId !== '' && candidate.platformIds.includes(msgDataId)));
      if (post) {
        joins.byId += 1;
      } else {
        const sentDay = sentOn.get(msgid);
        post = sentDay === undefined ? undefined : published.find((candidate) => candidate.title === item.title && beijingDayNumber(candidate.at) === sentDay);
        if (post) joins.byTitleAndDate += 1;
        else joins.unmatched += 1;
      }
      const key = post ? `${post.campaign}\u0000${post.post}\u0000${post.variant ?? ''}` : '';
      const sum = totals.get(key) ?? { ...(post ? { post } : {}), views: 0, shares: 0, saves: 0 };
      sum.views += numberOf(item.int_page_read_count);
      sum.shares += numberOf(item.share_count);
      sum.saves += numberOf(item.add_to_fav_count);
      totals.set(key, sum);
    }
    const channel = this.options.channel;
    return [...totals.values()].flatMap(({ post, ...values }) => {
      const dimensions = post ? { channel, campaign: post.campaign, post: post.post, ...(post.variant ? { variant: post.variant } : {}) } : { channel };
      return (['views', 'shares', 'saves'] as const).map((metric) => ({ time: dayStart(day), metric, value: values[metric], ...dimensions }));
    });
  }

  /** One data API call for [begin, end] (Beijing days): its list, or why it failed. */
  private async read(path: string, begin: number, end: number): Promise<{ list: ListItem[] } | { failed: string; retryable: boolean }> {
    let list: ListItem[] = [];
    const payload = { begin_date: formatDay(begin), end_date: formatDay(end) };
    const result = await deliver(async () => {
      const token = await this.tokens.get();
      if (!token.ok) return token.outcome;
      this.calls += 1;
      const answer = await callWeChat(this.options.runtime, this.origin, path, payload, { token: token.token, safeToRepeat: true, onToken: () => this.tokens.invalidate() });
      if (!answer.ok) return answer.outcome;
      list = Array.isArray(answer.body.list) ? answer.body.list.filter((item): item is ListItem => typeof item === 'object' && item !== null) : [];
      return { kind: 'accepted' } satisfies AttemptOutcome;
    }, {
      policy: DEFAULT_RETRY_POLICY, limiter: this.options.runtime.limiter, limiterKey: this.options.runtime.limiterKey, label: `wechat-oa:${this.options.channel}`,
      now: this.options.runtime.now, sleep: this.options.runtime.sleep, random: this.options.runtime.random,
    });
    if (result.status === 'published') return { list };
    const reason = result.reason;
    return { failed: `${path.replace('/datacube/', '')} ${payload.begin_date}…${payload.end_date}: ${reason}`, retryable: result.status === 'failed' && result.retryable === true };
  }

  private failure(reason: string, points: readonly MetricPoint[], joins: JoinCounts): PullOutcome {
    const renew = wechatCredentialFix(reason, this.options.channel, this.options.secretRef);
    const credential: CredentialProblem | undefined = renew ? { renew } : undefined;
    return { status: 'failed', points, calls: this.calls, reason: credential ? `${reason}; ${credential.renew}` : reason, joins, ...(credential ? { credential } : {}) };
  }
}
