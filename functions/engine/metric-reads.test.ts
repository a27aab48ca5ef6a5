import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateMetric, buildMetricCatalogue, compilePlan, evaluateGoal, loadWorkspace, measureCheck, type MetricPoint } from '../../core/index';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine, type LocalEngine } from '../store/index';
import { collectDefinitions } from './definitions';
import type { EngineEvent } from './events';
import { runOccurrence, type EngineContext, type Occurrence, type SopStepOccurrence } from './handlers';
import { loadMetricIndex } from './local-runner';
import { listOccurrenceReads, loadOccurrenceMetrics, mergeMetricReads, type ReadScope } from './metric-reads';
import { expandJob } from './simulate';
import { MemoryEngineState } from './state';

const FILES: Record<string, string> = {
  'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: reads }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: box, platform: outbox }
    - { id: box2, platform: outbox }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
`,
  'campaign.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: spring }
spec:
  window: { start: 2027-03-01, end: 2027-03-31 }
  posts:
    - id: p1
      at: "2027-03-02 20:00"
      channels: [box]
      title: 春季上新
      body: 正文
      variants:
        - { id: a, title: 春季上新 A }
        - { id: b, title: 春季上新 B }
    - { id: p2, at: "2027-03-05 20:00", channels: [box], title: 第二条, body: 正文 }
    - { id: p3, at: "2027-03-12 20:00", channels: [box2], title: 第三条, body: 正文 }
  kpis:
    - { metric: interaction_rate, target: ">= 0.09", window: 7d, notify: [ops] }
`,
  'checks.yaml': `apiVersion: flywheel/v1
kind: Check
metadata: { name: negative-spike }
spec:
  schedule: rate(15 minutes)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  for: 2
  notify: [ops]
---
apiVersion: flywheel/v1
kind: Check
metadata: { name: box-interaction }
spec:
  schedule: cron(0 9 * * ? *)
  metric: interaction_rate
  where: { channel: box }
  window: 1d
  condition: "< 8%"
  notify: [ops]
---
apiVersion: flywheel/v1
kind: Check
metadata: { name: weekly-views }
spec:
  schedule: cron(0 10 ? * MON *)
  metric: views
  window: 7d
  condition: "< 9000"
  notify: [ops]
`,
  'goal.yaml': `apiVersion: flywheel/v1
kind: Goal
metadata: { name: spring-growth }
spec:
  window: { start: 2027-03-01, end: 2027-03-31 }
  keyResults:
    - { id: total-views, metric: views, target: 40000 }
    - { id: followers, metric: followers, target: 2500 }
    - { id: hit-posts, metric: views, per: post, threshold: ">= 1500", period: week, target: ">= 2" }
    - { id: rate, metric: interaction_rate, target: ">= 0.1" }
`,
};

const encoder = new TextEncoder();
const model = loadWorkspace(Object.entries(FILES).map(([path, content]) => ({ path, bytes: encoder.encode(content) }))).model;
const plan = compilePlan(model);
const catalogue = buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics);
const definitions = collectDefinitions(model);
const scope: ReadScope = { model, definitions, catalogue, timezone: plan.timezone };

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const FIRST = Date.UTC(2027, 1, 15);
const LAST = Date.UTC(2027, 3, 5);
/** A Lambda runs an occurrence a little after it is due; points written since are in the store too. */
const LAG = 40_000;

/**
 * Every 6 hours from Feb 15 to Apr 5: posts' views and likes per variant, comments, followers;
 * hourly negative mentions on Mar 10. Whole numbers: sums are then exact however many points
 * precede a window (loadMetricReads says why fractional sums may differ in the last bits).
 */
