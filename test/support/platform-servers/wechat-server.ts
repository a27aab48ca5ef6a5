import { jsonBody, startHttpServer, type RunningServer, type ServerOptions } from './http-server';
import { answerDatacube, type DatacubeData } from './wechat-datacube';

/*
 * A local WeChat Official Account API following the documented contract (platforms-peers-compliance.md
 * §3.1 and the official pages it cites): POST /cgi-bin/stable_token (7200 s tokens; force_refresh
 * issues a new one and the old stops working; 40013 bad appid, 40125 bad secret); every other call
 * takes ?access_token= (40001 for an unknown or superseded token, 42001 once expired);
 * /cgi-bin/draft/add checks title ≤ 32, author ≤ 16, digest ≤ 128, content < 20,000 characters and
 * a known permanent thumb_media_id (40007), answering `{ media_id }`; /cgi-bin/material/add_material
 * ?type=image takes a multipart form with the file in `media` (bmp/png/jpeg/jpg/gif, ≤ 10 MB;
 * 40004 for another type, 40005 for another file type, 40009 for a larger image) and answers
 * `{ media_id, url }`, a permanent material a draft may use as its cover; /cgi-bin/freepublish/submit
 * takes a draft's media_id and answers `{ errcode: 0, publish_id, msg_data_id }` (the draft leaves
 * the draft box); /cgi-bin/freepublish/get reports publish_status 1 while publishing, then 0 with
 * article_id and article_detail, or 2/3/4 with fail_idx. Errors are HTTP 200 `{ errcode, errmsg }`.
 */

export interface WeChatServerOptions extends ServerOptions {
  readonly appId?: string;
  readonly appSecret?: string;
  /** Permanent image materials the account owns. */
  readonly mediaIds?: readonly string[];
  /** What the data APIs (/datacube/*, wechat-datacube.ts) answer from. @default no followers, no articles */
  readonly datacube?: DatacubeData;
}

/** How the next submitted publish job turns out: `pendingReads` reads of status 1, then `finalStatus`. */
export interface PublishPlan {
  readonly pendingReads: number;
  readonly finalStatus: 0 | 2 | 3 | 4;
}

/** A permanent image material uploaded through add_material. */
export interface UploadedMaterial {
  readonly mediaId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly bytes: Buffer;
}

export interface WeChatServer extends RunningServer {
  readonly drafts: Map<string, Record<string, unknown>>;
  readonly materials: UploadedMaterial[];
  readonly published: { publishId: string; mediaId: string; article: Record<string, unknown> }[];
  readonly datacube: DatacubeData;
  /** stable_token requests, with their force_refresh flag. */
  readonly tokenRequests: { forceRefresh: boolean }[];
  /** Makes every issued token stop working (another party refreshed it): the next call gets 40001. */
  supersedeTokens(): void;
  /**
   * Makes API calls refuse the current token (40001) while stable_token, in its normal mode, keeps
   * handing it out until a force_refresh: the case force_refresh exists for.
   */
  refuseCurrentToken(): void;
  planNextPublish(plan: PublishPlan): void;
}

const TOKEN_SECONDS = 7200;

