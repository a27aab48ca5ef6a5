import { describe, expect, it } from 'vitest';
import { measureText } from './measure-text';

const FAMILY = '👨‍👩‍👧'; // man, ZWJ, woman, ZWJ, girl: 5 code points, 1 grapheme, 18 UTF-8 bytes

describe('measureText', () => {
  it('counts code points as characters, so an astral emoji is one and a ZWJ family is five', () => {
    expect(measureText('你好, world', 'characters')).toBe(9);
    expect(measureText('👍', 'characters')).toBe(1);
    expect(measureText(FAMILY, 'characters')).toBe(5);
  });

  it('counts user-perceived characters as graphemes', () => {
    expect(measureText(FAMILY, 'graphemes')).toBe(1);
    expect(measureText('🇨🇳', 'graphemes')).toBe(1);
    expect(measureText('e\u0301', 'graphemes')).toBe(1);
    expect(measureText(`新品${FAMILY}上市`, 'graphemes')).toBe(5);
  });

  it('counts UTF-8 bytes: ASCII 1, CJK 3, astral 4', () => {
    expect(measureText('a', 'utf8-bytes')).toBe(1);
    expect(measureText('é', 'utf8-bytes')).toBe(2);
    expect(measureText('中', 'utf8-bytes')).toBe(3);
    expect(measureText('👍', 'utf8-bytes')).toBe(4);
    expect(measureText(FAMILY, 'utf8-bytes')).toBe(new TextEncoder().encode(FAMILY).length);
  });

  describe('X weighted length (twitter-text v3)', () => {
    it('counts Latin as 1 and CJK as 2', () => {
      expect(measureText('hello', 'x-weighted')).toBe(5);
      expect(measureText('你好世界', 'x-weighted')).toBe(8);
      expect(measureText('限时5折', 'x-weighted')).toBe(7);
    });

    it('lets 140 Chinese characters fill exactly 280', () => {
      expect(measureText('中'.repeat(140), 'x-weighted')).toBe(280);
      expect(measureText('中'.repeat(141), 'x-weighted')).toBe(282);
    });

    it('weighs the v3 light ranges as 1 and full-width punctuation as 2', () => {
      expect(measureText('—', 'x-weighted')).toBe(1); // U+2014, in 8208–8223
      expect(measureText('′', 'x-weighted')).toBe(1); // U+2032, in 8242–8247
      expect(measureText('！', 'x-weighted')).toBe(2); // U+FF01, outside every range
      expect(measureText('、', 'x-weighted')).toBe(2);
    });

    it('counts any emoji sequence as 2, however many code points it has', () => {
      expect(measureText('👍', 'x-weighted')).toBe(2);
      expect(measureText(FAMILY, 'x-weighted')).toBe(2);
      expect(measureText('🇨🇳', 'x-weighted')).toBe(2);
      expect(measureText('1️⃣', 'x-weighted')).toBe(2);
    });

    it('counts every URL as 23, with or without https://, excluding trailing punctuation', () => {
      expect(measureText('example.com', 'x-weighted')).toBe(23);
      expect(measureText('详情见 example.com/618 。', 'x-weighted')).toBe(6 + 1 + 23 + 1 + 2);
      expect(measureText('https://example.com/a/very/long/path/that/keeps/going', 'x-weighted')).toBe(23);
      expect(measureText('see https://a.co.', 'x-weighted')).toBe(4 + 23 + 1);
      expect(measureText('详情见https://a.co/x', 'x-weighted')).toBe(6 + 23);
    });

    it('normalises to NFC first, so a decomposed é counts once', () => {
      expect(measureText('e\u0301', 'x-weighted')).toBe(1);
    });
  });
});
