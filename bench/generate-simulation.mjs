// Generates the workspace and metrics for the `flywheel simulate` benchmark: one year (2027) with
// the 10,000 posts of bench/generate-workspace.mjs (50 campaigns whose windows are spread over the
// year), 50 checks, 5 goals with 20 key results, and 1,000,000 metric points over the metrics and
// channels those checks and key results read. Deterministic: the same options write the same bytes.
//
// Usage: node bench/generate-simulation.mjs [--out bench/out/simulate-10k] [--posts 10000] [--points 1000000]
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import jsYaml from 'js-yaml';
import { generateWorkspace } from './generate-workspace.mjs';
import { mulberry32 } from '../scripts/seeded-random.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const ZONE_OFFSET_MS = 8 * HOUR_MS; // Asia/Shanghai, the generated workspace's zone (no DST).
const YEAR_START = Date.parse('2027-01-01T00:00:00+08:00');
const YEAR_HOURS = 365 * 24;
const CHANNELS = ['wechat-main', 'douyin-main', 'xhs-main', 'bilibili-main', 'weibo-main'];
/** Per-post metrics, as a platform's content export reports them. */
const POST_METRICS = ['views', 'likes', 'comments', 'shares', 'saves'];
/** How long after publishing a post's numbers keep being exported, and the typical first-day views. */
const POST_TRACKED_DAYS = 14;
/** How many files the CSV is also split into (see generateSimulation). */
const PARTS = 20;

/** Seeded random helpers over mulberry32, with their own seed so the two generators stay independent. */
function createRandom(seed) {
  const next = mulberry32(seed);
  return { next, integer: (min, max) => min + Math.floor(next() * (max - min + 1)), pick: (items) => items[Math.floor(next() * items.length)] };
}

const pad = (value, width = 2) => String(value).padStart(width, '0');

/**
 * 50 checks: 4 opinion monitors every 15 minutes, 22 hourly, 24 daily (a few weekly among them),
 * reading account-level series (mentions, followers, business metrics) and per-post engagement.
 * The first three keep the names the support SOPs refer to (negative-spike starts crisis-response).
 */
function checksYaml(random) {
  const checks = [
    { name: 'negative-spike', title: '负面舆情监测', schedule: 'rate(15 minutes)', metric: 'negative_mentions', window: '1h', condition: '> 150', for: 2, severity: 'critical', notify: ['ops'], message: '1 小时负面提及 {{value}} 条', sop: 'crisis-response' },
    { name: 'douyin-low-interaction', title: '抖音互动率', schedule: 'cron(0 9 * * ? *)', metric: 'interaction_rate', where: { channel: 'douyin-main' }, window: '7d', condition: '< 3%', notify: ['ops'], message: '抖音 7 日互动率 {{value}}, 低于 3%' },
    { name: 'follower-growth', title: '涨粉监测', schedule: 'cron(0 10 ? * MON *)', metric: 'follower_gain', window: '7d', condition: '< 500', notify: ['ops', 'leadership'], message: '本周涨粉 {{value}}, 低于 500' },
  ];
  for (const channel of ['weibo-main', 'douyin-main', 'xhs-main']) {
    checks.push({ name: `negative-${channel}`, schedule: 'rate(15 minutes)', metric: 'negative_mentions', where: { channel }, window: '1h', condition: `> ${random.integer(16, 24)}`, for: 2, severity: 'critical', notify: ['ops'], message: `${channel} 1 小时负面提及 {{value}} 条` });
  }
  const hourly = [
    ...CHANNELS.map((channel) => ({ metric: 'mentions', where: { channel }, window: '1h', condition: `> ${random.integer(110, 140)}` })),
    ...CHANNELS.map((channel) => ({ metric: 'follower_gain', where: { channel }, window: '6h', condition: '< 0' })),
    ...CHANNELS.map((channel) => ({ metric: 'views', where: { channel }, window: '24h', condition: `< ${random.integer(20, 60) * 1000}` })),
    { metric: 'orders', window: '1h', condition: '< 3' },
    { metric: 'revenue', window: '3h', condition: '< 1000' },
    { metric: 'leads', window: '2h', condition: '< 2' },
    { metric: 'churned_users', window: '1h', condition: '> 15' },
    { metric: 'comments', window: '1h', condition: '> 4000' },
    { metric: 'engagements', window: '6h', condition: '< 2000' },
    { metric: 'mentions', window: '1h', condition: '> 550' },
  ];
  hourly.forEach((check, index) => {
    checks.push({ name: `hourly-${pad(index + 1)}-${check.metric.replace(/_/g, '-')}`, schedule: `cron(${random.integer(0, 11) * 5} * * * ? *)`, ...check, notify: ['ops'], message: `${check.metric} {{value}}` });
  });
  const daily = [
    ...CHANNELS.map((channel) => ({ metric: 'interaction_rate', where: { channel }, window: '7d', condition: '< 4%' })),
    ...CHANNELS.map((channel) => ({ metric: 'followers', where: { channel }, window: '1d', condition: `< ${random.integer(20, 40) * 1000}` })),
    ...CHANNELS.map((channel) => ({ metric: 'engagements', where: { channel }, window: '1d', condition: `< ${random.integer(5, 20) * 1000}` })),
    { metric: 'views', window: '1d', condition: '< 200000' },
    { metric: 'shares', window: '7d', condition: '< 20000' },
    { metric: 'saves', window: '7d', condition: '< 20000' },
    { metric: 'revenue', window: '1d', condition: '< 20000', weekly: true },
    { metric: 'orders', window: '7d', condition: '< 500', weekly: true },
    { metric: 'repurchase_rate', window: '1d', condition: '< 0.2' },
    { metric: 'comments', where: { channel: 'bilibili-main' }, window: '1d', condition: '< 500' },
  ];
  daily.forEach(({ weekly, ...check }, index) => {
    const hour = random.integer(8, 11);
    const schedule = weekly ? `cron(0 ${hour} ? * MON *)` : `cron(${random.integer(0, 3) * 15} ${hour} * * ? *)`;
    checks.push({ name: `daily-${pad(index + 1)}-${check.metric.replace(/_/g, '-')}`, schedule, ...check, notify: ['ops', 'leadership'], message: `${check.metric} {{value}}` });
  });
  if (checks.length !== 50) throw new Error(`expected 50 checks, built ${checks.length}`);
  const documents = checks.map(({ name, title, ...spec }) => jsYaml.dump({
    apiVersion: 'flywheel/v1', kind: 'Check', metadata: { name, ...(title ? { title } : {}) }, spec,
  }, { lineWidth: -1, quotingType: '"' }));
  return { yaml: documents.join('---\n'), checks };
}

