// Generates playbooks/metrics/sample-metrics.csv: daily metrics of the sample workspace from
// 2026-10-01 to 2026-11-25 (plus hourly negative mentions in the last days), shaped so that the
// first `flywheel status` / `simulate` shows a bit of everything as of 2026-11-26:
// - goal phase-1-cold-start: followers and SOP coverage on track; seed users behind but
//   accelerating (at-risk); content forms stuck at two since mid-October (off-track);
// - check douyin-low-interaction: Douyin's interaction rate drops below 3% from 2026-11-16;
// - check community-churn: people leave the community in a wave on 2026-11-14 → 11-18;
// - check negative-spike: a complaint video draws negative mentions on the evening of 2026-11-20.
// Deterministic: the same script always writes the same bytes (test/sample-metrics.test.ts checks
// the committed CSV against it). It uses only + − × ÷ and rounding on the random numbers, because
// Math.log, Math.sin and friends may differ in the last bit between platforms and Node versions.
//
// Usage: node scripts/generate-sample-metrics.mjs [--stdout]
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { mulberry32 } from './seeded-random.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = join('playbooks', 'metrics', 'sample-metrics.csv');
const SEED = 20261001;
const FIRST_DAY = '2026-10-01';
const DAYS = 56;
const OFFSET = '+08:00';

/** Seeded random helpers over mulberry32, so the data is the same on every machine. */
function createRandom(seed) {
  const next = mulberry32(seed);
  return {
    integer: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability) => next() < probability,
    // A factor in [1 − spread, 1 + spread], bunched around 1 (the mean of three uniforms).
    jitter: (spread) => 1 + spread * ((next() + next() + next()) / 1.5 - 1),
  };
}

// Audiences read more at the weekend; Monday is the quietest day. Indexed by getUTCDay (Sunday = 0).
const WEEKDAY_FACTOR = [1.08, 0.94, 0.97, 1.0, 1.0, 1.04, 1.12];

/**
 * The four publishing channels. Rates and engagement mixes follow each platform's habits: WeChat
 * readers share, Xiaohongshu users save, Douyin viewers like. `followers` is the count the day
 * before the first row; gain, views and rate move linearly from the first day to the last.
 */
const CHANNELS = [
  { id: 'wechat-main', followers: 800, gain: [10, 40], views: [600, 1100], rate: [0.036, 0.034], mix: { likes: 0.4, comments: 0.13, shares: 0.3, saves: 0.17 } },
  { id: 'douyin-main', followers: 600, gain: [20, 85], views: [16000, 47000], rate: [0.041, 0.034], mix: { likes: 0.78, comments: 0.08, shares: 0.07, saves: 0.07 }, completion: 0.35 },
  { id: 'xhs-main', followers: 400, gain: [12, 45], views: [2500, 7500], rate: [0.07, 0.072], mix: { likes: 0.4, comments: 0.1, shares: 0.05, saves: 0.45 } },
  { id: 'bilibili-main', followers: 200, gain: [4, 19], views: [1800, 5000], rate: [0.058, 0.06], mix: { likes: 0.52, comments: 0.17, shares: 0.08, saves: 0.23 }, completion: 0.43 },
];

// From this day on Douyin's recommendations favour other accounts' formats: interaction sinks to
// about 2.5% and follower gain slows, so the 7-day rate crosses 3% a few days later.
const DOUYIN_SLUMP = { from: '2026-11-16', rate: 0.025, gainFactor: 0.8 };
// Unboxing videos were tried from this day; no third form followed, hence the off-track key result.
const SECOND_CONTENT_TYPE_FROM = '2026-10-12';
// SOP coverage (share of the five core processes written down) steps up as each SOP is adopted.
const SOP_COVERAGE_STEPS = [['2026-10-01', '0.1'], ['2026-10-08', '0.2'], ['2026-10-15', '0.3'], ['2026-10-26', '0.4'], ['2026-11-02', '0.5'], ['2026-11-09', '0.6'], ['2026-11-18', '0.7']];
// Seed users joined by word of mouth, then through a referral drive from November, doubled for 双十一.
const SEED_USERS_PER_DAY = [['2026-10-01', [2, 4]], ['2026-11-01', [6, 10]], ['2026-11-11', [15, 21]]];
// Too many group pushes before 双十一: the community loses members for five days.
const CHURN_WAVE = { '2026-11-14': 16, '2026-11-15': 21, '2026-11-16': 24, '2026-11-17': 17, '2026-11-18': 12 };
const REPURCHASE_RATE = { '2026-10-31': '0.112', '2026-11-25': '0.127' };
// Hourly negative mentions are monitored from this day; the complaint video's rows are per quarter
// hour, tagged with the channel it came from.
const NEGATIVE_MONITORING_FROM = '2026-11-15';
const SPIKE = { date: '2026-11-20', fromHour: 20, channel: 'douyin-main', perQuarter: [4, 7, 9, 11, 12, 10, 8, 6, 4, 3, 2, 1] };
const MENTION_SURGE = { '2026-11-20': 2.5, '2026-11-21': 1.6 };

