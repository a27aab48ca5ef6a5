/*
 * Credential shapes: bot webhook URLs whose path or query is the key, token formats that are
 * credentials wherever they appear, and URLs that carry a credential parameter. Text is also
 * read percent-decoded (`%6Bey=` is `key=`), and a parameter counts after `?`, `&`, `;`, `/` or
 * `#`, so a key moved into the path or the fragment is still found.
 */

/** Bot webhooks whose URL is itself the credential (the key, token or hook id is in it). */
const SECRET_URLS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /qyapi\.weixin\.qq\.com\/cgi-bin\/webhook\/send\?[^\s]*key=[^&\s]+/i, name: 'WeCom bot webhook' },
  { pattern: /open\.(feishu\.cn|larksuite\.com)\/open-apis\/bot\/v2\/hook\/[A-Za-z0-9-]{8,}/i, name: 'Feishu/Lark bot webhook' },
  { pattern: /oapi\.dingtalk\.com\/robot\/send\?[^\s]*access_token=[^&\s]+/i, name: 'DingTalk bot webhook' },
  { pattern: /hooks\.slack\.com\/(services|workflows|triggers)\/[A-Za-z0-9/_-]{10,}/i, name: 'Slack webhook' },
  { pattern: /discord(app)?\.com\/api\/webhooks\/\d+\/[A-Za-z0-9_-]+/i, name: 'Discord webhook' },
  { pattern: /api\.telegram\.org\/bot\d+:[A-Za-z0-9_-]{30,}/i, name: 'Telegram bot token' },
];

/** Token formats that are unmistakably credentials wherever they appear. */
const TOKENS: readonly { pattern: RegExp; name: string }[] = [
  { pattern: /\bAKIA[0-9A-Z]{16}\b/, name: 'AWS access key id' },
  { pattern: /\bxox[abposre]-[A-Za-z0-9-]{10,}/, name: 'Slack token' },
  { pattern: /\bgh[pousr]_[A-Za-z0-9]{30,}\b/, name: 'GitHub token' },
  { pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/, name: 'private key' },
  // A bot's user id (base64, 24-26 characters), a timestamp and an HMAC, separated by dots.
  { pattern: /\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}\b/, name: 'Discord bot token' },
  // The bot's numeric id, a colon, then 35 characters that start with AA.
  { pattern: /\b\d{6,12}:AA[A-Za-z0-9_-]{33}\b/, name: 'Telegram bot token' },
];

/** A URL's userinfo, or a parameter anywhere in it (query, path, fragment), that carries a credential. */
const CREDENTIAL_IN_URL = /^[a-z][a-z0-9+.-]*:\/\/[^/\s]*:[^@/\s]+@|[?&;/#](key|token|access_token|accesstoken|secret|sign|signature|password|passwd|api_key|apikey|auth|sig)=[^&;#\s]{6,}/i;

const URL_IN_TEXT = /[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/** Cheap test before the patterns: every credential shape above contains one of these. */
export const MAYBE_CREDENTIAL = /:\/\/|AKIA|xox|gh[pousr]_|-----BEGIN|%[0-9a-f]{2}|:AA|\.[A-Za-z0-9_-]{6}\./i;

/** Percent-decodes ASCII escapes (twice, for `%256B`); other bytes stay as they are. */
function percentDecoded(value: string): string {
  let decoded = value;
  for (let round = 0; round < 2 && /%[0-9a-f]{2}/i.test(decoded); round += 1) {
    decoded = decoded.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return decoded;
}

function matchShape(value: string): string | undefined {
  for (const { pattern, name } of SECRET_URLS) if (pattern.test(value)) return name;
  for (const { pattern, name } of TOKENS) if (pattern.test(value)) return name;
  for (const url of value.match(URL_IN_TEXT) ?? []) if (CREDENTIAL_IN_URL.test(url)) return 'URL with a credential';
  return undefined;
}

/** Names the credential a text holds (as written or percent-decoded), or undefined. */
export function findCredential(value: string): string | undefined {
  if (!MAYBE_CREDENTIAL.test(value)) return undefined;
  const found = matchShape(value);
  if (found !== undefined) return found;
  const decoded = percentDecoded(value);
  return decoded === value ? undefined : matchShape(decoded);
}
