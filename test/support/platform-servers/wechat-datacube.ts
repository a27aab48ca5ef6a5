import type { Answer } from './http-server';

/*
 * WeChat's data APIs (数据统计, /datacube/*) as the local WeChat server answers them, following the
 * documented contract:
 * - POST /datacube/getusersummary and /datacube/getusercumulate, body { begin_date, end_date }
 *   (yyyy-MM-dd), "maximum span of 7 days"
 *   (https://developers.weixin.qq.com/doc/service/en/api/wedata/user/api_getusercumulate,
 *   https://developers.weixin.qq.com/doc/service/en/Analytics/User_Analysis_Data_Interface.html):
 *   getusersummary answers { list: [{ ref_date, user_source, new_user, cancel_user }] }, one item
 *   per day and source of new followers; getusercumulate { list: [{ ref_date, cumulate_user }] }.
 * - POST /datacube/getarticlesummary and /datacube/getarticletotal, maximum span 1 day, end_date
 *   at most yesterday (https://developers.weixin.qq.com/doc/service/en/api/wedata/news/api_getarticlesummary,
 *   .../api_getarticletotal, and the offiaccount Graphic_Analysis_Data_Interface page: "query the
 *   previous-day data … after 08:00", data only from 2014-12-01). getarticlesummary lists the
 *   articles read on that day with that day's numbers (msgid = "<msg_data_id>_<index>", title,
 *   int_page_read_user/_count, ori_page_read_user/_count, share_user/_count, add_to_fav_user/_count);
 *   getarticletotal lists the articles sent on that day (ref_date = the day they went out) with
 *   their running totals per stat_date in `details`.
 * Dates are Beijing days (UTC+8, no daylight saving). A malformed date is errcode 61500 (日期格式错误,
 * as in the 公众平台全局返回码 table quoted by WxJava's WxMpErrorMsgEnum); a span over the limit,
 * an end before the start, or an end after yesterday is 61501 "date range error" [UNCONFIRMED: the
 * code is the one Flywheel's brief names; no stored source shows it]. WeChat refuses such a call,
 * so this server does too.
 */

/** One Beijing day of an account's follower numbers. */
export interface FollowerDay {
  /** New followers by source (user_source → count). */
  readonly newUsers: Readonly<Record<number, number>>;
  readonly cancelUsers: number;
  /** Followers at the end of the day. */
  readonly cumulateUsers: number;
}

/** One day's reading numbers of one article (getarticlesummary's fields). */
export interface ArticleDay {
  readonly int_page_read_user: number;
  readonly int_page_read_count: number;
  readonly ori_page_read_user: number;
  readonly ori_page_read_count: number;
  readonly share_user: number;
  readonly share_count: number;
  readonly add_to_fav_user: number;
  readonly add_to_fav_count: number;
}

/** An article sent by the account. */
export interface DatacubeArticle {
  /** "<msg_data_id>_<index>" */
  readonly msgid: string;
  readonly title: string;
  /** The Beijing day it went out, yyyy-MM-dd. */
  readonly sentOn: string;
  /** Its numbers per Beijing day on which it was read. */
  readonly days: Readonly<Record<string, ArticleDay>>;
}

/** What the account's data APIs answer from. */
export interface DatacubeData {
  readonly followers: Map<string, FollowerDay>;
  readonly articles: DatacubeArticle[];
  /** Data API calls left today; at 0 every call is errcode 45009 (接口调用超过限制). @default no limit */
  callsLeft?: number;
}

/** The documented maximum span of each data API, in days. */
export const DATACUBE_SPANS: Readonly<Record<string, number>> = {
  '/datacube/getusersummary': 7,
  '/datacube/getusercumulate': 7,
  '/datacube/getarticlesummary': 1,
  '/datacube/getarticletotal': 1,
};

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;
const FIRST_DAY = '2014-12-01';