/** 5 goals, 20 key results: cumulative sums, latest levels, a ratio and two per-post counts. */
function goalsYaml() {
  const goals = [
    { name: 'growth-2027', title: '2027 规模增长', window: { start: '2027-01-01', end: '2027-12-31' }, keyResults: [
      { id: 'followers-100k', metric: 'followers', baseline: 10000, target: 100000 },
      { id: 'viral-posts', metric: 'views', per: 'post', threshold: '>= 100000', period: 'month', target: '>= 2' },
      { id: 'views-300m', metric: 'views', target: 300000000 },
      { id: 'follower-gain', metric: 'follower_gain', target: 60000 },
      { id: 'repurchase', metric: 'repurchase_rate', target: '>= 0.30' },
    ] },
    { name: 'private-domain-2027', title: '私域建设', window: { start: '2027-01-01', end: '2027-12-31' }, keyResults: [
      { id: 'private-users', metric: 'private_domain_users', baseline: 2000, target: 20000 },
      { id: 'churn-ceiling', metric: 'churned_users', target: '<= 30000' },
      { id: 'leads', metric: 'leads', target: 20000 },
      { id: 'orders', metric: 'orders', target: 40000 },
    ] },
    { name: 'douyin-h1', title: '抖音上半年', window: { start: '2027-01-01', end: '2027-06-30' }, keyResults: [
      { id: 'douyin-followers', metric: 'followers', where: { channel: 'douyin-main' }, baseline: 2000, target: 40000 },
      { id: 'douyin-views', metric: 'views', where: { channel: 'douyin-main' }, target: 50000000 },
      { id: 'douyin-interaction', metric: 'interaction_rate', where: { channel: 'douyin-main' }, target: '>= 0.06' },
      { id: 'douyin-weekly-hits', metric: 'views', where: { channel: 'douyin-main' }, per: 'post', threshold: '>= 50000', period: 'week', target: '>= 1' },
    ] },
    { name: 'xhs-h2', title: '小红书下半年', window: { start: '2027-07-01', end: '2027-12-31' }, keyResults: [
      { id: 'xhs-followers', metric: 'followers', where: { channel: 'xhs-main' }, baseline: 3000, target: 30000 },
      { id: 'xhs-saves', metric: 'saves', where: { channel: 'xhs-main' }, target: 2000000 },
      { id: 'xhs-interaction', metric: 'interaction_rate', where: { channel: 'xhs-main' }, target: '>= 0.08' },
    ] },
    { name: 'revenue-2027', title: '内容带货', window: { start: '2027-01-01', end: '2027-12-31' }, keyResults: [
      { id: 'revenue', metric: 'revenue', target: 10000000 },
      { id: 'wechat-shares', metric: 'shares', where: { channel: 'wechat-main' }, target: 3000000 },
      { id: 'mentions', metric: 'mentions', target: 5000000 },
      { id: 'bilibili-engagements', metric: 'engagements', where: { channel: 'bilibili-main' }, target: 20000000 },
    ] },
  ];
  const keyResults = goals.reduce((total, goal) => total + goal.keyResults.length, 0);
  if (keyResults !== 20) throw new Error(`expected 20 key results, built ${keyResults}`);
  const documents = goals.map(({ name, title, ...spec }) => jsYaml.dump({
    apiVersion: 'flywheel/v1', kind: 'Goal', metadata: { name, title }, spec: { ...spec, tolerance: '10%', notify: ['leadership'] },
  }, { lineWidth: -1, quotingType: '"' }));
  return { yaml: documents.join('---\n'), goals: goals.length, keyResults };
}

