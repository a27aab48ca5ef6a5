import type { Lang } from '../diagnostics';

const UNIT_WORDS: Readonly<Record<string, { readonly zh: string; readonly en: readonly [string, string] }>> = {
  m: { zh: '分钟', en: ['minute', 'minutes'] },
  h: { zh: '小时', en: ['hour', 'hours'] },
  d: { zh: '天', en: ['day', 'days'] },
  w: { zh: '周', en: ['week', 'weeks'] },
};

/** A duration as written in a playbook (`7d`, `30m`) in words: 7 天, 30 分钟; anything else as written. */
export function formatDuration(duration: string, lang: Lang): string {
  const match = /^(\d+)([mhdw])$/.exec(duration.trim());
  const words = match ? UNIT_WORDS[match[2] ?? ''] : undefined;
  if (!match || !words) return duration;
  const count = Number(match[1]);
  return lang === 'zh-CN' ? `${count} ${words.zh}` : `${count} ${words.en[count === 1 ? 0 : 1]}`;
}
