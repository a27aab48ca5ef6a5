/**
 * X's weighted text length, ported from twitter-text's v3 configuration and parseTweet:
 * https://github.com/twitter/twitter-text/blob/master/config/v3.json
 * https://github.com/twitter/twitter-text/blob/master/js/src/parseTweet.js
 * Documented by X at https://developer.x.com/en/docs/counting-characters
 *
 * v3: scale 100, defaultWeight 200, emojiParsingEnabled, transformedURLLength 23, and four code point
 * ranges weighted 100 (one character); everything else, CJK included, weighs 200 (two characters).
 */

import { walkGraphemes } from './graphemes';

const SCALE = 100;
const DEFAULT_WEIGHT = 200;
const TRANSFORMED_URL_LENGTH = 23;

/** twitter-text v3 `ranges`: code points counted as one character. */
const LIGHT_RANGES: readonly (readonly [start: number, end: number])[] = [
  [0, 4351], // U+0000–U+10FF: Latin through Georgian
  [8192, 8205], // spaces up to and including the zero width joiner
  [8208, 8223], // hyphens, dashes, quotes
  [8242, 8247], // primes
];

/**
 * twitter-text finds URLs with its full extractor, bare domains included; this matches only
 * scheme-prefixed URLs, which is what scheduled posts carry. A bare "example.com" is therefore
 * counted character by character (11) instead of as 23: a known, documented undercount.
 */
const URL_PATTERN = /https?:\/\/[!-~]+/giu;
const URL_TRAILING_PUNCTUATION = /[.,;:!?'")\]}]+$/u;

/** Emoji sequences count once at the default weight, however many code points they hold. */
const EMOJI_GRAPHEME = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

function weighCodePoint(codePoint: number): number {
  for (const [start, end] of LIGHT_RANGES) {
    if (codePoint >= start && codePoint <= end) return SCALE;
  }
  return DEFAULT_WEIGHT;
}

function weighPlainText(text: string): number {
  let weight = 0;
  walkGraphemes(
    text,
    (codePoint) => {
      weight += weighCodePoint(codePoint);
    },
    (cluster) => {
      if (EMOJI_GRAPHEME.test(cluster)) {
        weight += DEFAULT_WEIGHT;
        return;
      }
      for (const character of cluster) weight += weighCodePoint(character.codePointAt(0) ?? 0);
    },
  );
  return weight;
}

/** Counts text the way X does: NFC-normalised, CJK and emoji as 2, every URL as 23. */
export function measureXWeightedLength(text: string): number {
  const normalized = text.normalize('NFC');
  let weight = 0;
  let cursor = 0;
  for (const match of normalized.matchAll(URL_PATTERN)) {
    const url = match[0].replace(URL_TRAILING_PUNCTUATION, '');
    weight += weighPlainText(normalized.slice(cursor, match.index));
    weight += TRANSFORMED_URL_LENGTH * SCALE;
    cursor = match.index + url.length;
  }
  weight += weighPlainText(normalized.slice(cursor));
  return weight / SCALE;
}