function generatePoints(): MetricPoint[] {
  const points: MetricPoint[] = [];
  const posts = [
    { channel: 'box', post: 'p1', variant: 'a', rate: 12, base: 70 },
    { channel: 'box', post: 'p1', variant: 'b', rate: 6, base: 70 },
    { channel: 'box', post: 'p2', rate: 10, base: 40 },
    { channel: 'box2', post: 'p3', rate: 4, base: 90 },
  ];
  for (let step = 0, time = FIRST; time <= LAST; step += 1, time += 6 * HOUR) {
    // A slump week (Mar 15-21): half the views and fewer likes, so the checks fire and resolve.
    const slump = time >= Date.UTC(2027, 2, 15) && time < Date.UTC(2027, 2, 22);
    for (const [position, { rate, base, ...dimensions }] of posts.entries()) {
      // Views swing with the day of the campaign, so some weeks pass thresholds and some do not.
      const views = Math.round((base + ((step * (7 + position * 3)) % 45) + (Math.floor(step / 28) % 2) * 30) / (slump ? 2 : 1));
      points.push({ time, metric: 'views', value: views, campaign: 'spring', ...dimensions });
      points.push({ time, metric: 'likes', value: Math.round((views * (rate + (step % 5) - (slump ? 6 : 2))) / 100), campaign: 'spring', ...dimensions });
      if (dimensions.post === 'p2') points.push({ time, metric: 'comments', value: step % 4, campaign: 'spring', ...dimensions });
    }
    if (step % 2 === 0) {
      points.push({ time, metric: 'followers', value: 1000 + step * 9, channel: 'box' });
      points.push({ time, metric: 'followers', value: 400 + step * 2, channel: 'box2' });
    }
  }
  const spike = Date.UTC(2027, 2, 10);
  for (let hour = 0; hour < 12; hour += 1) points.push({ time: spike + hour * HOUR + 5 * 60_000, metric: 'negative_mentions', value: hour >= 4 && hour <= 6 ? 30 : 3 });
  // Points exactly on window edges: the goal's and campaign's first instant (Mar 1 00:00 in Shanghai) counts, a
  // check's window start does not (the 05:00 check must leave the 04:00 point out).
  points.push({ time: Date.UTC(2027, 1, 28, 16), metric: 'views', value: 900, channel: 'box', campaign: 'spring', post: 'p1', variant: 'a' });
  points.push({ time: Date.UTC(2027, 1, 28, 16), metric: 'followers', value: 1200, channel: 'box' });
  points.push({ time: Date.UTC(2027, 2, 10, 4), metric: 'negative_mentions', value: 12 });
  return points;
}

/**
 * The occurrences to compare: every run of the daily and weekly checks, of goal tracking and of
 * the A/B verdict, and the 15-minute check through the spike day and on a quiet day.
 */
function listOccurrences(): Occurrence[] {
  const occurrences: Occurrence[] = [];
  for (const job of plan.jobs) {
    if (job.kind !== 'check' && job.kind !== 'track' && job.kind !== 'ab') continue;
    const spans = job.kind === 'check' && job.target === 'negative-spike'
      ? [[Date.UTC(2027, 2, 9, 22), Date.UTC(2027, 2, 10, 12)], [Date.UTC(2027, 2, 20, 9), Date.UTC(2027, 2, 20, 11)]]
      : [[Date.UTC(2027, 1, 26), Date.UTC(2027, 3, 3)]];
    for (const [from, to] of spans) for (const at of expandJob(job, from as number, to as number)) occurrences.push({ kind: 'job', job, at });
  }
  return occurrences.sort((left, right) => left.at - right.at);
}

/**
 * What an occurrence measures, number by number: events only show a goal's numbers when its
 * status changes, so this catches a window that misses points without changing a status yet.
 */
function measure(occurrence: Occurrence, metrics: EngineContext['metrics']): unknown {
  if (occurrence.kind !== 'job') return undefined;
  const { job, at } = occurrence;
  const { index } = metrics;
  if (job.kind === 'check') {
    const check = definitions.checks.get(job.target);
    return check && measureCheck(index, catalogue, check, at);
  }
  if (job.kind === 'track') {
    const spec = model.goals.find((goal) => goal.name === job.target)?.value.spec;
    return spec && [...evaluateGoal(spec, plan.timezone, index, catalogue, at).keyResults];
  }
  if (job.kind === 'ab') {
    return job.variants.map((variant) => ['views', 'engagements'].map((metric) =>
      aggregateMetric(index, catalogue, metric, { from: job.from - 1, to: at, where: { campaign: job.campaign, post: job.post, variant } })));
  }
  return undefined;
}

