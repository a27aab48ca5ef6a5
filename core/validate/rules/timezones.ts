import { text } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import { suggestClosest } from '../../suggest';
import type { Rule, RuleContext } from '../context';

/** IANA zone names without a slash (tzdata's `backward` and legacy files); anything else slash-less is an abbreviation. */
const SLASHLESS_IANA = new Set([
  'UTC', 'GMT', 'UCT', 'Universal', 'Zulu', 'Greenwich', 'GMT0', 'GMT+0', 'GMT-0', 'PRC', 'ROC', 'ROK', 'NZ', 'NZ-CHAT',
  'EST', 'MST', 'HST', 'EST5EDT', 'CST6CDT', 'MST7MDT', 'PST8PDT', 'CET', 'EET', 'MET', 'WET', 'Cuba', 'Egypt', 'Eire',
  'GB', 'GB-Eire', 'Hongkong', 'Iceland', 'Iran', 'Israel', 'Jamaica', 'Japan', 'Kwajalein', 'Libya', 'Navajo', 'Poland',
  'Portugal', 'Singapore', 'Turkey', 'W-SU',
]);

/** What people write for China time, mapped to the zone they mean. */
const CHINA_SPELLINGS = /^(cst|beijing|china|shanghai|bjt|prc|(beijing|china)\s*(standard\s*)?time|(utc|gmt)?\s*\+\s*0?8(:?00)?|asia\/beijing|asia\/chongqing|(北京|中国|上海)(标准)?(时间)?|东八区|东八|东8区|utc\s*8|gmt\s*8)$/i;

let canonicalNames: string[] | undefined;

/** Resolves a zone name through ICU; undefined when it is not a zone at all. */
function resolveZone(name: string): string | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/** Explains what is wrong with a zone name, or undefined when AWS and Flywheel accept it. */
export function describeZoneProblem(name: string): { en: string; zh: string; fix?: string } | undefined {
  const resolved = resolveZone(name);
  const isAbbreviation = !name.includes('/') && !SLASHLESS_IANA.has(name);
  if (resolved && !isAbbreviation) {
    if (resolved.toLowerCase() === name.toLowerCase() && resolved !== name) {
      return { en: `Write "${resolved}": time zone names are case-sensitive in AWS.`, zh: `请写 "${resolved}"：AWS 中时区名区分大小写。`, fix: resolved };
    }
    if (resolved !== name && resolved.toLowerCase() !== name.toLowerCase()) {
      canonicalNames ??= Intl.supportedValuesOf('timeZone');
      const exact = canonicalNames.find((zone) => zone.toLowerCase() === name.toLowerCase());
      if (exact && exact !== name) return { en: `Write "${exact}": time zone names are case-sensitive in AWS.`, zh: `请写 "${exact}"：AWS 中时区名区分大小写。`, fix: exact };
    }
    return undefined;
  }
  // Full-width letters, digits and plus signs (ＵＴＣ＋８) read as their ASCII forms.
  if (CHINA_SPELLINGS.test(name.normalize('NFKC').trim())) {
    return {
      en: `Write Asia/Shanghai for China time: "${name}" is not an IANA time zone name${name.toUpperCase() === 'CST' ? ' (CST is ambiguous: China, US Central or Cuba)' : ''}.`,
      zh: `中国时间请写 Asia/Shanghai："${name}" 不是 IANA 时区名${name.toUpperCase() === 'CST' ? '（CST 有歧义：中国、美国中部或古巴）' : ''}。`,
      fix: 'Asia/Shanghai',
    };
  }
  canonicalNames ??= Intl.supportedValuesOf('timeZone');
  const guess = suggestClosest(name, canonicalNames);
  return {
    en: `"${name}" is not an IANA time zone name.${guess ? ` Did you mean "${guess}"?` : ''} Use a Region/City name such as Asia/Shanghai or America/New_York; offsets and abbreviations (UTC+8, CST) are not accepted by EventBridge Scheduler.`,
    zh: `"${name}" 不是 IANA 时区名。${guess ? `是否应为 "${guess}"？` : ''}请使用“地区/城市”形式，如 Asia/Shanghai、America/New_York；EventBridge Scheduler 不接受偏移量或缩写（UTC+8、CST）。`,
    ...(guess ? { fix: guess } : {}),
  };
}

function checkZone(context: RuleContext, entry: PlaybookEntry, owner: object, zone: string | undefined): void {
  if (zone === undefined) return;
  const problem = describeZoneProblem(zone);
  if (!problem) return;
  const path = [...entry.pathOf(owner), 'timezone'];
  context.reportAt(entry.document, path, 'value', 'error', 'flywheel/timezone', text(problem.en, problem.zh),
    problem.fix ? { fixes: [context.replaceFix(entry.document, path, problem.fix)] } : {});
}

/** Every time zone is an IANA name that EventBridge Scheduler accepts. */
export const timezonesRule: Rule = {
  code: 'flywheel/timezone',
  check(context) {
    for (const entry of context.model.workspaces) checkZone(context, entry, entry.value.spec, entry.value.spec.timezone);
    for (const entry of context.model.campaigns) {
      for (const post of entry.value.spec.posts ?? []) checkZone(context, entry, post, post.timezone);
    }
    for (const entry of context.model.sops) checkZone(context, entry, entry.value.spec.trigger, entry.value.spec.trigger.timezone);
    for (const entry of context.model.checks) checkZone(context, entry, entry.value.spec, entry.value.spec.timezone);
  },
};
