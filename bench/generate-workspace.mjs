// Generates a large, realistic playbook workspace for the validate benchmark: a Workspace with
// five Chinese platforms, 50 campaign files holding 10,000 posts between them, a few SOPs, goals
// and checks, and the body and media files the posts point at (tiny but real PNG/MP4 headers).
// Deterministic: the same options always write the same bytes.
//
// Usage: node bench/generate-workspace.mjs [--out bench/out/workspace-10k] [--posts 10000] [--campaigns 50]
//          [--image-kb 0 --video-kb 0]   pad media files to real-world sizes (default: headers only)
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../scripts/seeded-random.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Seeded random helpers over mulberry32, so the workspace is the same on every machine. */
function createRandom(seed) {
  const next = mulberry32(seed);
  return {
    next,
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
    chance: (probability) => next() < probability,
  };
}

// A 1x1 PNG and the header of an MP4: enough for an extension and magic-number check.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const MP4 = Buffer.concat([Buffer.from('000000186674797069736f6d0000020069736f6d6d703431', 'hex'), Buffer.from('flywheel bench placeholder video')]);

const CHANNELS = [
  { id: 'wechat-main', platform: 'wechat-oa' },
  { id: 'douyin-main', platform: 'douyin' },
  { id: 'xhs-main', platform: 'xiaohongshu' },
  { id: 'bilibili-main', platform: 'bilibili' },
  { id: 'weibo-main', platform: 'weibo' },
];
const PEOPLE = [
  ['alice', '张三', 'ops'], ['bob', '李四', 'ops'], ['carol', '王五', 'ops'], ['dave', '赵六', 'leadership'],
  ['erin', '孙七', 'ops'], ['frank', '周八', 'community'], ['grace', '吴九', 'ops'], ['heidi', '郑十', 'leadership'],
];
const REVIEWERS = ['bob', 'dave', 'erin', 'grace'];

// Phrase pools for titles and bodies: everyday brand copy, free of ad-law absolutes (最佳, 第一, 国家级 ...).
const TOPICS = ['春日野餐', '通勤咖啡', '周末早午餐', '办公室下午茶', '露营手冲', '冷萃新品', '秋冬暖饮', '年货礼盒', '开学季', '毕业季', '中秋团圆', '国庆出游', '读书日', '母亲节', '父亲节', '夏日冰饮'];
const HOOKS = ['一杯刚刚好', '慢下来的十分钟', '给自己放个小假', '把日子过成诗', '今天也辛苦了', '和朋友分享', '在路上', '从清晨开始', '小小的仪式感', '值得一试'];
const FORMS = ['图文', '短视频', '直播预告', '用户故事', '幕后花絮', '新品测评', '门店探访', '配方教程'];
const TAGS = ['咖啡', '手冲', '冷萃', '拿铁', '美式', '下午茶', '周末', '通勤', '生活方式', '好物分享', '探店', '早餐', '治愈', '打工人', '学生党', '露营', '礼盒', '新品'];
const SENTENCES = [
  '这周我们去了三家社区门店, 记录下店员和老顾客之间的小故事。',
  '水粉比 1:15, 水温 92 度, 闷蒸 30 秒, 在家也能做出干净的风味。',
  '评论区说说你今天的早餐咖啡是在哪里喝的, 我们挑 10 位送出周边。',
  '新品冷萃采用 12 小时低温萃取, 口感更顺, 酸度更柔和。',
  '通勤路上来不及吃早餐? 试试拿铁配全麦贝果, 十分钟搞定。',
  '门店伙伴分享了他们的私藏搭配: 燕麦拿铁加一点海盐焦糖。',
  '周末去露营, 别忘了带上便携手冲壶和一袋挂耳。',
  '感谢每一位留言的朋友, 你们的建议我们都认真读了。',
  '这次的包装用了可回收纸材, 拆开以后还能当收纳盒。',
  '天气转凉, 热饮菜单上新, 姜汁拿铁和桂花拿铁回归。',
  '我们整理了一份冲煮参数表, 收藏起来慢慢试。',
  '直播间准备了新品试饮和咖啡师问答, 记得预约。',
];

