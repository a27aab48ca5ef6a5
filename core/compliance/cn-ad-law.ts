import { text, type LocalizedText } from '../diagnostics';
import type { ComplianceTerm } from './types';

/*
 * The cn-ad-law preset: absolute terms (极限词) under Advertising Law art. 9(3) and SAMR's
 * 《广告绝对化用语执法指南》 (Announcement 2023 No. 6; its text and exemptions as published at
 * http://cvonet.com/law/detail/622987.html, precedent on 极品 at http://m.lc123.net/laws/349795.html).
 *
 * Every term is a warning: whether text is an advertisement, and whether a claim is a true,
 * provable fact, is for the editor to judge. Exceptions follow the guideline's exemptions
 * (usage tips, officially awarded titles, trademarks and names, self-comparison, mission
 * statements) and everyday words that merely contain a term (第一次, 最好提前, 唯一的缺点).
 *
 * Left out on purpose, because they flag ordinary writing far more often than claims and have no
 * legal anchor of their own: 最 alone, 最新, 最近, 最后, 最终, 精确, 优秀, 金牌, 名牌, 永久, 极致.
 */

const ART_9_REASON = text(
  'Advertising Law art. 9(3) bans "国家级", "最高级", "最佳" and similar wording in ads; art. 57 fines the advertiser '
  + '¥200,000–1,000,000. Usage tips, officially awarded titles, standard grades and non-advertising text are exempt '
  + '(SAMR guideline on absolute terms, 2023 No. 6).',
  '《广告法》第九条第（三）项禁止广告使用“国家级”“最高级”“最佳”等用语，第五十七条对广告主处二十万元以上一百万元以下罚款。'
  + '使用提示、依法评定的称号、标准分级及非广告内容除外（市场监管总局《广告绝对化用语执法指南》，2023年第6号公告）。',
);

const SYNONYM_REASON = text(
  'SAMR\'s guideline on absolute terms (2023 No. 6) treats wording with the same or similar meaning as the '
  + '"国家级/最高级/最佳" of Advertising Law art. 9(3) as absolute terms (fine ¥200,000–1,000,000, art. 57). '
  + 'Avoid it in ads unless it is a true self-comparison, a usage tip, part of a trademark or product name, '
  + 'or an officially awarded title.',
  '市场监管总局《广告绝对化用语执法指南》（2023年第6号公告）将与《广告法》第九条第（三）项“国家级”“最高级”“最佳”'
  + '含义相同或近似的用语认定为绝对化用语（第五十七条：罚款二十万元以上一百万元以下）。除真实的自我比较、使用提示、'
  + '商标或商品名称、依法评定的称号外，广告中应避免使用。',
);

const RANKING_REASON = text(
  `${SYNONYM_REASON.en} A ranking is acceptable only as a provable fact that states its time, region and data source, `
  + 'such as "2024年上半年某平台某类目销量第一（数据来源：…）".',
  `${SYNONYM_REASON.zh}排名类表述只有注明时间、地域和数据来源并能够证明时才可使用，`
  + '例如“2024年上半年某平台某类目销量第一（数据来源：…）”。',
);

const SELF_PRICE_REASON = text(
  'Comparing with your own prices is a self-comparison, which SAMR\'s guideline on absolute terms (2023 No. 6) '
  + 'exempts only when it is true. Keep the price records that prove it, or say "优惠价" or "活动价".',
  '与自家价格比较属于自我比较，依市场监管总局《广告绝对化用语执法指南》（2023年第6号公告）须内容真实才可使用。'
  + '请保留能证明的价格记录，或改用“优惠价”“活动价”。',
);

function defineTerm(reason: LocalizedText, term: string, suggestions: string[], exceptions: string[] = []): ComplianceTerm {
  return { term, severity: 'warning', reason, suggestions, exceptions };
}

const defineLegalTerm = (term: string, suggestions: string[], exceptions?: string[]): ComplianceTerm =>
  defineTerm(ART_9_REASON, term, suggestions, exceptions);
const defineSynonymTerm = (term: string, suggestions: string[], exceptions?: string[]): ComplianceTerm =>
  defineTerm(SYNONYM_REASON, term, suggestions, exceptions);
const defineRankingTerm = (term: string, suggestions: string[], exceptions?: string[]): ComplianceTerm =>
  defineTerm(RANKING_REASON, term, suggestions, exceptions);

/** Ordinals and sequence words: 第一 counts things here, it does not rank the product. */
const FIRST_AS_ORDINAL = [
  '第一次', '第一天', '第一步', '第一期', '第一季', '第一集', '第一章', '第一节', '第一届', '第一批', '第一轮', '第一周',
  '第一年', '第一个', '第一位', '第一部', '第一篇', '第一课', '第一站', '第一场', '第一弹', '第一波', '第一单', '第一件',
  '第一条', '第一点', '第一层', '第一排', '第一阶段', '第一版', '第一百', '第一千',
  '第一时间', '第一眼', '第一口', '第一手', '第一印象', '第一视角', '第一人称', '第一性原理',
  // Names of institutions and media (the guideline exempts names).
  '第一财经', '第一人民医院', '第一医院', '第一附属医院', '第一中学', '第一小学',
];