export async function startWeChatServer(options: WeChatServerOptions = {}): Promise<WeChatServer> {
  const now = options.now ?? Date.now;
  const appId = options.appId ?? 'wx-test-app';
  const appSecret = options.appSecret ?? 'wechat-test-secret';
  const media = new Set(options.mediaIds ?? ['THUMB-MEDIA-1']);
  const tokens = new Map<string, { expiresAt: number; live: boolean }>();
  const drafts = new Map<string, Record<string, unknown>>();
  const materials: UploadedMaterial[] = [];
  const published: WeChatServer['published'] = [];
  const jobs = new Map<string, { plan: PublishPlan; reads: number; mediaId: string }>();
  const tokenRequests: { forceRefresh: boolean }[] = [];
  const datacube: DatacubeData = options.datacube ?? { followers: new Map(), articles: [] };
  let plan: PublishPlan = { pendingReads: 1, finalStatus: 0 };
  let issued = 0;
  let current: string | undefined;
  let refusedButServed: string | undefined;
  const error = (errcode: number, errmsg: string) => ({ status: 200, body: { errcode, errmsg: `${errmsg} rid: test-${errcode}` } });
  /** A new token; force_refresh ends the previous one at once, the scheduled renewal lets it run out. */
  const issue = (endPrevious: boolean) => {
    if (current && endPrevious) tokens.set(current, { ...tokens.get(current)!, live: false });
    issued += 1;
    current = `ACCESS_TOKEN_${issued}`;
    tokens.set(current, { expiresAt: now() + TOKEN_SECONDS * 1000, live: true });
    return current;
  };
  const server = await startHttpServer(async (request) => {
    if (request.method !== 'POST') return { status: 404, body: 'not found' };
    const body = jsonBody(request) ?? {};
    if (request.path === '/cgi-bin/stable_token') {
      tokenRequests.push({ forceRefresh: body.force_refresh === true });
      if (body.grant_type !== 'client_credential') return error(40002, 'invalid grant_type');
      if (body.appid !== appId) return error(40013, 'invalid appid');
      if (body.secret !== appSecret) return error(40125, 'invalid appsecret');
      const state = current === undefined ? undefined : tokens.get(current);
      // In its last 5 minutes a token is renewed: the old one stays valid until it expires.
      const renew = !state?.live || state.expiresAt - 5 * 60_000 <= now();
      const token = body.force_refresh === true ? issue(true) : renew ? issue(false) : current!;
      return { status: 200, body: { access_token: token, expires_in: Math.round((tokens.get(token)!.expiresAt - now()) / 1000) } };
    }
    const presented = request.query.get('access_token') ?? '';
    const token = tokens.get(presented);
    if (!token || !token.live || presented === refusedButServed) return error(40001, 'invalid credential, access_token is invalid or not latest');
    if (token.expiresAt <= now()) return error(42001, 'access_token expired');
    switch (request.path) {
      case '/cgi-bin/draft/add': {
        const article = (Array.isArray(body.articles) ? body.articles[0] : undefined) as Record<string, unknown> | undefined;
        if (!article) return error(47001, 'data format error');
        const length = (value: unknown) => (typeof value === 'string' ? [...value].length : 0);
        if (length(article.title) === 0) return error(47001, 'data format error: title missing');
        if (length(article.title) > 32) return error(45003, 'title size out of limit');
        if (length(article.author) > 16) return error(45110, 'author size out of limit');
        if (length(article.digest) > 128) return error(45004, 'description size out of limit');
        if (length(article.content) === 0 || length(article.content) >= 20_000) return error(45002, 'content size out of limit');
        if (typeof article.thumb_media_id !== 'string' || !media.has(article.thumb_media_id)) return error(40007, 'invalid media_id');
        const mediaId = `DRAFT-${drafts.size + published.length + 1}`;
        drafts.set(mediaId, article);
        return { status: 200, body: { media_id: mediaId } };
      }
      case '/cgi-bin/material/add_material': {
        if (request.query.get('type') !== 'image') return error(40004, 'invalid media type');
        const form = await new Request('http://wechat.local/', { method: 'POST', headers: { 'content-type': String(request.headers['content-type'] ?? '') }, body: request.raw })
          .formData().catch(() => undefined);
        const file = form?.get('media');
        if (!(file instanceof File)) return error(41005, 'media data missing');
        if (!/\.(bmp|png|jpe?g|gif)$/i.test(file.name)) return error(40005, 'invalid file type');
        if (file.size > 10 * 1024 * 1024) return error(40009, 'invalid image size');
        const mediaId = `IMAGE-MEDIA-${materials.length + 1}`;
        materials.push({ mediaId, filename: file.name, contentType: file.type, bytes: Buffer.from(await file.arrayBuffer()) });
        media.add(mediaId);
        return { status: 200, body: { media_id: mediaId, url: `http://mmbiz.qpic.cn/mmbiz_png/${mediaId}/0?wx_fmt=png` } };
      }
      case '/cgi-bin/freepublish/submit': {
        const mediaId = String(body.media_id ?? '');
        const article = drafts.get(mediaId);
        if (!article) return error(40007, 'invalid media_id');
        drafts.delete(mediaId);
        const publishId = String(2_247_483_600 + published.length + 1);
        published.push({ publishId, mediaId, article });
        jobs.set(publishId, { plan, reads: 0, mediaId });
        return { status: 200, body: { errcode: 0, errmsg: 'ok', publish_id: publishId, msg_data_id: 2_247_483_000 + published.length } };
      }
      case '/cgi-bin/freepublish/get': {
        const job = jobs.get(String(body.publish_id ?? ''));
        if (!job) return error(53600, 'article_id invalid');
        job.reads += 1;
        const publishId = String(body.publish_id);
        if (job.reads <= job.plan.pendingReads) return { status: 200, body: { publish_id: publishId, publish_status: 1 } };
        if (job.plan.finalStatus !== 0) return { status: 200, body: { publish_id: publishId, publish_status: job.plan.finalStatus, fail_idx: [1] } };
        return {
          status: 200,
          body: { publish_id: publishId, publish_status: 0, article_id: `ARTICLE-${publishId}`, article_detail: { count: 1, item: [{ idx: 1, article_url: `https://mp.weixin.qq.com/s/${publishId}` }] }, fail_idx: [] },
        };
      }
      default:
        return answerDatacube(request.path, body, datacube, now()) ?? { status: 404, body: 'not found' };
    }
  }, options);
  return {
    ...server, drafts, materials, published, tokenRequests, datacube,
    refuseCurrentToken: () => {
      refusedButServed = current;
    },
    supersedeTokens: () => {
      for (const [value, state] of tokens) tokens.set(value, { ...state, live: false });
    },
    planNextPublish: (next) => {
      plan = next;
    },
  };
}
