import { describe, expect, it } from 'vitest';
import { CN_AD_LAW_TERMS, PRESETS, findTermMatches } from './index';

const findTermWords = (text: string): string[] => findTermMatches(text, CN_AD_LAW_TERMS).map((match) => match.term.term);

describe('cn-ad-law preset', () => {
  it('is what PRESETS offers as cn-ad-law', () => {
    expect(PRESETS['cn-ad-law']).toBe(CN_AD_LAW_TERMS);
  });

  it('keeps every term a warning with a bilingual reason, suggestions, and exceptions that contain it', () => {
    const seen = new Set<string>();
    for (const entry of CN_AD_LAW_TERMS) {
      expect(seen.has(entry.term), `duplicate term ${entry.term}`).toBe(false);
      seen.add(entry.term);
      expect(entry.severity, entry.term).toBe('warning');
      expect(entry.reason.en, entry.term).toMatch(/SAMR|Advertising Law/);
      expect(entry.reason.zh, entry.term).toMatch(/广告/);
      expect(entry.suggestions.length, entry.term).toBeGreaterThan(0);
      for (const exception of entry.exceptions) {
        expect(exception.toLowerCase().includes(entry.term.toLowerCase()), `${entry.term}: exception ${exception}`).toBe(true);
        expect(exception, entry.term).not.toBe(entry.term);
      }
    }
  });

  it('leaves out words that are ordinary writing: 最, 最新, 最近, 最后, 最终', () => {
    const listed = CN_AD_LAW_TERMS.map((entry) => entry.term);
    for (const word of ['最', '最新', '最近', '最后', '最终']) expect(listed).not.toContain(word);
    expect(findTermMatches('最近上新，最后一天，最终解释权归本店所有，最新款', CN_AD_LAW_TERMS)).toEqual([]);
  });

  describe('catches every term in a claim', () => {
    for (const entry of CN_AD_LAW_TERMS) {
      it(entry.term, () => {
        const claim = `这款产品是${entry.term}的选择`;
        const matches = findTermMatches(claim, CN_AD_LAW_TERMS);
        expect(matches.map((match) => match.term)).toEqual([entry]);
        expect(claim.slice(matches[0]?.start, matches[0]?.end)).toBe(entry.term);
      });
    }
  });

  describe('does not flag any exception phrase', () => {
    for (const entry of CN_AD_LAW_TERMS.filter(({ exceptions }) => exceptions.length > 0)) {
      it(`${entry.term}: ${entry.exceptions.join(' ')}`, () => {
        for (const exception of entry.exceptions) {
          expect(findTermMatches(`今天说说${exception}这件事`, CN_AD_LAW_TERMS), exception).toEqual([]);
        }
      });
    }
  });

  it('flags real claims', () => {
    expect(findTermWords('我们的产品是全网第一')).toEqual(['全网第一']);
    expect(findTermWords('本品连续三年销量第一')).toEqual(['销量第一']);
    expect(findTermWords('这款面膜在同类产品中排名第一')).toEqual(['第一']);
    expect(findTermWords('国家级产品，品质最佳')).toEqual(['国家级', '最佳']);
    expect(findTermWords('送礼首选，限时最低价')).toEqual(['首选', '最低']);
    expect(findTermWords('效果绝对好，史无前例的优惠')).toEqual(['绝对', '史无前例']);
    expect(findTermWords('最好的礼物给最好的你')).toEqual(['最好', '最好']);
    expect(findTermWords('唯一指定合作品牌')).toEqual(['唯一']);
    expect(findTermWords('全国首家门店正式开业')).toEqual(['全国首家']);
    expect(findTermWords('本店最低价，错过等一年')).toEqual(['本店最低价']);
  });

  it('lets everyday phrases through', () => {
    for (const harmless of [
      '第一次参加活动', '最近上新', '第一时间回复', '春季上新第一弹', '第一步：洁面', '你最好提前预约', '最好不要空腹吃',
      '最佳赏味期为30天', '建议最佳饮用温度为8℃', '这款面霜唯一的缺点是有点贵', '它最大的亮点是续航', '我们的首家门店开业啦',
      '国家级非物质文化遗产传承人手作', '无最低消费', '今天最高气温35度', '提升用户体验的最佳实践', '我们的终极目标是让每个人用得起',
      '绝对不要用热水冲泡', '北京市第一人民医院', '把安全放在第一位', '设置里打开首选项',
    ]) {
      expect(findTermMatches(harmless, CN_AD_LAW_TERMS), harmless).toEqual([]);
    }
  });
});
