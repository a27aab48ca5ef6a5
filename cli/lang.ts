import type { Lang } from '../core/index';

/** The output language: --lang wins, else the locale environment (LC_ALL, LC_MESSAGES, LANG), else English. */
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Lang | undefined {
  if (flag !== undefined) {
    const normalized = flag.toLowerCase().replace('_', '-');
    if (normalized === 'en' || normalized.startsWith('en-')) return 'en';
    if (normalized === 'zh' || normalized.startsWith('zh')) return 'zh-CN';
    return undefined;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}