const pad = (value, width = 2) => String(value).padStart(width, '0');
const isoDate = (epochDay) => new Date(epochDay * 86_400_000).toISOString().slice(0, 10);
const epochDayOf = (date) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/** YAML text for a plain string that might need quoting (it never holds a newline here). */
const quote = (value) => (/[:#,[\]{}&*!|>'"%@`?]|^\s|\s$|^-/.test(value) ? JSON.stringify(value) : value);

function body(random, maxChars) {
  const parts = [];
  let length = 0;
  for (;;) {
    const sentence = random.pick(SENTENCES);
    if (length + sentence.length > maxChars && parts.length > 0) break;
    parts.push(sentence);
    length += sentence.length;
    if (parts.length >= 8) break;
  }
  return parts.join('');
}

/** A title within the tightest limit of the post's channels (xiaohongshu 20, douyin 30, wechat 32, bilibili 80). */
function title(random, maxChars) {
  const candidates = [`${random.pick(TOPICS)}｜${random.pick(HOOKS)}`, `${random.pick(TOPICS)}${random.pick(FORMS)}`, random.pick(HOOKS)];
  return candidates.find((candidate) => [...candidate].length <= maxChars) ?? random.pick(HOOKS);
}

function workspaceYaml() {
  return `apiVersion: flywheel/v1
kind: Workspace
metadata:
  name: bench-newmedia
  title: 基准测试 新媒体部
spec:
  timezone: Asia/Shanghai
  channels:
${CHANNELS.map(({ id, platform }) => `    - { id: ${id}, platform: ${platform}, credentials: secret:flywheel/${id} }`).join('\n')}
  notify:
    - { id: ops, type: wecom-bot, url: secret:flywheel/ops-webhook }
    - { id: leadership, type: feishu-bot, url: secret:flywheel/leadership-webhook, secret: secret:flywheel/leadership-sign }
    - { id: community, type: wecom-bot, url: secret:flywheel/community-webhook }
  people:
${PEOPLE.map(([id, name, notify]) => `    - { id: ${id}, name: ${name}, notify: ${notify} }`).join('\n')}
  metrics:
    - { id: repurchase_rate, title: 复购率, unit: ratio, aggregate: last }
    - { id: private_domain_users, title: 私域用户数, unit: count, aggregate: last }
    - { id: churned_users, title: 社群流失人数, unit: count, aggregate: sum }
  review: { remindBefore: 2h }
  compliance:
    presets: [cn-ad-law]
    terms:
      - { term: 秒杀, severity: warning, reason: 平台限流词 }
      - { term: 稳赚, severity: error, reason: 收益承诺违反广告法 }
    brand:
      spelling: { ACME: [Acme, acme] }
`;
}

const SUPPORT_FILES = {
  'sops/routines.yaml': `apiVersion: flywheel/v1
kind: SOP
metadata: { name: weekly-topic-meeting, title: 周一选题会 }
spec:
  trigger: { schedule: cron(0 10 ? * MON *) }
  steps:
    - { id: remind, notify: [ops], message: "10:30 选题会, 每人准备 3 个选题" }
---
apiVersion: flywheel/v1
kind: SOP
metadata: { name: crisis-response, title: 舆情分级处置 }
spec:
  trigger: { check: negative-spike }
  steps:
    - { id: tier-1, notify: [ops], message: "负面声量异常: {{check.value}}" }
    - { id: tier-2, after: 30m, unlessResolved: true, notify: [ops, leadership], message: "30 分钟未解除, 升级处理" }
---
apiVersion: flywheel/v1
kind: SOP
metadata: { name: post-failed-response, title: 发布失败处置 }
spec:
  trigger: { event: post.failed }
  steps:
    - { id: alert, notify: [ops], message: "有内容发布失败, 请确认后补发" }
`,
  'checks/monitoring.yaml': `apiVersion: flywheel/v1
kind: Check
metadata: { name: negative-spike, title: 负面舆情监测 }
spec:
  schedule: rate(15 minutes)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  for: 2
  severity: critical
  notify: [ops]
  message: 1 小时负面提及 {{value}} 条
  sop: crisis-response
---
apiVersion: flywheel/v1
kind: Check
metadata: { name: douyin-low-interaction, title: 抖音互动率 }
spec:
  schedule: cron(0 9 * * ? *)
  metric: interaction_rate
  where: { channel: douyin-main }
  window: 7d
  condition: "< 3%"
  notify: [ops]
  message: 抖音 7 日互动率 {{value}}, 低于 3%
---
apiVersion: flywheel/v1
kind: Check
metadata: { name: follower-growth, title: 涨粉监测 }
spec:
  schedule: cron(0 10 ? * MON *)
  metric: follower_gain
  window: 7d
  condition: "< 500"
  notify: [ops, leadership]
  message: 本周涨粉 {{value}}, 低于 500
`,
  'goals/2027.yaml': `apiVersion: flywheel/v1
kind: Goal
metadata: { name: growth-2027, title: 2027 规模增长 }
spec:
  phase: mid-term
  window: { start: 2027-01-01, end: 2027-12-31 }
  keyResults:
    - { id: followers-100k, title: 粉丝从一万到十万, metric: followers, baseline: 10000, target: 100000 }
    - { id: viral-posts, title: 每月两条破百万, metric: views, per: post, threshold: ">= 1000000", period: month, target: ">= 2" }
    - { id: repurchase, metric: repurchase_rate, target: ">= 0.30" }
  tolerance: 10%
---
apiVersion: flywheel/v1
kind: Goal
metadata: { name: private-domain-2027, title: 私域建设 }
spec:
  window: { start: 2027-01-01, end: 2027-12-31 }
  keyResults:
    - { id: private-users, metric: private_domain_users, baseline: 2000, target: 20000 }
`,
};

/** Which channels a post goes to: mostly one platform, sometimes a WeChat + Xiaohongshu pair. */
function channelsFor(random) {
  if (random.chance(0.1)) return [CHANNELS[0], CHANNELS[2]];
  return [random.pick(CHANNELS)];
}

/** A media file of about `kilobytes` KB: the real header, then zeros. */
function padded(header, kilobytes) {
  return kilobytes * 1024 > header.length ? Buffer.concat([header, Buffer.alloc(kilobytes * 1024 - header.length)]) : header;
}

function campaignFile(random, index, postCount, files, media) {
  const name = `campaign-${pad(index + 1, 3)}`;
  const startDay = epochDayOf('2027-01-04') + index * 6;
  const length = random.integer(60, 90);
  const window = { start: isoDate(startDay), end: isoDate(startDay + length - 1) };
  const review = index % 2 === 0 ? 'required' : 'none';
  const images = Array.from({ length: 24 }, (_, image) => `media/${name}/image-${pad(image + 1)}.png`);
  const videos = Array.from({ length: 6 }, (_, video) => `media/${name}/video-${pad(video + 1)}.mp4`);
  for (const file of images) files.set(file, media.image);
  for (const file of videos) files.set(file, media.video);
  const lines = [
    `# ${random.pick(TOPICS)}系列: ${postCount} 条内容, 由 bench/generate-workspace.mjs 生成`,
    'apiVersion: flywheel/v1',
    'kind: Campaign',
    'metadata:',
    `  name: ${name}`,
    `  title: ${random.pick(TOPICS)}整合营销 ${index + 1}`,
    `  labels: { team: ${random.pick(['content', 'brand', 'community'])}, wave: w${pad((index % 12) + 1)} }`,
    'spec:',
    `  window: { start: ${window.start}, end: ${window.end} }`,
    `  owner: ${random.pick(['alice', 'carol', 'erin'])}`,
    `  review: ${review}`,
    `  contentType: ${random.pick(['holiday', 'product', 'user-story', 'tutorial'])}`,
    '  posts:',
  ];
  for (let post = 0; post < postCount; post += 1) {
    const id = `p${pad(index + 1, 3)}-${pad(post + 1, 4)}`;
    const channels = channelsFor(random);
    const platforms = new Set(channels.map((channel) => channel.platform));
    const titleLimit = platforms.has('xiaohongshu') ? 20 : platforms.has('douyin') ? 30 : platforms.has('wechat-oa') ? 32 : 80;
    lines.push(`    - id: ${id}`);
    if (random.chance(0.03)) {
      lines.push(`      schedule: cron(${random.integer(0, 11) * 5} ${random.integer(8, 21)} ? * ${random.pick(['MON-FRI', 'SAT,SUN', 'TUE,THU', 'WED'])} *)`);
    } else {
      const day = startDay + random.integer(0, length - 1);
      lines.push(`      at: ${isoDate(day)} ${pad(random.integer(7, 22))}:${pad(random.integer(0, 11) * 5)}`);
    }
    lines.push(`      channels: [${channels.map((channel) => channel.id).join(', ')}]`);
    if (!platforms.has('weibo')) lines.push(`      title: ${quote(title(random, titleLimit))}`);
    if (platforms.has('wechat-oa') && random.chance(0.6)) {
      const file = `content/${name}/${id}.md`;
      files.set(file, Buffer.from(`# ${title(random, 32)}\n\n${body(random, 900)}\n\n${body(random, 900)}\n`));
      lines.push(`      body: { file: ../${file} }`);
    } else {
      lines.push(`      body: ${quote(body(random, platforms.has('weibo') ? 120 : random.integer(60, 200)))}`);
    }
    if (platforms.has('wechat-oa')) lines.push(`      cover: { file: ../${random.pick(images)} }`);
    if (platforms.has('douyin') || platforms.has('bilibili')) {
      lines.push('      media:', `        - { file: ../${random.pick(videos)} }`);
    } else if (platforms.has('xiaohongshu')) {
      lines.push('      media:');
      for (let image = random.integer(1, 4); image > 0; image -= 1) lines.push(`        - { file: ../${random.pick(images)}, alt: ${random.pick(TOPICS)}配图 }`);
    }
    if (!platforms.has('weibo')) {
      const tags = new Set(Array.from({ length: random.integer(2, 5) }, () => random.pick(TAGS)));
      lines.push(`      tags: [${[...tags].join(', ')}]`);
    }
    if (review === 'required') lines.push(`      approvedBy: [${random.pick(REVIEWERS)}]`);
    if (random.chance(0.15) && !platforms.has('weibo')) {
      lines.push('      variants:');
      lines.push(`        - { id: a, title: ${quote(title(random, titleLimit))} }`);
      lines.push(`        - { id: b, title: ${quote(title(random, titleLimit))}${platforms.has('wechat-oa') ? `, cover: { file: ../${random.pick(images)} }` : ''} }`);
    }
  }
  lines.push(
    '  kpis:',
    '    - { metric: interaction_rate, target: ">= 0.05", window: 7d, notify: [ops] }',
    `    - { metric: follower_gain, target: ">= ${random.integer(10, 80) * 100}", window: 7d, notify: [ops, leadership] }`,
  );
  return `${lines.join('\n')}\n`;
}

/** Writes the workspace and returns what it holds. */
/** `counts`: posts per campaign file, in place of `posts` spread evenly over `campaigns`. */
export function generateWorkspace({ out, posts = 10_000, campaigns = 50, counts, seed = 2027, imageKb = 0, videoKb = 0 }) {
  const random = createRandom(seed);
  const media = { image: padded(PNG, imageKb), video: padded(MP4, videoKb) };
  const files = new Map([['workspace.yaml', Buffer.from(workspaceYaml())]]);
  for (const [path, text] of Object.entries(SUPPORT_FILES)) files.set(path, Buffer.from(text));
  const perCampaign = counts ?? Array.from({ length: campaigns }, (_, index) => Math.floor(posts / campaigns) + (index < posts % campaigns ? 1 : 0));
  for (const [index, count] of perCampaign.entries()) {
    files.set(`campaigns/${`campaign-${pad(index + 1, 3)}`}.yaml`, Buffer.from(campaignFile(random, index, count, files, media)));
  }
  rmSync(out, { recursive: true, force: true });
  let yamlBytes = 0;
  let allBytes = 0;
  for (const [path, bytes] of files) {
    mkdirSync(dirname(join(out, path)), { recursive: true });
    writeFileSync(join(out, path), bytes);
    if (path.endsWith('.yaml')) yamlBytes += bytes.length;
    allBytes += bytes.length;
  }
  return { out, files: files.size, yamlFiles: [...files.keys()].filter((path) => path.endsWith('.yaml')).length, yamlBytes, allBytes, posts: perCampaign.reduce((sum, count) => sum + count, 0) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: {
    out: { type: 'string' }, posts: { type: 'string' }, campaigns: { type: 'string' }, 'image-kb': { type: 'string' }, 'video-kb': { type: 'string' },
  } });
  const summary = generateWorkspace({
    out: resolve(values.out ?? join(ROOT, 'bench/out/workspace-10k')),
    posts: Number(values.posts ?? 10_000),
    campaigns: Number(values.campaigns ?? 50),
    imageKb: Number(values['image-kb'] ?? 0),
    videoKb: Number(values['video-kb'] ?? 0),
  });
  console.log(`Generated ${summary.posts} posts in ${summary.yamlFiles} playbook files (${(summary.yamlBytes / 1024 / 1024).toFixed(1)} MB of YAML), ${summary.files} files (${(summary.allBytes / 1024 / 1024).toFixed(0)} MB) in all, under ${summary.out}`);
}