/** Runs occurrences in order on one in-memory state; each gets the metrics `metricsFor` loads. */
async function runAll(occurrences: readonly Occurrence[], metricsFor: (occurrence: Occurrence) => Promise<EngineContext['metrics']>) {
  const events: EngineEvent[] = [];
  const steps: SopStepOccurrence[] = [];
  const measured: unknown[] = [];
  const state = new MemoryEngineState();
  for (const occurrence of occurrences) {
    const metrics = await metricsFor(occurrence);
    const context: EngineContext = {
      model, definitions, state, metrics, timezone: plan.timezone,
      publish: async () => ({ status: 'published' }), emit: (event) => events.push(event), schedule: (step) => steps.push(step),
    };
    await runOccurrence(context, occurrence);
    measured.push(measure(occurrence, metrics));
  }
  return { events, steps, measured };
}

let engine: LocalEngine;
let store: FlywheelStore;
const points = generatePoints();

beforeAll(async () => {
  engine = await startEmbeddedEngine();
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, 'reads');
  store = new FlywheelStore({ client: documentClient, tableName: 'reads' });
  await store.putMetricPoints(points);
}, 60_000);

afterAll(async () => {
  await engine.stop();
});

describe('listOccurrenceReads', () => {
  const jobOf = (id: string) => {
    const job = plan.jobs.find((candidate) => candidate.id === id);
    if (!job) throw new Error(`no job ${id} in the plan`);
    return job;
  };
  const at = Date.UTC(2027, 2, 10, 1);
  const marchFirst = Date.UTC(2027, 1, 28, 16);
  const aprilFirst = Date.UTC(2027, 2, 31, 16);

  it('reads a check\'s metric over its window, with the parts of a derived one', () => {
    expect(listOccurrenceReads(scope, { kind: 'job', job: jobOf('check/negative-spike'), at })).toEqual([{ metric: 'negative_mentions', fromExclusive: at - HOUR, toInclusive: at }]);
    const kpi = listOccurrenceReads(scope, { kind: 'job', job: jobOf('check/spring/kpi-interaction_rate'), at });
    expect(kpi.map((read) => read.metric).sort()).toEqual(['comments', 'engagements', 'interaction_rate', 'likes', 'saves', 'shares', 'views']);
    expect(new Set(kpi.map((read) => `${read.fromExclusive}..${read.toInclusive}`))).toEqual(new Set([`${at - 7 * DAY}..${at}`]));
  });

  it('reads a goal\'s key results from its window start up to the evaluation, never past the window, and nothing before it', () => {
    const reads = mergeMetricReads(listOccurrenceReads(scope, { kind: 'job', job: jobOf('track/spring-growth'), at }));
    expect(reads.find((read) => read.metric === 'views')).toEqual({ metric: 'views', fromExclusive: marchFirst - 1, toInclusive: at });
    expect(reads.find((read) => read.metric === 'followers')).toEqual({ metric: 'followers', fromExclusive: marchFirst - 1, toInclusive: at });
    const after = listOccurrenceReads(scope, { kind: 'job', job: jobOf('track/spring-growth'), at: aprilFirst + HOUR });
    expect(new Set(after.map((read) => read.toInclusive))).toEqual(new Set([aprilFirst - 1]));
    expect(listOccurrenceReads(scope, { kind: 'job', job: jobOf('track/spring-growth'), at: marchFirst - HOUR })).toEqual([]);
  });

  it('reads an A/B test\'s views and engagements over the campaign, and nothing for posts or SOP steps', () => {
    const ab = jobOf('ab/spring/p1');
    const reads = listOccurrenceReads(scope, { kind: 'job', job: ab, at: aprilFirst });
    expect(reads.map((read) => read.metric).sort()).toEqual(['comments', 'engagements', 'likes', 'saves', 'shares', 'views']);
    expect(reads.every((read) => read.fromExclusive === marchFirst - 1 && read.toInclusive === aprilFirst)).toBe(true);
    const publish = plan.jobs.find((job) => job.kind === 'publish');
    expect(publish && listOccurrenceReads(scope, { kind: 'job', job: publish, at })).toEqual([]);
    expect(listOccurrenceReads(scope, { kind: 'sop-step', sop: 'x', step: 'y', at })).toEqual([]);
  });

  it('merges overlapping and touching windows of a metric and keeps separate ones apart, oldest first', () => {
    expect(mergeMetricReads([
      { metric: 'views', fromExclusive: 50, toInclusive: 60 }, { metric: 'views', fromExclusive: 0, toInclusive: 10 },
      { metric: 'views', fromExclusive: 10, toInclusive: 20 }, { metric: 'views', fromExclusive: 15, toInclusive: 18 },
      { metric: 'likes', fromExclusive: 5, toInclusive: 5 },
    ])).toEqual([{ metric: 'views', fromExclusive: 0, toInclusive: 20 }, { metric: 'views', fromExclusive: 50, toInclusive: 60 }]);
  });
});