/** Each post's first publish instant, channels and campaign, read back from the generated campaign files. */
function readPosts(dir) {
  const posts = [];
  for (const name of readdirSync(join(dir, 'campaigns')).sort()) {
    // CORE_SCHEMA: dates stay strings, as the Flywheel loader reads them.
    const campaign = jsYaml.load(readFileSync(join(dir, 'campaigns', name), 'utf8'), { schema: jsYaml.CORE_SCHEMA });
    const windowStart = Date.parse(`${campaign.spec.window.start}T00:00:00+08:00`);
    for (const post of campaign.spec.posts) {
      // Series posts (cron) are treated as published at their campaign's start: their first run.
      const at = post.at ? Date.parse(`${post.at.replace(' ', 'T')}:00+08:00`) : windowStart + 10 * HOUR_MS;
      posts.push({ id: post.id, campaign: campaign.metadata.name, channels: post.channels, at });
    }
  }
  return posts;
}

/** Diurnal activity: low at night, peaks at lunch and in the evening (local time). */
function activity(instant) {
  const hour = new Date(instant + ZONE_OFFSET_MS).getUTCHours();
  return hour < 7 ? 0.2 : hour < 11 ? 0.8 : hour < 14 ? 1.3 : hour < 19 ? 1 : 1.6;
}

/**
 * The metrics rows, as numbers and strings, in time order (an import appended day by day):
 * account-level series per channel, business series, daily levels, and per-post engagement
 * that fills whatever is left of `total`.
 */
function buildRows(random, posts, total) {
  const rows = [];
  const add = (time, metric, value, channel = '', campaign = '', post = '') => rows.push({ time, line: `${metric},${value},${channel},${campaign},${post}` });
  for (let quarter = 0; quarter < YEAR_HOURS * 4; quarter += 1) {
    const time = YEAR_START + quarter * 900_000;
    for (const channel of CHANNELS) add(time, 'negative_mentions', Math.round(random.next() * 12 * activity(time) + (random.next() < 0.002 ? 40 : 0)), channel);
  }
  const followers = new Map(CHANNELS.map((channel) => [channel, random.integer(2, 10) * 1000]));
  for (let hour = 0; hour < YEAR_HOURS; hour += 1) {
    const time = YEAR_START + hour * HOUR_MS + 30 * 60_000;
    for (const channel of CHANNELS) {
      const gain = Math.round((random.next() * 12 - 1.5) * activity(time));
      followers.set(channel, followers.get(channel) + gain);
      add(time, 'mentions', Math.round(random.next() * 120 * activity(time)), channel);
      add(time, 'follower_gain', gain, channel);
      add(time, 'followers', followers.get(channel), channel);
    }
    add(time, 'orders', Math.round(random.next() * 8 * activity(time)));
    add(time, 'revenue', Math.round(random.next() * 1800 * activity(time)));
    add(time, 'leads', Math.round(random.next() * 4 * activity(time)));
    add(time, 'churned_users', Math.round(random.next() * 6));
  }
  for (let day = 0; day < 365; day += 1) {
    const time = YEAR_START + day * DAY_MS + 23 * HOUR_MS;
    add(time, 'repurchase_rate', (0.18 + day * 0.0004 + random.next() * 0.03).toFixed(4));
    add(time, 'private_domain_users', 2000 + day * 50 + random.integer(0, 200));
  }
  // Per-post engagement fills the rest: the same number of samples for every post × channel ×
  // metric (a few get one more), hourly on the first day and then spread over POST_TRACKED_DAYS.
  const streams = posts.flatMap((post) => post.channels.map((channel) => ({ ...post, channel })));
  const remaining = total - rows.length;
  if (remaining < streams.length * POST_METRICS.length) throw new Error(`--points ${total} leaves too few for per-post metrics`);
  const base = Math.floor(remaining / (streams.length * POST_METRICS.length));
  let extra = remaining - base * streams.length * POST_METRICS.length;
  const yearEnd = YEAR_START + 365 * DAY_MS;
  for (const stream of streams) {
    const reach = random.next() < 0.02 ? 40 : random.next() < 0.2 ? 6 : 1;
    for (const metric of POST_METRICS) {
      const samples = base + (extra > 0 ? 1 : 0);
      if (extra > 0) extra -= 1;
      const scale = { views: 2000, likes: 90, comments: 12, shares: 15, saves: 25 }[metric] * reach;
      for (let sample = 0; sample < samples; sample += 1) {
        // Hourly for the first 24 samples, then evenly over the tracked days; clipped to the year.
        const offset = sample < 24 ? (sample + 1) * HOUR_MS : DAY_MS + Math.floor(((sample - 23) / Math.max(1, samples - 23)) * (POST_TRACKED_DAYS - 1) * DAY_MS);
        const time = Math.min(stream.at + offset, yearEnd - 60_000);
        add(time, metric, Math.round(scale * (0.3 + random.next()) / (1 + sample / 6)), stream.channel, stream.campaign, stream.id);
      }
    }
  }
  rows.sort((left, right) => left.time - right.time);
  return rows;
}

