import { describe, expect, it } from 'vitest';
import { text } from '../diagnostics';
import {
  CN_AD_LAW_TERMS, compileTermMatcher, findBrandMisspellings, findTermMatches, type ComplianceTerm,
} from './index';

function makeTerm(word: string, exceptions: string[] = []): ComplianceTerm {
  return { term: word, severity: 'warning', reason: text('test', '测试'), suggestions: [], exceptions };
}

const describeMatches = (input: string, terms: readonly ComplianceTerm[]) =>
  findTermMatches(input, terms).map(({ start, end, term: found }) => ({ start, end, term: found.term, text: input.slice(start, end) }));

describe('findTermMatches', () => {
  it('lets the longest match win at a position, and does not report the shorter term inside it', () => {
    expect(describeMatches('我们的产品是全网第一', CN_AD_LAW_TERMS)).toEqual([{ start: 6, end: 10, term: '全网第一', text: '全网第一' }]);
    expect(describeMatches('最高级享受', CN_AD_LAW_TERMS)).toEqual([{ start: 0, end: 3, term: '最高级', text: '最高级' }]);
  });

  it('takes the leftmost match when two overlap, then continues after it', () => {
    const terms = [makeTerm('行业第一'), makeTerm('第一品牌')];
    expect(describeMatches('行业第一品牌', terms).map((match) => match.term)).toEqual(['行业第一']);
    expect(describeMatches('行业第一品牌，也是第一品牌', terms).map((match) => match.term)).toEqual(['行业第一', '第一品牌']);
  });

  it('falls back to a shorter term at the same position when an exception covers the longer one', () => {
    const terms = [makeTerm('最高级', ['最高级别']), makeTerm('最高')];
    expect(describeMatches('最高级别', terms)).toEqual([{ start: 0, end: 2, term: '最高', text: '最高' }]);
  });

  it('suppresses a match only where an exception covers it, not elsewhere in the text', () => {
    expect(describeMatches('第一时间发货，全场第一', CN_AD_LAW_TERMS)).toEqual([{ start: 9, end: 11, term: '第一', text: '第一' }]);
  });

  it('reports UTF-16 offsets through emoji and Chinese punctuation', () => {
    const input = '🎉新品上市！全网第一🔥👨‍👩‍👧送礼首选';
    const found = describeMatches(input, CN_AD_LAW_TERMS);
    expect(found).toEqual([
      { start: 7, end: 11, term: '全网第一', text: '全网第一' },
      { start: input.indexOf('首选'), end: input.indexOf('首选') + 2, term: '首选', text: '首选' },
    ]);
  });

  it('normalises full-width latin and matches latin terms case-insensitively', () => {
    expect(describeMatches('ＮＯ．１的品质', CN_AD_LAW_TERMS)).toEqual([{ start: 0, end: 4, term: 'NO.1', text: 'ＮＯ．１' }]);
    expect(describeMatches('销量ｔｏｐ１', CN_AD_LAW_TERMS)).toEqual([{ start: 2, end: 6, term: 'TOP1', text: 'ｔｏｐ１' }]);
    expect(describeMatches('好评No.1', CN_AD_LAW_TERMS).map((match) => match.term)).toEqual(['NO.1']);
    expect(describeMatches('Top1 of the year', CN_AD_LAW_TERMS).map((match) => match.term)).toEqual(['TOP1']);
  });

  it('matches latin terms on word boundaries only', () => {
    expect(findTermMatches('TOP10榜单', CN_AD_LAW_TERMS)).toEqual([]);
    expect(findTermMatches('model NO.12', CN_AD_LAW_TERMS)).toEqual([]);
    expect(findTermMatches('laptop1', CN_AD_LAW_TERMS)).toEqual([]);
    expect(describeMatches('(TOP1)', CN_AD_LAW_TERMS).map((match) => match.text)).toEqual(['TOP1']);
  });

  it('returns nothing for empty text or an empty term list', () => {
    expect(findTermMatches('', CN_AD_LAW_TERMS)).toEqual([]);
    expect(findTermMatches('全网第一', [])).toEqual([]);
  });

  it('gives the same answers from a compiled matcher, and scans long text in one pass', () => {
    const matcher = compileTermMatcher(CN_AD_LAW_TERMS);
    const post = '🎁今天分享一款面霜，第一次用就爱上了！最佳赏味期内用完。限时全网最低价，送礼首选。';
    expect(matcher.find(post)).toEqual(findTermMatches(post, CN_AD_LAW_TERMS));
    expect(matcher.find(post).map((match) => match.term.term)).toEqual(['最低', '首选']);

    const repeats = 2000;
    const long = post.repeat(repeats);
    const found = findTermMatches(long, CN_AD_LAW_TERMS);
    expect(found).toHaveLength(2 * repeats);
    expect(found.every(({ start, end, term: hit }) => long.slice(start, end) === hit.term)).toBe(true);
  });
});

describe('findBrandMisspellings', () => {
  const spelling = { ACME: ['Acme', 'acme'], 小红书: ['小红薯'] };

  it('flags exact wrong forms with their offsets and the preferred spelling', () => {
    expect(findBrandMisspellings('来自Acme的新品，去小红薯看看', spelling)).toEqual([
      { start: 2, end: 6, wrong: 'Acme', preferred: 'ACME' },
      { start: 11, end: 14, wrong: '小红薯', preferred: '小红书' },
    ]);
  });

  it('is case-sensitive: the preferred ACME and unlisted aCME pass', () => {
    expect(findBrandMisspellings('ACME 与 aCME', spelling)).toEqual([]);
    expect(findBrandMisspellings('acme', spelling)).toEqual([{ start: 0, end: 4, wrong: 'acme', preferred: 'ACME' }]);
  });

  it('matches latin forms as whole words: Acme\'s is flagged, Acmes and AcmeCorp are not', () => {
    expect(findBrandMisspellings('Acme\'s new line', spelling).map((found) => found.wrong)).toEqual(['Acme']);
    expect(findBrandMisspellings('Acmes and AcmeCorp', spelling)).toEqual([]);
  });

  it('normalises full-width latin before matching', () => {
    expect(findBrandMisspellings('Ａｃｍｅ新品', spelling)).toEqual([{ start: 0, end: 4, wrong: 'Acme', preferred: 'ACME' }]);
  });

  it('does not flag a wrong form inside the preferred spelling', () => {
    expect(findBrandMisspellings('小米汽车和小米', { 小米汽车: ['小米'] }))
      .toEqual([{ start: 5, end: 7, wrong: '小米', preferred: '小米汽车' }]);
  });

  it('ignores a wrong form identical to its preferred spelling', () => {
    expect(findBrandMisspellings('ACME', { ACME: ['ACME'] })).toEqual([]);
  });
});