describe('windowed metric loads, against dynalite', () => {
  it('produce the same events and measurements as loading every point of every metric, one occurrence at a time and as one batch', async () => {
    // Prepare
    const occurrences = listOccurrences();
    // Act: the old load (everything up to now) per occurrence, the windowed one per occurrence, one windowed load for all.
    const full = await runAll(occurrences, (occurrence) => loadMetricIndex(store, model, occurrence.at + LAG));
    const windowed = await runAll(occurrences, (occurrence) => loadOccurrenceMetrics(store, scope, [occurrence], occurrence.at + LAG));
    const batch = await loadOccurrenceMetrics(store, scope, occurrences, (occurrences.at(-1)?.at ?? 0) + LAG);
    const batched = await runAll(occurrences, async () => batch);
    // Assess
    expect(windowed).toEqual(full);
    expect(batched).toEqual(full);
    // The comparison covers every kind of decision, not just silence.
    const types = new Set(full.events.map((event) => event.type));
    expect([...types].sort()).toEqual(['ab.verdict', 'check.fired', 'check.no-data', 'check.resolved', 'goal.status', 'notify']);
    const statuses = new Set(full.events.flatMap((event) => (event.type === 'goal.status' ? [`${event.keyResult}:${event.status}`] : [])));
    expect(statuses.size).toBeGreaterThanOrEqual(6);
    expect(full.events.filter((event) => event.type === 'check.fired').map((event) => event.type === 'check.fired' && event.check)).toEqual(
      expect.arrayContaining(['negative-spike', 'spring/kpi-interaction_rate', 'box-interaction', 'weekly-views']),
    );
    expect(full.events.find((event) => event.type === 'ab.verdict')).toMatchObject({ verdict: 'winner', winner: 'a' });
  }, 120_000);

  it('reads only the points in the windows: an hourly check reads one hour of one metric, not the history of all', async () => {
    // Prepare
    const job = plan.jobs.find((candidate) => candidate.id === 'check/negative-spike');
    if (!job) throw new Error('no negative-spike check in the plan');
    const at = Date.UTC(2027, 2, 10, 6);
    const now = at + LAG;
    const inWindow = points.filter((point) => point.metric === 'negative_mentions' && point.time > at - HOUR && point.time <= at).length;
    const readable = new Set(['views', 'likes', 'comments', 'shares', 'saves', 'engagements', 'interaction_rate', 'followers', 'negative_mentions']);
    const everything = points.filter((point) => readable.has(point.metric) && point.time <= now).length;
    // Act
    const windowed = await loadOccurrenceMetrics(store, scope, [{ kind: 'job', job, at }], now);
    const full = await loadMetricIndex(store, model, now);
    const track = plan.jobs.find((candidate) => candidate.id === 'track/spring-growth');
    const tracked = track ? await loadOccurrenceMetrics(store, scope, [{ kind: 'job', job: track, at }], now) : undefined;
    // Assess
    expect(windowed.pointsRead).toBe(inWindow);
    expect(inWindow).toBe(1);
    expect((full as { pointsRead?: number }).pointsRead).toBe(everything);
    const marchFirst = Date.UTC(2027, 1, 28, 16);
    const goalPoints = points.filter((point) => ['views', 'likes', 'comments', 'followers'].includes(point.metric) && point.time >= marchFirst && point.time <= at).length;
    expect(tracked?.pointsRead).toBe(goalPoints);
    expect(goalPoints).toBeLessThan(everything);
    console.log(`points read at ${new Date(at).toISOString()}: all metrics since the beginning ${everything}, negative-spike check ${windowed.pointsRead}, goal tracking ${tracked?.pointsRead}`);
  });
});