/** The built-in cn-ad-law terms, legal tier first, then SAMR near-synonyms. */
export const CN_AD_LAW_TERMS: readonly ComplianceTerm[] = [
  defineLegalTerm('国家级', ['正规', '专业'], [
    // Titles conferred under state rules: exempt as officially awarded titles.
    '国家级非物质文化遗产', '国家级非遗', '国家级自然保护区', '国家级风景名胜区', '国家级森林公园', '国家级地质公园',
    '国家级湿地公园', '国家级旅游度假区', '国家级新区', '国家级经济技术开发区', '国家级高新技术产业开发区', '国家级高新区',
    '国家级专精特新',
  ]),
  defineLegalTerm('最高级', ['高级', '高端']),
  defineLegalTerm('最佳', ['优质', '出色'], [
    // Usage tips (使用方法、时间、保存期限) are exempt.
    '最佳食用时间', '最佳食用期', '最佳食用方法', '最佳赏味期', '最佳饮用期', '最佳饮用时间', '最佳饮用温度',
    '最佳使用时间', '最佳使用方法', '最佳保存温度', '最佳储存温度', '最佳保存期', '最佳观赏期', '最佳观赏时间',
    '最佳拍摄时间', '最佳旅游季节', '最佳旅行时间',
    // Award titles.
    '最佳男主角', '最佳女主角', '最佳男配角', '最佳女配角', '最佳导演', '最佳影片', '最佳编剧', '最佳新人',
    '最佳实践',
  ]),
  defineSynonymTerm('最好', ['很好', '优质'], [
    // 最好 as "had better": advice, not a claim.
    '最好提前', '最好不要', '最好别', '最好先', '最好在', '最好还是', '最好能', '最好是', '最好把', '最好将', '最好及时',
    '最好尽快', '最好避免', '最好多', '最好少', '最好带', '最好穿',
  ]),
  defineRankingTerm('第一', ['热销', '广受好评'], FIRST_AS_ORDINAL),
  defineRankingTerm('第一品牌', ['知名品牌']),
  defineRankingTerm('全网第一', ['热销', '广受好评']),
  defineRankingTerm('全国第一', ['热销', '广受好评']),
  defineRankingTerm('国内第一', ['热销', '广受好评']),
  defineRankingTerm('中国第一', ['热销', '广受好评']),
  defineRankingTerm('全球第一', ['热销', '广受好评']),
  defineRankingTerm('世界第一', ['热销', '广受好评']),
  defineRankingTerm('行业第一', ['热销', '广受好评']),
  defineRankingTerm('销量第一', ['热销', '畅销']),
  defineRankingTerm('销量冠军', ['热销', '畅销']),
  defineRankingTerm('NO.1', ['热门', '热销']),
  defineRankingTerm('TOP1', ['热门', '热销']),
  defineSynonymTerm('唯一', ['特有', '独特'], [
    // A review's "only downside" is not a claim of uniqueness.
    '唯一的缺点', '唯一缺点', '唯一的不足', '唯一不足', '唯一的遗憾', '唯一遗憾', '唯一的问题', '唯一的槽点', '唯一槽点',
    '唯一的办法', '唯一的方法', '唯一标识',
  ]),
  defineSynonymTerm('独一无二', ['独特', '别具一格']),
  defineSynonymTerm('首个', ['新推出的', '创新'], ['首个工作日', '首个交易日', '首个周末']),
  defineSynonymTerm('首选', ['推荐', '值得考虑'], ['首选项']),
  defineSynonymTerm('首家', ['较早', '新开'], ['首家门店', '首家店', '首家分店', '首家旗舰店']),
  defineSynonymTerm('全国首家', ['较早', '新开']),
  defineSynonymTerm('最高', ['很高', '较高'], [
    '最高人民法院', '最高人民检察院', '最高法院', '最高检察院', '最高气温', '最高温度', '最高时速', '最高车速',
  ]),
  defineSynonymTerm('最低', ['优惠', '实惠'], ['最低气温', '最低温度', '最低工资', '最低消费', '最低生活保障', '最低配置', '最低要求']),
  defineTerm(SELF_PRICE_REASON, '本店最低价', ['优惠价', '活动价']),
  defineTerm(SELF_PRICE_REASON, '历史最低价', ['优惠价', '活动价']),
  defineSynonymTerm('最便宜', ['实惠', '优惠']),
  defineSynonymTerm('最大', ['大', '大型'], [
    // The product's own strongest point compared with its other features: a self-comparison.
    '最大的特点', '最大特点', '最大的亮点', '最大亮点', '最大的优点', '最大优点', '最大的缺点', '最大缺点', '最大的区别',
    '最大区别', '最大的不同', '最大的收获', '最大的感受',
    // Specifications and plain words.
    '最大化', '最大值', '最大容量', '最大功率', '最大承重', '最大载重',
  ]),
  defineSynonymTerm('最先进', ['先进', '新一代']),
  defineSynonymTerm('世界级', ['高水准', '专业级']),
  defineSynonymTerm('世界领先', ['先进', '高水平']),
  defineSynonymTerm('独家', ['特色', '自有']),
  defineSynonymTerm('极品', ['精品', '优品'], ['极品飞车']),
  defineSynonymTerm('顶级', ['高端', '精选'], ['顶级域名']),
  defineSynonymTerm('顶尖', ['优秀', '出众']),
  defineSynonymTerm('终极', ['全面', '进阶'], ['终极目标']),
  defineSynonymTerm('绝对', ['非常', '确实'], [
    '绝对值', '绝对路径', '绝对零度', '绝对音感',
    // Warnings to the reader are usage tips, not claims.
    '绝对不要', '绝对不能', '绝对别', '绝对禁止',
  ]),
  defineSynonymTerm('史无前例', ['少见', '难得']),
  defineSynonymTerm('绝无仅有', ['少见', '难得']),
  defineSynonymTerm('万能', ['多用途', '多功能'], ['万能胶', '万能钥匙']),
];
