import { SECRET_REF_PATTERN, type Channel, type NotifyTarget, type WorkspaceModel } from '../../core/index';
import { WECHAT_API_ORIGIN } from '../connectors/wechat-api';

/** Who reads a credential: publish (a channel's credentials), notify (a notify target's url or secret), or no function. */
export type SecretUse = 'channel' | 'notify' | 'other';

/**
 * Where a credential's value is sent: a host known from the playbooks (a channel's `instance`,
 * WeChat's API), the address stored in a secret itself (bot webhook URLs), or nowhere (a
 * platform Flywheel has no connector for: its posts are handed to a person).
 */
export type SecretDestination =
  | { readonly kind: 'host'; readonly host: string }
  | { readonly kind: 'in-secret'; readonly reference: string }
  | { readonly kind: 'not-sent'; readonly why: { readonly en: string; readonly zh: string } };

/** A credential reference (`secret:NAME` or `env:VAR`) in a Workspace document, with who reads it, where it goes and where it is written. */
export interface SecretReference {
  readonly reference: string;
  readonly use: SecretUse;
  /** The channel or notify target id; undefined for other uses. */
  readonly owner?: string;
  /** The field holding the reference (`credentials`, `url`, `secret`, …). */
  readonly field: string;
  readonly destination: SecretDestination;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The host of an address, or undefined when it is not an http(s) URL. */
function hostOf(address: string | undefined): string | undefined {
  if (address === undefined) return undefined;
  try {
    const url = new URL(address);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.host : undefined;
  } catch {
    return undefined;
  }
}

const isReference = (value: string | undefined): value is string => value !== undefined && SECRET_REF_PATTERN.test(value);

/** Where a channel's credentials go, by platform, as functions/connectors/index.ts sends them. */
function channelDestination(channel: Channel): SecretDestination {
  switch (channel.platform) {
    case 'webhook':
    case 'mastodon': {
      const host = hostOf(channel.instance);
      return host ? { kind: 'host', host } : { kind: 'not-sent', why: { en: 'no valid instance address', zh: '未配置有效的 instance 地址' } };
    }
    case 'wechat-oa':
      return { kind: 'host', host: new URL(WECHAT_API_ORIGIN).host };
    case 'wecom-group':
      return { kind: 'in-secret', reference: channel.credentials ?? '' };
    default:
      return { kind: 'not-sent', why: { en: `${channel.platform} has no publishing connector`, zh: `${channel.platform} 暂无发布连接器` } };
  }
}

/** Where a notify target's url or signing secret goes. */
function notifyDestination(target: NotifyTarget, field: string): SecretDestination {
  if (target.type === 'email') return { kind: 'not-sent', why: { en: 'email has no connector', zh: '邮件暂无连接器' } };
  if (target.url === undefined) return { kind: 'not-sent', why: { en: 'the target has no url', zh: '通知目标未配置 url' } };
  if (field === 'url') return { kind: 'in-secret', reference: target.url };
  if (isReference(target.url)) return { kind: 'in-secret', reference: target.url };
  const host = hostOf(target.url);
  return host ? { kind: 'host', host } : { kind: 'not-sent', why: { en: 'the url is not an http(s) address', zh: 'url 不是 http(s) 地址' } };
}

/**
 * Lists every credential reference of the Workspace documents with who reads it and where its
 * value is sent. Only channels' references are read by publish and only notify targets' by notify.
 */
export function listSecretReferences(model: WorkspaceModel): SecretReference[] {
  const found: SecretReference[] = [];
  for (const entry of model.workspaces) {
    const visit = (owner: object): void => {
      for (const [field, value] of Object.entries(owner)) {
        if (typeof value === 'string' && SECRET_REF_PATTERN.test(value)) {
          const path = entry.pathOf(owner);
          const span = entry.span(owner, [field]);
          const where = { reference: value, field, file: entry.file.path, line: span.line, column: span.column };
          if (path.length === 3 && path[0] === 'spec' && path[1] === 'channels') {
            const channel = owner as Channel;
            found.push({ ...where, use: 'channel', owner: channel.id, destination: channelDestination(channel) });
          } else if (path.length === 3 && path[0] === 'spec' && path[1] === 'notify') {
            const target = owner as NotifyTarget;
            found.push({ ...where, use: 'notify', owner: target.id, destination: notifyDestination(target, field) });
          } else {
            found.push({ ...where, use: 'other', destination: { kind: 'not-sent', why: { en: 'no function reads it', zh: '没有函数读取' } } });
          }
        } else if (value !== null && typeof value === 'object') {
          visit(value as object);
        }
      }
    };
    visit(entry.value);
  }
  return found;
}

/**
 * The Secrets Manager names (`secret:NAME` → NAME) a function with this use reads, sorted and
 * distinct: references whose value no connector sends (a platform without one) are left out.
 */
export function secretNamesFor(references: readonly SecretReference[], use: SecretUse): string[] {
  return [...new Set(references.filter((reference) => reference.use === use && reference.reference.startsWith('secret:') && reference.destination.kind !== 'not-sent')
    .map((reference) => reference.reference.slice('secret:'.length)))].sort();
}

/** A destination as one stable string (`host:<host>`, `in-secret:<reference>`, `not-sent`): what a deploy records and compares. */
export function destinationKey(destination: SecretDestination): string {
  switch (destination.kind) {
    case 'host': return `host:${destination.host}`;
    case 'in-secret': return `in-secret:${destination.reference}`;
    case 'not-sent': return 'not-sent';
  }
}
