/** Skeletons of each kind of playbook document, offered on an empty document (LSP snippet syntax). */
import type { Kind, Lang } from '../../../core/index';

interface Skeleton {
  readonly kind: Kind;
  readonly en: string;
  readonly zh: string;
  readonly body: string;
}

const HEAD = (kind: Kind, name: string) => `apiVersion: flywheel/v1\nkind: ${kind}\nmetadata:\n  name: \${1:${name}}\n`;

const SKELETONS: readonly Skeleton[] = [
  {
    kind: 'Workspace', en: 'Workspace: time zone, channels, notify targets and people', zh: '工作区: 时区、渠道、通知目标和人员',
    body: `${HEAD('Workspace', 'my-team')}spec:\n  timezone: \${2:Asia/Shanghai}\n  channels:\n    - { id: \${3:weibo-main}, platform: \${4|weibo,wechat-oa,douyin,xiaohongshu,bilibili,zhihu|} }\n  notify:\n    - { id: \${5:ops-group}, type: wecom-bot, url: secret:\${6:WECOM_OPS_URL} }\n  people:\n    - { id: \${7:alice}, name: \${8:Alice}, notify: \${5} }\n$0`,
  },
  {
    kind: 'Campaign', en: 'Campaign: a window and a content calendar', zh: '营销活动: 时间窗口和内容日历',
    body: `${HEAD('Campaign', 'launch')}spec:\n  window: { start: \${2:2027-01-01}, end: \${3:2027-01-31} }\n  owner: \${4:alice}\n  review: \${5|required,none|}\n  posts:\n    - id: \${6:first-post}\n      at: \${7:2027-01-10 20:00}\n      channels: [\${8:weibo-main}]\n      title: \${9:Title}\n      body: \${10:Text}\n$0`,
  },
  {
    kind: 'SOP', en: 'SOP: a trigger and ordered steps', zh: 'SOP: 触发条件和有序步骤',
    body: `${HEAD('SOP', 'weekly-review')}spec:\n  trigger: { schedule: \${2:cron(0 10 ? * MON *)} }\n  steps:\n    - id: \${3:collect}\n      owner: \${4:alice}\n      notify: [\${5:ops-group}]\n      message: \${6:Collect last week's numbers}\n$0`,
  },
  {
    kind: 'Goal', en: 'Goal: a window and key results', zh: '目标: 时间窗口和关键结果',
    body: `${HEAD('Goal', 'q1-growth')}spec:\n  window: { start: \${2:2027-01-01}, end: \${3:2027-03-31} }\n  keyResults:\n    - id: \${4:followers}\n      metric: \${5:followers}\n      baseline: \${6:10000}\n      target: \${7:20000}\n$0`,
  },
  {
    kind: 'Check', en: 'Check: a metric condition on a schedule', zh: '检查: 按计划评估的指标条件',
    body: `${HEAD('Check', 'negative-spike')}spec:\n  schedule: \${2:rate(15 minutes)}\n  metric: \${3:negative_mentions}\n  window: \${4:1h}\n  condition: "\${5:> 20}"\n  notify: [\${6:ops-group}]\n$0`,
  },
];

/** The skeletons in the reader's language. */
export function skeletons(lang: Lang): { kind: Kind; label: string; description: string; body: string }[] {
  return SKELETONS.map((skeleton) => ({
    kind: skeleton.kind,
    label: lang === 'zh-CN' ? `${skeleton.kind} 骨架` : `${skeleton.kind} skeleton`,
    description: lang === 'zh-CN' ? skeleton.zh : skeleton.en,
    body: skeleton.body,
  }));
}
