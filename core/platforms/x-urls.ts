/*
 * Where X sees URLs in a post, ported from twitter-text 3.1.0's extractUrlsWithIndices
 * (https://github.com/twitter/twitter-text/blob/master/js/src/extractUrlsWithIndices.js and the
 * regexes it builds on, Apache-2.0, Copyright 2018 Twitter, Inc.). A URL counts 23 whatever its
 * length, and X finds them without a scheme too: `example.com` is a link. x-urls.test.ts compares
 * this with the installed twitter-text on many strings.
 */
import { X_COUNTRY_TLDS, X_GENERIC_TLDS } from './x-tlds';

// Character groups of twitter-text's regexp/ folder, as regex source (no `u` flag: UTF-16 units, as there).
const PUNCT = String.raw`\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$`;
const SPACES = String.raw`\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000`;
const INVALID_CHARS = String.raw`\uFFFE\uFEFF\uFFFF`;
const DIRECTIONAL_MARKERS = String.raw`\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069`;
const LATIN_ACCENTS = String.raw`\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF`;
const CYRILLIC = String.raw`\u0400-\u04FF`;

const DOMAIN_CHAR = `[^${PUNCT}${SPACES}${INVALID_CHARS}${DIRECTIONAL_MARKERS}]`;
const SUBDOMAIN = `(?:(?:${DOMAIN_CHAR}(?:[_-]|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\\.)`;
const DOMAIN_NAME = `(?:(?:${DOMAIN_CHAR}(?:-|${DOMAIN_CHAR})*)?${DOMAIN_CHAR}\\.)`;
const TLD_END = '(?=[^0-9a-zA-Z@+-]|$)';
const TLD = `(?:(?:${X_GENERIC_TLDS})${TLD_END})|(?:(?:${X_COUNTRY_TLDS})${TLD_END})|(?:xn--[\\-0-9a-z]+)`;
const DOMAIN = `(?:${SUBDOMAIN}*${DOMAIN_NAME}(?:${TLD}))`;
const PRECEDING = `(?:[^A-Za-z0-9@＠$#＃${INVALID_CHARS}]|[${DIRECTIONAL_MARKERS}]|^)`;
const PATH_CHAR = String.raw`[a-z${CYRILLIC}0-9!\*';:=\+,\.\$\/%#\[\]\-\u2013_~@\|&${LATIN_ACCENTS}]`;
const BALANCED_PARENS = String.raw`\((?:${PATH_CHAR}+|(?:${PATH_CHAR}*\(${PATH_CHAR}+\)${PATH_CHAR}*))\)`;
const PATH_END = String.raw`[\+\-a-z${CYRILLIC}0-9=_#\/${LATIN_ACCENTS}]|(?:${BALANCED_PARENS})`;
const PATH = `(?:(?:${PATH_CHAR}*(?:${BALANCED_PARENS}${PATH_CHAR}*)*${PATH_END})|(?:@${PATH_CHAR}+\\/))`;
const QUERY_CHAR = String.raw`[a-z0-9!?\*'@\(\);:&=\+\$\/%#\[\]\-_\.,~|]`;
const QUERY_END = String.raw`[a-z0-9\-_&=#\/]`;

/** $1 preceding character, $2 URL, $3 scheme, $4 domain, $5 port, $6 path, $7 query. */
const EXTRACT_URL = new RegExp(`(${PRECEDING})((https?:\\/\\/)?(${DOMAIN})(?::([0-9]+))?(\\/${PATH}*)?(\\?${QUERY_CHAR}*${QUERY_END})?)`, 'gi');
const ASCII_DOMAIN = new RegExp(`(?:(?:[\\-a-z0-9${LATIN_ACCENTS}]+)\\.)+(?:${TLD})`, 'gi');
const INVALID_BEFORE_BARE_DOMAIN = /[-_./]$/;
const TCO_URL = new RegExp(`^https?:\\/\\/t\\.co\\/([a-z0-9]+)(?:\\?${QUERY_CHAR}*${QUERY_END})?`, 'i');
const MAX_URL_LENGTH = 4096;
const MAX_TCO_SLUG_LENGTH = 40;
const MAX_LABEL_LENGTH = 63;