const pad = (value) => String(value).padStart(2, '0');
const lerp = ([from, to], progress) => from + (to - from) * progress;
const roundTo = (value, digits) => String(Number(value.toFixed(digits)));
/** The latest entry of a [date, value] list whose date is on or before `date`. */
const stepAt = (steps, date) => steps.filter(([since]) => since <= date).at(-1)[1];

function dateOf(dayIndex) {
  const [year, month, day] = FIRST_DAY.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + dayIndex));
}

/** Every row of the CSV, without the header, in time order. */
function generateRows() {
  const random = createRandom(SEED);
  const rows = [];
  const followers = new Map(CHANNELS.map((channel) => [channel.id, channel.followers]));
  let communityMembers = 150;
  let seedUsers = 0;

  for (let dayIndex = 0; dayIndex < DAYS; dayIndex++) {
    const day = dateOf(dayIndex);
    const date = day.toISOString().slice(0, 10);
    const midnight = `${date}T00:00:00${OFFSET}`;
    const progress = dayIndex / (DAYS - 1);
    const weekday = WEEKDAY_FACTOR[day.getUTCDay()];
    const row = (metric, value, channel = '', contentType = '') => rows.push(`${midnight},${metric},${value},${channel},,,,${contentType}`);

    for (const channel of CHANNELS) {
      const slump = channel.id === 'douyin-main' && date >= DOUYIN_SLUMP.from;
      const gain = Math.round(lerp(channel.gain, progress) * (slump ? DOUYIN_SLUMP.gainFactor : 1) * random.jitter(0.3));
      followers.set(channel.id, followers.get(channel.id) + gain);
      row('followers', followers.get(channel.id), channel.id);
      row('follower_gain', gain, channel.id);

      const contentType = date >= SECOND_CONTENT_TYPE_FROM && random.chance(0.4) ? 'unboxing' : 'tutorial';
      const views = Math.round(lerp(channel.views, progress) * weekday * random.jitter(0.2));
      const rate = (slump ? DOUYIN_SLUMP.rate : lerp(channel.rate, progress)) * random.jitter(0.1);
      row('views', views, channel.id, contentType);
      for (const [metric, share] of Object.entries(channel.mix)) {
        row(metric, Math.round(views * rate * share * random.jitter(0.15)), channel.id, contentType);
      }
      if (channel.completion !== undefined) row('completion_rate', roundTo(channel.completion * random.jitter(0.06), 4), channel.id, contentType);
    }

    const churned = CHURN_WAVE[date] ?? random.integer(2, 6);
    communityMembers += Math.round(lerp([14, 24], progress) * random.jitter(0.3)) - churned;
    row('private_domain_users', communityMembers, 'wecom-community');
    row('churned_users', churned, 'wecom-community');

    seedUsers += random.integer(...stepAt(SEED_USERS_PER_DAY, date));
    row('seed_users', seedUsers);
    row('sop_coverage', stepAt(SOP_COVERAGE_STEPS, date));
    row('content_types_tested', date >= SECOND_CONTENT_TYPE_FROM ? 2 : 1);
    row('mentions', Math.round(lerp([40, 200], progress) * (MENTION_SURGE[date] ?? 1) * random.jitter(0.3)));
    if (REPURCHASE_RATE[date]) row('repurchase_rate', REPURCHASE_RATE[date]);

    if (date >= NEGATIVE_MONITORING_FROM) rows.push(...negativeMentionRows(date, random));
  }
  return rows;
}

/** One day of negative mentions: a row per hour (quieter at night), per quarter hour during the spike. */
function negativeMentionRows(date, random) {
  const rows = [];
  for (let hour = 0; hour < 24; hour++) {
    const spikeQuarter = (hour - SPIKE.fromHour) * 4;
    if (date === SPIKE.date && spikeQuarter >= 0 && spikeQuarter < SPIKE.perQuarter.length) {
      for (let quarter = 0; quarter < 4; quarter++) {
        rows.push(`${date}T${pad(hour)}:${pad(quarter * 15)}:00${OFFSET},negative_mentions,${SPIKE.perQuarter[spikeQuarter + quarter]},${SPIKE.channel},,,,`);
      }
      continue;
    }
    const count = hour < 8 ? random.integer(0, 1) : random.integer(0, 3);
    rows.push(`${date}T${pad(hour)}:00:00${OFFSET},negative_mentions,${count},,,,,`);
  }
  return rows;
}

const { values } = parseArgs({ options: { stdout: { type: 'boolean', default: false } } });
const csv = ['time,metric,value,channel,campaign,post,variant,content_type', ...generateRows()].join('\n') + '\n';
if (values.stdout) {
  process.stdout.write(csv);
} else {
  writeFileSync(join(ROOT, OUTPUT), csv);
  console.log(`Wrote ${OUTPUT} (${csv.split('\n').length - 2} rows)`);
}
