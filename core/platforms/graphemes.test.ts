import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countGraphemes, walkGraphemes } from './graphemes';

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const segmentAll = (text: string): string[] => [...segmenter.segment(text)].map(({ segment }) => segment);

/** Pieces that stress every rule the fast path relies on, mixed with plain text. */
const PIECES = [
  'a', 'Z', ' ', '1', '#', '\n', '\r', '\r\n', '\t', 'é', '©', '®', '\u00ad', '—', '…', '‼',
  '中', '文', '，', '。', '【', '〪', 'か', 'ゕ', '\u3099', 'ｶ', '\uff9e', '한', '\u1100', '\u1161', '\u11a8',
  '\u0301', '\u0308', '\u200d', '\u200c', '\ufe0f', '\u20e3', '👍', '🏽', '👨', '👩', '👧', '🇨', '🇳', '🏴', '\u{e0067}',
  'क', '्', 'ष', '\u0600', 'ก', '\u0e33',
];

describe('walkGraphemes', () => {
  it('cuts every text exactly as Intl.Segmenter does', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
      const textToWalk = pieces.join('');
      const graphemes: string[] = [];
      walkGraphemes(textToWalk, (codePoint) => graphemes.push(String.fromCodePoint(codePoint)), (cluster) => graphemes.push(cluster));
      expect(graphemes).toEqual(segmentAll(textToWalk));
    }), { numRuns: 2000 });
  });

  it('counts a ZWJ family, a flag and a keycap as one each, next to Chinese', () => {
    expect(countGraphemes('全家👨‍👩‍👧出游🇨🇳第1️⃣站')).toBe(9);
    expect(countGraphemes('')).toBe(0);
  });
});
