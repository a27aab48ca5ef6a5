import { text } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import type { PathSegment } from '../../load/yaml-document';
import type { Rule, RuleContext } from '../context';

/** Bot webhooks whose URL is itself the credential (the key, token or hook id is in it). */
const SECRET_URLS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?[^\s]*key=[^&\s]+/i, name: 'WeCom bot webhook' },
  { pattern: /open\.(feishu\.cn|larksuite\.com)\/open-apis\/bot\/v2\/hook\/[A-Za-z0-9-]{8,}/i, name: 'Feishu/Lark bot webhook' },
  { pattern: /oapi\.dingtalk\.com\/robot\/send\?[^\s]*access_token=[^&\s]+/i, name: 'DingTalk bot webhook' },
  { pattern: /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/i, name: 'Slack webhook' },
  { pattern: /discord(app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/i, name: 'Discord webhook' },
];

/** Token formats that are unmistakably credentials wherever they appear. */
const TOKENS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, name: 'AWS access key id' },
  { pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/, name: 'Slack token' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, name: 'GitHub token' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, name: 'private key' },
];

/** A URL query parameter or userinfo that carries a credential. */
const CREDENTIAL_IN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/\s]*:[^@/\s]+@|[?&](key|token|access_token|accesstoken|secret|sign|signature|password|passwd|api_key|apikey|auth|sig)=[^&\s]{6,}/i;

const BOT_TYPES = new Set(['wecom-bot', 'feishu-bot', 'dingtalk-bot', 'slack']);
const REFERENCE = /^(secret:|env:)/;

/** Finds a credential in a string, naming what it is. */
function findCredential(value: string): string | undefined {
  for (const { pattern, name } of [...SECRET_URLS, ...TOKENS]) if (pattern.test(value)) return name;
  if (/^https?:\/\//i.test(value.trim()) && CREDENTIAL_IN_URL.test(value.trim())) return 'URL with a credential';
  return undefined;
}

function secretName(entry: PlaybookEntry, path: readonly PathSegment[]): string {
  const id = path.length >= 3 ? String(path[path.length - 2]) : 'value';
  return `flywheel/${entry.name}-${id}`.replace(/[^A-Za-z0-9/_+=.@-]/g, '-');
}

/** Cheap test before the patterns: every credential shape above contains one of these. */
const MAYBE_CREDENTIAL = /:\/\/|AKIA|xox|gh[pousr]_|-----BEGIN/;

/**
 * Walks every string of a document (iteratively: documents can be large) and calls `visit` with
 * the object holding it and its key; the full path is built only for a hit.
 */
function eachString(entry: PlaybookEntry, visit: (value: string, owner: object, key: PathSegment) => void): void {
  const stack: unknown[] = [entry.value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    const children: [PathSegment, unknown][] = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
    for (const [key, child] of children) {
      if (typeof child === 'string') visit(child, node, key);
      else if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
}

function reportSecret(context: RuleContext, entry: PlaybookEntry, path: PathSegment[], what: string): void {
  const name = secretName(entry, path);
  context.reportAt(entry.document, path, 'value', 'error', 'flywheel/inline-secret', text(
    `This contains a credential (${what}) written inline. Anyone who can read the playbook can use it. Store it in AWS Secrets Manager and write secret:${name} (locally: env var FLYWHEEL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}), or env:VAR.`,
    `此处直接写入了凭据 (${what}), 任何能读到剧本的人都能使用它。请存入 AWS Secrets Manager 并写 secret:${name} (本地: 环境变量 FLYWHEEL_SECRET_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}), 或写 env:变量名。`,
  ), { fixes: [{ title: text(`Replace with secret:${name}`, `替换为 secret:${name}`), span: entry.document.span(path), newText: `secret:${name}` }] });
}

/** No credential is written inline anywhere: only secret:/env: references. */
export const inlineSecretsRule: Rule = {
  code: 'flywheel/inline-secret',
  check(context) {
    const reported = new Set<string>();
    for (const entry of context.model.workspaces) {
      for (const target of entry.value.spec.notify ?? []) {
        if (target.url === undefined || REFERENCE.test(target.url)) continue;
        const path = [...entry.pathOf(target), 'url'];
        if (BOT_TYPES.has(target.type)) {
          reported.add(JSON.stringify([entry.file.path, path]));
          reportSecret(context, entry, path, `${target.type} webhook URL`);
        }
      }
    }
    const all: PlaybookEntry[] = [...context.model.workspaces, ...context.model.campaigns, ...context.model.sops, ...context.model.goals, ...context.model.checks];
    for (const entry of all) {
      eachString(entry, (value, owner, key) => {
        if (value.length < 16 || !MAYBE_CREDENTIAL.test(value) || REFERENCE.test(value)) return;
        const what = findCredential(value);
        if (!what) return;
        const path = [...entry.pathOf(owner), key];
        if (!reported.has(JSON.stringify([entry.file.path, path]))) reportSecret(context, entry, path, what);
      });
    }
  },
};
