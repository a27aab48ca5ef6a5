import { text, type Lang, type LocalizedText } from '../diagnostics';

/*
 * The one glossary: the Chinese (and English) word for each concept a person reads, used by the
 * CLI, the language server, the extension, notifications and reports. Change a term here, never
 * at a call site, so two screens cannot call the same thing by two names.
 */

/** The things a playbook talks about. */
export const TERMS = {
  workspace: text('workspace', '工作区'),
  campaign: text('campaign', '营销活动'),
  post: text('post', '内容'),
  variant: text('variant', '版本'),
  channel: text('channel', '渠道'),
  notifyTarget: text('notify target', '通知目标'),
  person: text('person', '成员'),
  sop: text('SOP', 'SOP'),
  step: text('step', '步骤'),
  goal: text('goal', '目标'),
  keyResult: text('key result', '关键结果'),
  check: text('check', '检查'),
  metric: text('metric', '指标'),
  source: text('metric source', '数据源'),
  value: text('value', '当前值'),
  expected: text('expected', '应达'),
  forecast: text('forecast', '预测'),
  target: text('target', '目标值'),
  baseline: text('baseline', '基线'),
  progress: text('progress', '进度'),
  timezone: text('time zone', '时区'),
  event: text('event', '事件'),
  notify: text('notify', '通知'),
  approval: text('approval', '审批'),
  abTest: text('A/B test', 'A/B 测试'),
} as const satisfies Record<string, LocalizedText>;

/** Where a key result or goal stands (spec: Goal status). */
export const GOAL_STATUS_TEXT = {
  achieved: text('achieved', '已达成'),
  'on-track': text('on track', '进度正常'),
  'at-risk': text('at risk', '有风险'),
  'off-track': text('off track', '偏离'),
  'not-started': text('not started', '未开始'),
  'no-data': text('no data', '无数据'),
  stale: text('stale', '数据过期'),
} as const satisfies Record<string, LocalizedText>;

/** How severe a diagnostic or a check is. */
export const SEVERITY_TEXT = {
  error: text('error', '错误'),
  warning: text('warning', '警告'),
  info: text('info', '提示'),
  critical: text('critical', '严重'),
} as const satisfies Record<string, LocalizedText>;

/** What happened to a post at its time. */
export const POST_OUTCOME_TEXT = {
  published: text('published', '已发布'),
  blocked: text('blocked', '已拦截'),
  failed: text('failed', '发布失败'),
  unconfirmed: text('unconfirmed', '结果待确认'),
  'handed-off': text('handed off', '转人工发布'),
  held: text('held', '已暂停'),
  late: text('late', '延迟发送'),
} as const satisfies Record<string, LocalizedText>;

/** What a check did. */
export const CHECK_EVENT_TEXT = {
  fired: text('fired', '触发'),
  resolved: text('resolved', '已恢复'),
  'no-data': text('no data', '无数据'),
  acknowledged: text('acknowledged', '已确认处理'),
} as const satisfies Record<string, LocalizedText>;

/** An event that can start an SOP (spec: SOP trigger), as `{{event}}` and the timeline show it. */
export const EVENT_TEXT = {
  'post.failed': text('post failed', '发布失败'),
  'post.blocked': text('post blocked', '内容被拦截'),
  'post.unconfirmed': text('post outcome unconfirmed', '发布结果待确认'),
  'post.held': text('post held by a pause', '内容已暂停发送'),
  'goal.off-track': text('goal off track', '目标偏离'),
  'goal.at-risk': text('goal at risk', '目标有风险'),
  'check.fired': text('check fired', '检查触发'),
  'credential.failed': text('credentials failed', '凭据失效'),
} as const satisfies Record<string, LocalizedText>;

/** What an A/B test concluded. */
export const AB_VERDICT_TEXT = {
  winner: text('winner', '胜出'),
  'no-difference': text('no significant difference', '无显著差异'),
  'insufficient-data': text('not enough data yet', '数据不足'),
} as const satisfies Record<string, LocalizedText>;

/** A term in a language; an unknown key (a status from a newer store, say) shows as it is. */
export function term<T extends Record<string, LocalizedText>>(table: T, key: string, lang: Lang): string {
  const entry = Object.prototype.hasOwnProperty.call(table, key) ? table[key as keyof T] : undefined;
  if (!entry) return key;
  return lang === 'zh-CN' ? entry.zh : entry.en;
}
