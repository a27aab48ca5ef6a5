import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import twitter from 'twitter-text';
import { describe, expect, it } from 'vitest';
import { measureXWeightedLength } from './x-weighted-length';
import { X_COUNTRY_TLDS, X_GENERIC_TLDS } from './x-tlds';

// twitter-text is the oracle: X's own library, installed for tests only.
const oracle = (text: string): number => twitter.parseTweet(text).weightedLength;

describe('X weighted length matches twitter-text', () => {
  const table = [
    'hello', '你好世界', '限时5折', '中'.repeat(141), '—′！、', 'e\u0301', '© ® ™ ©️',
    '👍', '👨‍👩‍👧', '🇨🇳', '1️⃣', '#⃣', 'a⃣', '❤ ❤️', '👍🏽 ok', '👨\u200d', '🇨\u200d', '7\ufe0f',
    'example.com', 'Example.COM', 'see example.com.', 'www.example.com/path?q=1', 'example.com/618 。',
    '详情见 example.com', '详情见example.com', '访问 douyin.com 或 weibo.cn 了解', 'taobao.com.cn', 'a.b.c.d.example.org/x',
    'https://example.com/a/very/long/path/that/keeps/going', 'see https://a.co.', '详情见https://a.co/x',
    'http://t.co/abc123?x=1 tail', 'https://t.co/' + 'a'.repeat(41), 'https://例子.中国/路径',
    'example.notatld', 'node.js', 'e.g. i.e.', 'v1.2.3', '3.14', 'foo@example.com', '@example.com', '#example.com',
    '-example.com', '_example.com', '/example.com', '.example.com', 'example.com:8080/x', 'xn--fsqu00a.xn--0zwm56d',
    'https://example.com/Primer_(film)', 'https://example.com/foo.', '(example.com)', '"example.com"', '【example.com】',
    `${'很'.repeat(40)}example.com`, '活动开始了。详情见example.com', 'a'.repeat(70) + '.com',
  ];
  it.each(table)('%s', (text) => {
    expect(measureXWeightedLength(text)).toBe(oracle(text));
  });

  it('agrees on random mixes of CJK, emoji, punctuation, URLs and bare domains', () => {
    const pieces = [
      // Emoji as whole sequences twemoji-parser 11 knows (see the note in x-weighted-length.ts on newer ones).
      'a', 'Z', '7', ' ', '\n', '中', '文', '，', '。', '！', '、', '：', '—', '′', 'é', 'e\u0301', '한', '\u20e3',
      '👍', '👍🏽', '👨', '👨‍👩‍👧', '👁‍🗨', '🇨🇳', '🇯🇵', '1️⃣', '❤', '❤️', '©', '©️', '™',
      '.', '/', ':', '-', '_', '@', '#', '?', '=', '&', '(', ')', '"',
      'https://', 'http://', 'www', 'example', 'douyin', 'com', 'cn', 'net', 'io', 'co', 'jp', 'org', 'xyz', 'js', 'notatld',
      'example.com', 'weibo.cn', 't.co/', 'https://example.com/x', '.com', '.cn',
    ];
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
      const text = parts.join('');
      expect(measureXWeightedLength(text)).toBe(oracle(text));
    }), { numRuns: 3000 });
  });

  it('holds the same TLD lists as the installed twitter-text', () => {
    const require = createRequire(import.meta.url);
    const source = (name: string) => readFileSync(require.resolve(`twitter-text/dist/regexp/${name}.js`), 'utf8');
    const listOf = (text: string) => /RegExp\('\(\?:\(\?:' \+ ([\s\S]*?) \+ '\)\(\?=/.exec(text)?.[1]?.replace(/' \+\s*'/g, '').replace(/^'|'$/g, '');
    expect(listOf(source('validGTLD'))).toBe(X_GENERIC_TLDS);
    expect(listOf(source('validCCTLD'))).toBe(X_COUNTRY_TLDS);
  });
});
