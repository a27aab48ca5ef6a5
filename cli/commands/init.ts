/*
 * `flywheel init [dir]`: scaffolds a new playbooks folder a team can start from: a workspace, one
 * campaign, one SOP, one goal, one check and the JSON schema the editor completes from, each file
 * with the schema modeline. What it writes validates clean; it never overwrites a file.
 */
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateJsonSchema, type Lang } from '../../core/index';
import { detectLang } from '../lang';
import type { CliIo } from '../output';
import { usageError } from '../usage';
import { displayPath } from './shared';

const HELP = `Usage: flywheel init [dir=playbooks] [--timezone <zone>] [--lang en|zh-CN]

Creates a new playbooks folder: workspace.yaml, one campaign, one SOP, one goal, one check and
flywheel.schema.json (editors complete and check fields from it). The folder must be new or empty.
--timezone is the workspace's time zone (an IANA name, default Asia/Shanghai).
Exit status: 0 created, 1 the folder is not empty, 2 usage error.

用法: flywheel init [目录=playbooks] [--timezone <时区>] [--lang en|zh-CN]
新建剧本目录：workspace.yaml、一个活动、一个 SOP、一个目标、一个检查，以及编辑器用来补全和检查字段的
flywheel.schema.json。目录须不存在或为空。--timezone 为工作区时区（IANA 名称，默认 Asia/Shanghai）。
退出码：0 已创建，1 目录不为空，2 用法错误。
`;

const DAY_MS = 86_400_000;
/** A 1×1 white PNG, the starter post's cover (WeChat requires one): replace it with a real image. */
const COVER_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC';
const MODELINE = (depth: string) => `# yaml-language-server: $schema=${depth}flywheel.schema.json\n`;

/** The calendar date of an instant in a time zone, as YYYY-MM-DD. */
function dateIn(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

/** The files of a new workspace, by path inside the folder; dates start today in the workspace's zone. */
export function starterFiles(lang: Lang, timeZone: string, now: Date): Record<string, string | Buffer> {
  const zh = lang === 'zh-CN';
  const day = (offset: number) => dateIn(new Date(now.getTime() + offset * DAY_MS), timeZone);
  const t = (en: string, cn: string) => (zh ? cn : en);
  return {
    'workspace.yaml': `${MODELINE('./')}${t(
      '# The workspace: channels, notify targets, people and metrics are declared here; playbooks refer to them by id.',
      '# 工作区：渠道、通知对象、人员和指标在这里声明，其他剧本只按 id 引用它们。',
    )}
apiVersion: flywheel/v1
kind: Workspace
metadata:
  name: my-team
  title: ${t('My team', '我的团队')}
spec:
  timezone: ${timeZone}
  channels:
    - id: wechat-main
      platform: wechat-oa
      title: ${t('WeChat official account', '公众号')}
      credentials: secret:flywheel/wechat-main
  notify:
    - id: ops
      type: wecom-bot
      title: ${t('Ops on-duty group', '运营值班群')}
      url: secret:flywheel/ops-webhook
  people:
    - { id: owner, name: ${t('Campaign owner', '活动负责人')}, notify: ops }
  metrics:
    - { id: seed_users, title: ${t('Seed users', '种子用户数')}, unit: count, aggregate: last }
`,
    'campaigns/first-campaign.yaml': `${MODELINE('../')}apiVersion: flywheel/v1
kind: Campaign
metadata:
  name: first-campaign
  title: ${t('First campaign', '第一个活动')}
spec:
  window: { start: ${day(0)}, end: ${day(30)} }
  owner: owner
  review: none
  posts:
    - id: hello
      at: ${day(7)} 20:00
      channels: [wechat-main]
      title: ${t('Hello from our team', '你好，我们来了')}
      body: ${t('Our first post, published by Flywheel.', '我们的第一篇内容，由 Flywheel 发布。')}
      cover: { file: ../media/hello-cover.png }
`,
    'sops/weekly-review.yaml': `${MODELINE('../')}apiVersion: flywheel/v1
kind: SOP
metadata:
  name: weekly-review
  title: ${t('Weekly review', '每周复盘')}
spec:
  trigger: { schedule: cron(0 10 ? * MON *) }
  steps:
    - id: remind
      notify: [ops]
      message: "${t('Weekly review at 10:30: bring last week\'s numbers per channel.', '10:30 每周复盘，请带上上周各渠道数据。')}"
`,
    'goals/first-quarter.yaml': `${MODELINE('../')}apiVersion: flywheel/v1
kind: Goal
metadata:
  name: first-quarter
  title: ${t('First quarter', '第一季度')}
spec:
  window: { start: ${day(0)}, end: ${day(90)} }
  keyResults:
    - id: seed-users
      title: ${t('Reach 1,000 seed users', '积累 1000 名种子用户')}
      metric: seed_users
      baseline: 0
      target: 1000
`,
    'checks/follower-growth.yaml': `${MODELINE('../')}apiVersion: flywheel/v1
kind: Check
metadata:
  name: follower-growth
  title: ${t('Follower growth stalls', '涨粉停滞预警')}
spec:
  schedule: cron(30 9 ? * MON *)
  metric: follower_gain
  window: 7d
  condition: "< 100"
  severity: info
  notify: [ops]
  message: "${t('Net new followers in the last 7 days: {{value}}, below 100.', '近 7 日净增粉丝 {{value}}，低于 100。')}"
`,
    'media/hello-cover.png': Buffer.from(COVER_PNG, 'base64'),
    'flywheel.schema.json': `${JSON.stringify(generateJsonSchema(), null, 2)}\n`,
  };
}

/** `flywheel init [dir]`: writes the starter files into a new or empty folder. */
export function runInit(argv: string[], io: CliIo): number {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { timezone: { type: 'string' }, lang: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usageError(io, error instanceof Error ? error.message : String(error), HELP);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(HELP);
    return 0;
  }
  if (positionals.length > 1) return usageError(io, `expected at most one folder, got ${positionals.length}`, HELP);
  const lang = detectLang(values.lang);
  if (!lang) return usageError(io, `--lang must be en or zh-CN, not "${String(values.lang)}"`, HELP);
  const timeZone = values.timezone ?? 'Asia/Shanghai';
  if (!isTimeZone(timeZone)) return usageError(io, `--timezone must be an IANA time zone such as Asia/Shanghai, not "${timeZone}" / 时区须为 IANA 名称`, HELP);

  const dir = resolve(io.cwd, positionals[0] ?? 'playbooks');
  const shown = displayPath(io, dir, '.');
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
    io.err(lang === 'zh-CN'
      ? `flywheel init：${shown} 已存在且不是空目录，未写入任何文件。请换一个新目录名，或先清空它。\n`
      : `flywheel init: ${shown} exists and is not an empty folder; nothing was written. Choose a new folder name, or empty it first.\n`);
    return 1;
  }
  const files = starterFiles(lang, timeZone, new Date());
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, content, { flag: 'wx' });
  }
  io.out(lang === 'zh-CN'
    ? `已在 ${shown} 中创建 ${Object.keys(files).length} 个文件。下一步：flywheel validate ${shown}，然后 flywheel plan ${shown}。\n`
    : `Created ${Object.keys(files).length} files in ${shown}. Next: flywheel validate ${shown}, then flywheel plan ${shown}.\n`);
  return 0;
}