/** Length of one label's punycode (RFC 3492) form, with its `xn--` prefix when it has non-ASCII characters. */
function encodedLabelLength(label: string): number {
  const codePoints = Array.from(label, (character) => character.codePointAt(0) ?? 0);
  const basic = codePoints.filter((codePoint) => codePoint < 0x80).length;
  if (basic === codePoints.length) return label.length;
  let output = basic + (basic > 0 ? 1 : 0);
  let n = 0x80;
  let delta = 0;
  let bias = 72;
  let handled = basic;
  const adapt = (deltaIn: number, points: number, first: boolean): number => {
    let d = first ? Math.floor(deltaIn / 700) : deltaIn >> 1;
    d += Math.floor(d / points);
    let k = 0;
    for (; d > 455; k += 36) d = Math.floor(d / 35);
    return k + Math.floor((36 * d) / (d + 38));
  };
  while (handled < codePoints.length) {
    const next = Math.min(...codePoints.filter((codePoint) => codePoint >= n));
    delta += (next - n) * (handled + 1);
    n = next;
    for (const codePoint of codePoints) {
      if (codePoint < n) delta += 1;
      if (codePoint !== n) continue;
      let q = delta;
      for (let k = 36; ; k += 36) {
        const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias;
        if (q < t) break;
        output += 1;
        q = Math.floor((q - t) / (36 - t));
      }
      output += 1;
      bias = adapt(delta, handled + 1, handled === basic);
      delta = 0;
      handled += 1;
    }
    delta += 1;
    n += 1;
  }
  return output + 4;
}

/**
 * What punycode.toASCII gives a label in twitter-text's idna.toAscii: full-width and ideographic
 * full stops split it further, and the parts are encoded one by one.
 */
function punycodeLength(label: string): number {
  const parts = label.split(/[\x2E\u3002\uFF0E\uFF61]/);
  return parts.reduce((sum, part) => sum + encodedLabelLength(part), parts.length - 1);
}

const ASCII_DOMAIN_ANYWHERE = new RegExp(ASCII_DOMAIN.source, 'i');

/** twitter-text's isValidUrl: every label 1-63 characters once punycode-encoded, the whole URL at most 4096. */
function isValidUrl(url: string, scheme: string, domain: string): boolean {
  if (domain.startsWith('xn--') && !ASCII_DOMAIN_ANYWHERE.test(domain)) return false;
  let encodedLength = 0;
  const labels = domain.split('.');
  for (const label of labels) {
    const length = punycodeLength(label);
    if (length < 1 || length > MAX_LABEL_LENGTH) return false;
    encodedLength += length;
  }
  encodedLength += labels.length - 1;
  return scheme.length + url.length + encodedLength - domain.length <= MAX_URL_LENGTH;
}

/** A URL X recognises: where it starts (UTF-16 offset) and its text. */
export interface XUrl {
  readonly start: number;
  /**
   * The URL as twitter-text reports it. For a URL without a scheme this is the ASCII domain plus
   * the path, and twitter-text's parseTweet skips this many characters from `start` (which can
   * differ from the matched range when the domain's text repeats): weighing must do the same.
   */
  readonly url: string;
}

/** The URLs X recognises in a text, in order. */
export function findXUrls(text: string): XUrl[] {
  if (!text.includes('.')) return [];
  const found: XUrl[] = [];
  EXTRACT_URL.lastIndex = 0;
  for (let match = EXTRACT_URL.exec(text); match; match = EXTRACT_URL.exec(text)) {
    const before = match[1] ?? '';
    let url = match[2] ?? '';
    const scheme = match[3];
    const domain = match[4] ?? '';
    const path = match[6];
    const start = EXTRACT_URL.lastIndex - url.length;
    if (!isValidUrl(url, scheme ?? 'https://', domain)) continue;
    if (!scheme) {
      if (INVALID_BEFORE_BARE_DOMAIN.test(before)) continue;
      // Each ASCII-only domain inside is a URL; the last one takes the path (indexOf as twitter-text does).
      const domains = [...domain.matchAll(ASCII_DOMAIN)].map((ascii) => ascii[0]);
      let asciiEnd = 0;
      domains.forEach((ascii, index) => {
        const asciiStart = domain.indexOf(ascii, asciiEnd);
        asciiEnd = asciiStart + ascii.length;
        found.push({ start: start + asciiStart, url: index === domains.length - 1 && path ? url.replace(domain, ascii) : ascii });
      });
      continue;
    }
    const tco = TCO_URL.exec(url);
    if (tco) {
      if ((tco[1] ?? '').length > MAX_TCO_SLUG_LENGTH) continue;
      url = tco[0];
    }
    found.push({ start, url });
  }
  return found;
}