const csvTime = (instant) => `${new Date(instant).toISOString().slice(0, 19)}Z`;

/** Writes the workspace (validate-clean) and the metrics CSV; returns what it holds. */
export function generateSimulation({ out, posts = 10_000, points = 1_000_000, seed = 2027 }) {
  const workspace = generateWorkspace({ out, posts, campaigns: 50, seed });
  const random = createRandom(seed + 1);
  const checks = checksYaml(random);
  const goals = goalsYaml();
  writeFileSync(join(out, 'checks/monitoring.yaml'), checks.yaml);
  writeFileSync(join(out, 'goals/2027.yaml'), goals.yaml);
  const rows = buildRows(random, readPosts(out), points);
  const metricsDir = join(resolve(out, '..'), `${out.split('/').pop()}-metrics`);
  mkdirSync(metricsDir, { recursive: true });
  const header = 'time,metric,value,channel,campaign,post';
  const lines = rows.map((row) => `${csvTime(row.time)},${row.line}`);
  const csvPath = join(metricsDir, 'metrics.csv');
  writeFileSync(csvPath, `${[header, ...lines].join('\n')}\n`);
  // The same rows in PARTS files of equal size (in time order), for the CLI with several --metrics:
  // cli/commands/simulate.ts appends each file's points with push(...points), which overflows the
  // stack somewhere between 100,000 and 200,000 points per file.
  const parts = [];
  for (let part = 0; part < PARTS; part += 1) {
    const slice = lines.slice(Math.floor((part * lines.length) / PARTS), Math.floor(((part + 1) * lines.length) / PARTS));
    const path = join(metricsDir, `metrics-part-${pad(part + 1)}.csv`);
    writeFileSync(path, `${[header, ...slice].join('\n')}\n`);
    parts.push({ path, rows: slice.length });
  }
  const scheduleMix = checks.checks.reduce((mix, check) => {
    const kind = check.schedule.startsWith('rate') ? 'every 15 min' : check.schedule.includes('MON') ? 'weekly' : / \* \* \* \? \*\)$/.test(check.schedule) ? 'hourly' : 'daily';
    return { ...mix, [kind]: (mix[kind] ?? 0) + 1 };
  }, {});
  return { ...workspace, checks: checks.checks.length, scheduleMix, goals: goals.goals, keyResults: goals.keyResults, points: rows.length, csvPath, parts };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' }, posts: { type: 'string' }, points: { type: 'string' } } });
  const summary = generateSimulation({
    out: resolve(values.out ?? join(ROOT, 'bench/out/simulate-10k')),
    posts: Number(values.posts ?? 10_000),
    points: Number(values.points ?? 1_000_000),
  });
  console.log(`Generated ${summary.posts} posts, ${summary.checks} checks (${JSON.stringify(summary.scheduleMix)}), ${summary.goals} goals / ${summary.keyResults} key results under ${summary.out}`);
  console.log(`and ${summary.points} metric points in ${summary.csvPath}, and the same split into ${summary.parts.length} files of ${summary.parts[0].rows} rows`);
}