/** The Beijing day of an instant, yyyy-MM-dd. */
export function beijingDay(instant: number): string {
  return new Date(instant + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

function dayNumber(day: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const epoch = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(epoch) || new Date(epoch).toISOString().slice(0, 10) !== day ? undefined : epoch / DAY_MS;
}

function dayOf(number: number): string {
  return new Date(number * DAY_MS).toISOString().slice(0, 10);
}

const error = (errcode: number, errmsg: string): Answer => ({ status: 200, body: { errcode, errmsg: `${errmsg} rid: test-${errcode}` } });

/** Answers one /datacube/* call (the token already checked), or undefined for a path it does not know. */
export function answerDatacube(path: string, body: Record<string, unknown>, data: DatacubeData, now: number): Answer | undefined {
  const span = DATACUBE_SPANS[path];
  if (span === undefined) return undefined;
  if (data.callsLeft !== undefined) {
    if (data.callsLeft <= 0) return error(45009, 'reach max api daily quota limit');
    data.callsLeft -= 1;
  }
  const begin = typeof body.begin_date === 'string' ? dayNumber(body.begin_date) : undefined;
  const end = typeof body.end_date === 'string' ? dayNumber(body.end_date) : undefined;
  if (begin === undefined || end === undefined) return error(61500, 'date format error');
  const yesterday = (dayNumber(beijingDay(now)) as number) - 1;
  if (end < begin || end - begin + 1 > span || end > yesterday || begin < (dayNumber(FIRST_DAY) as number)) return error(61501, 'date range error');
  const days = Array.from({ length: end - begin + 1 }, (_, index) => dayOf(begin + index));
  switch (path) {
    case '/datacube/getusersummary':
      return {
        status: 200,
        body: {
          list: days.flatMap((day) => {
            const numbers = data.followers.get(day);
            if (!numbers) return [];
            const sources = Object.entries(numbers.newUsers);
            // One item per source of new followers; this server puts the day's cancellations on source 0's item, so a reader must sum every item of a day.
            return (sources.length > 0 ? sources : [['0', 0] as const]).map(([source, count]) => ({
              ref_date: day, user_source: Number(source), new_user: count, cancel_user: Number(source) === 0 ? numbers.cancelUsers : 0,
            }));
          }),
        },
      };
    case '/datacube/getusercumulate':
      return { status: 200, body: { list: days.flatMap((day) => (data.followers.has(day) ? [{ ref_date: day, cumulate_user: data.followers.get(day)?.cumulateUsers }] : [])) } };
    case '/datacube/getarticlesummary':
      return {
        status: 200,
        body: { list: days.flatMap((day) => data.articles.flatMap((article) => (article.days[day] ? [{ ref_date: day, msgid: article.msgid, title: article.title, ...article.days[day] }] : []))) },
      };
    default:
      return {
        status: 200,
        body: {
          list: days.flatMap((day) => data.articles.filter((article) => article.sentOn === day).map((article) => {
            const running = { int_page_read_user: 0, int_page_read_count: 0, ori_page_read_user: 0, ori_page_read_count: 0, share_user: 0, share_count: 0, add_to_fav_user: 0, add_to_fav_count: 0 };
            const details = Object.keys(article.days).sort().filter((statDate) => statDate <= dayOf(yesterday)).map((statDate) => {
              for (const key of Object.keys(running) as (keyof ArticleDay)[]) running[key] += article.days[statDate]?.[key] ?? 0;
              return { stat_date: statDate, target_user: 0, ...running };
            });
            return { ref_date: day, msgid: article.msgid, title: article.title, details };
          })),
        },
      };
  }
}

/**
 * A year (or any span) of plausible numbers for one account: followers growing with daily gains
 * and losses, an article sent every `articleEvery` days and read for a week after. Deterministic.
 */
export function generateDatacubeData(options: { from: string; to: string; startFollowers?: number; articleEvery?: number; msgDataIdBase?: number }): DatacubeData {
  const followers = new Map<string, FollowerDay>();
  const articles: DatacubeArticle[] = [];
  const first = dayNumber(options.from) as number;
  const last = dayNumber(options.to) as number;
  let total = options.startFollowers ?? 1000;
  for (let number = first; number <= last; number += 1) {
    const index = number - first;
    const gained = { 0: 3 + (index * 7) % 11, 30: (index * 5) % 4 };
    const lost = (index * 3) % 5;
    total += gained[0] + gained[30] - lost;
    followers.set(dayOf(number), { newUsers: gained, cancelUsers: lost, cumulateUsers: total });
    if (index % (options.articleEvery ?? 3) === 0) {
      const days: Record<string, ArticleDay> = {};
      for (let after = 0; after < 7 && number + after <= last; after += 1) {
        const reads = Math.max(1, 400 - after * 55 + (index % 17));
        days[dayOf(number + after)] = {
          int_page_read_user: Math.round(reads * 0.8), int_page_read_count: reads, ori_page_read_user: Math.round(reads / 20), ori_page_read_count: Math.round(reads / 18),
          share_user: Math.round(reads / 25), share_count: Math.round(reads / 22), add_to_fav_user: Math.round(reads / 40), add_to_fav_count: Math.round(reads / 38),
        };
      }
      articles.push({ msgid: `${(options.msgDataIdBase ?? 2_247_490_000) + index}_1`, title: `第 ${index + 1} 期：咖啡研究所`, sentOn: dayOf(number), days });
    }
  }
  return { followers, articles };
}
