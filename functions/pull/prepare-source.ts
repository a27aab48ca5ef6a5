import { text, type LocalizedText, type Source, type WorkspaceSpec } from '../../core/index';
import type { ConnectorDeps } from '../connectors/connector';
import { MASTODON_PER_MINUTE } from '../connectors/mastodon';
import { checkUrl, makeRuntime, MissingSecretError, readSecret } from '../connectors/runtime';
import { WeChatCredentialsSchema } from '../connectors/wechat-oa';
import { HttpJsonPullConnector } from './http-json';
import { MastodonPullConnector } from './mastodon';
import type { PullConnector } from './pull-connector';
import { WECHAT_DATA_PER_MINUTE, WeChatPullConnector } from './wechat-oa';

/** A source ready to pull, or why it is not: skipped (nothing to pull with here) or failed (set up wrong). */
export type PreparedSource =
  | { readonly status: 'ready'; readonly connector: PullConnector; readonly channel?: string }
  | { readonly status: 'skipped'; readonly reason: LocalizedText }
  | { readonly status: 'failed'; readonly reason: string; readonly renew?: string };

/** Requests a minute to an http-json service. */
const HTTP_JSON_PER_MINUTE = 60;

/** Resolves a secret, turning one that is not set where this runs into a skip that says which. */
async function secretOrSkip(deps: ConnectorDeps, ref: string, what: string, whatZh: string): Promise<{ value: string } | { skipped: LocalizedText }> {
  try {
    return { value: await readSecret(deps.resolveSecret, ref, what) };
  } catch (error) {
    if (error instanceof MissingSecretError) {
      // Locally a secret is an environment variable: say which one to set.
      const variable = ref.startsWith('secret:') ? `FLYWHEEL_SECRET_${ref.slice('secret:'.length).toUpperCase().replace(/[^A-Z0-9]/g, '_')}` : ref.startsWith('env:') ? ref.slice('env:'.length) : undefined;
      return {
        skipped: text(
          `Not set where this runs: the ${what} (${ref})${variable ? `; set the environment variable ${variable}` : ''}`,
          `${whatZh}（${ref}）在本机未配置${variable ? `；请设置环境变量 ${variable}` : ''}`,
        ),
      };
    }
    throw error;
  }
}

/**
 * The pull connector of a source. A source whose credentials are not set where this runs is
 * skipped with the reason; never throws for a missing or malformed secret.
 */
export async function prepareSource(source: Source, spec: WorkspaceSpec, deps: ConnectorDeps): Promise<PreparedSource> {
  if (source.type === 'http-json') {
    if (source.url === undefined) return { status: 'failed', reason: `Source ${source.id} has no url (数据源未配置 url)` };
    const url = await secretOrSkip(deps, source.url, `URL of source ${source.id}`, `数据源 ${source.id} 的地址`);
    if ('skipped' in url) return { status: 'skipped', reason: url.skipped };
    try {
      checkUrl(url.value, `URL of source ${source.id}`);
    } catch (error) {
      return { status: 'failed', reason: (error as Error).message, renew: `the URL in ${source.url}` };
    }
    return { status: 'ready', connector: new HttpJsonPullConnector({ source: source.id, url: url.value, metrics: source.metrics ?? [], runtime: makeRuntime(deps, 'http-json', source.id, HTTP_JSON_PER_MINUTE) }) };
  }
  const channel = spec.channels?.find((candidate) => candidate.id === source.channel);
  if (!channel) return { status: 'failed', reason: `Source ${source.id} names channel ${source.channel ?? '(none)'}, which the workspace does not define (渠道不存在)` };
  if (channel.credentials === undefined) {
    return { status: 'skipped', reason: text(`Channel ${channel.id} has no credentials: add credentials: secret:NAME to pull its numbers`, `渠道 ${channel.id} 未配置凭据：加上 credentials: secret:名称 才能拉取数据`) };
  }
  const secret = await secretOrSkip(deps, channel.credentials, `credentials of channel ${channel.id}`, `渠道 ${channel.id} 的凭据`);
  if ('skipped' in secret) return { status: 'skipped', reason: secret.skipped };
  switch (channel.platform) {
    case 'wechat-oa': {
      let json: unknown;
      try {
        json = JSON.parse(secret.value);
      } catch {
        json = undefined;
      }
      const credentials = WeChatCredentialsSchema.safeParse(json);
      if (!credentials.success) {
        const renew = `${channel.credentials} as JSON {"appId":"wx…","appSecret":"…"}`;
        return { status: 'failed', reason: `The WeChat credentials ${channel.credentials} must be JSON like {"appId":"wx…","appSecret":"…"} (公众号凭据须为 JSON，含 appId 和 appSecret)`, renew };
      }
      // The channel's instance replaces WeChat's origin: an egress proxy with an allow-listed IP.
      const runtime = { ...makeRuntime(deps, 'wechat-oa-data', channel.id, WECHAT_DATA_PER_MINUTE), baseUrl: deps.baseUrls?.['wechat-oa'] ?? channel.instance };
      return {
        status: 'ready', channel: channel.id,
        connector: new WeChatPullConnector({ channel: channel.id, secretRef: channel.credentials, credentials: credentials.data, runtime, ...(deps.tokens ? { tokens: deps.tokens } : {}) }),
      };
    }
    case 'mastodon': {
      if (channel.instance === undefined) return { status: 'failed', reason: `Mastodon channel ${channel.id} has no instance address (set instance, e.g. https://mastodon.social) (未配置实例地址)` };
      return {
        status: 'ready', channel: channel.id,
        connector: new MastodonPullConnector({
          channel: channel.id, instance: checkUrl(channel.instance, `instance of channel ${channel.id}`), accessToken: secret.value, secretRef: channel.credentials,
          runtime: makeRuntime(deps, 'mastodon', channel.id, MASTODON_PER_MINUTE),
        }),
      };
    }
    default:
      return { status: 'failed', reason: `${channel.platform} has no data API Flywheel can pull (channel ${channel.id}); import its numbers with flywheel metrics import (该平台无可拉取的数据接口)` };
  }
}
