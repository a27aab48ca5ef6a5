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
import { findXUrls } from './x-urls';

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
 * Emoji sequences (a grapheme cluster) count once at the default weight, however many code points
 * they hold. A pictograph X weighs as one character (© and ®) is an emoji only with U+FE0F after
 * it, as in twemoji, which twitter-text uses to find emoji. Known difference: twitter-text 3.1.0's
 * twemoji-parser 11 lists no ZWJ sequence newer than Unicode 11 (❤‍🔥, 🧑‍🤝‍🧑) and weighs their
 * parts one by one; here every sequence counts once.
 */
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Regional_Indicator}/u;
const LIGHT_PICTOGRAPH = /^[\u00A9\u00AE]$/u;
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3/u;
/** Marks and joiners after an emoji that are not part of it (twemoji weighs them on their own); U+FE0F is. */
const TRAILING_EXTRAS = /(?:(?!\uFE0F)[\p{M}\u200D])+$/u;

/** How much of a grapheme cluster is one emoji: its length in UTF-16 units, or 0 when it is none. */
function emojiLength(cluster: string): number {
  const keycap = KEYCAP.exec(cluster);
  if (keycap) return keycap[0].length;
  const emoji = cluster.replace(TRAILING_EXTRAS, '');
  return PICTOGRAPH.test(emoji) && !LIGHT_PICTOGRAPH.test(emoji) ? emoji.length : 0;
}

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
      const emoji = emojiLength(cluster);
      if (emoji > 0) weight += DEFAULT_WEIGHT;
      for (const character of cluster.slice(emoji)) weight += weighCodePoint(character.codePointAt(0) ?? 0);
    },
  );
  return weight;
}

/** Counts text the way X does: NFC-normalised, CJK and emoji as 2, every URL (with or without https://) as 23. */
export function measureXWeightedLength(text: string): number {
  const normalized = text.normalize('NFC');
  const urls = findXUrls(normalized);
  if (urls.length === 0) return weighPlainText(normalized) / SCALE;
  // parseTweet's walk, index by index: a URL or an emoji starting here is weighed whole and
  // skipped (a URL by the length of its text); anything else is one code point.
  const urlLengthAt = new Map(urls.map(({ start, url }) => [start, url.length]));
  const emojiLengthAt = new Map<number, number>();
  let offset = 0;
  walkGraphemes(
    normalized,
    (codePoint) => {
      offset += codePoint > 0xffff ? 2 : 1;
    },
    (cluster) => {
      const length = emojiLength(cluster);
      if (length > 0) emojiLengthAt.set(offset, length);
      offset += cluster.length;
    },
  );
  let weight = 0;
  for (let index = 0; index < normalized.length; index += 1) {
    const urlLength = urlLengthAt.get(index);
    const emoji = emojiLengthAt.get(index);
    if (urlLength !== undefined) {
      weight += TRANSFORMED_URL_LENGTH * SCALE;
      index += urlLength - 1;
    } else if (emoji !== undefined) {
      weight += DEFAULT_WEIGHT;
      index += emoji - 1;
    } else {
      const codePoint = normalized.codePointAt(index) ?? 0;
      if (codePoint > 0xffff) index += 1;
      weight += weighCodePoint(codePoint);
    }
  }
  return weight / SCALE;
}
