/*
 * Builds the review of a window (core/report/review.ts) from what happened in it: the engine's
 * events (the store's event log locally and in the cloud, the timeline in a simulation) and the
 * metric points. Pure: the caller reads the events and points; one function for `flywheel report`
 * and the `report` step, so the two cannot disagree.
 */
import {
  aggregateMetric, createNameBook, evaluateGoal, workspaceLanguage, lookupMetric, resolveGoalContext, REVIEW_POST_METRICS,
  type GoalContext, type KeyResult, type KeyResultEvaluation, type MetricCatalogue, type PointIndex,
  type Review, type ReviewAbTest, type ReviewAttention, type ReviewCheck, type ReviewGoal, type ReviewKeyResult,
  type ReviewPost, type ReviewPostRef, type WorkspaceModel,
} from '../../core/index';
import type { FlywheelStore } from '../store/index';
import { collectDefinitions } from './definitions';
import type { EngineEvent } from './events';

/** What a review is built from. */
export interface ReviewInput {
  readonly model: WorkspaceModel;
  /** Every event with from < at ≤ to (others are ignored). */
  readonly events: readonly EngineEvent[];
  readonly metrics: { readonly index: PointIndex; readonly catalogue: MetricCatalogue };
  readonly from: number;
  readonly to: number;
  /** Checks firing at the window's end (the check states); from the events when not given. */
  readonly firingAtEnd?: ReadonlySet<string>;
  /** Chart data for a key result (the CLI's series builder); no charts without it. */
  readonly seriesOf?: (keyResult: KeyResult, goal: GoalContext, evaluation: KeyResultEvaluation) => ReviewKeyResult['series'];
}

const iso = (instant: number) => new Date(instant).toISOString();

/**
 * Titles of the things a review names: the workspace's NameBook (titles are the same in either
 * language), plus a variant's own title, which the review shows only when the variant has one.
 */
function buildNames(model: WorkspaceModel) {
  const book = createNameBook(model, workspaceLanguage(model));
  const variantTitle = (campaign: string, post: string, variant: string) => model.campaigns
    .find((entry) => entry.name === campaign)?.value.spec.posts?.find((candidate) => candidate.id === post)
    ?.variants?.find((candidate) => candidate.id === variant)?.title;
  return { campaign: book.campaign, post: book.post, channel: book.channel, variant: variantTitle };
}

type Names = ReturnType<typeof buildNames>;

function postRef(names: Names, event: { at: number; campaign: string; post: string; channel: string; variant?: string | undefined }): ReviewPostRef {
  return {
    at: iso(event.at), campaign: event.campaign, campaignTitle: names.campaign(event.campaign), post: event.post,
    postTitle: names.post(event.campaign, event.post), channel: event.channel, channelTitle: names.channel(event.channel),
    ...(event.variant ? { variant: event.variant } : {}),
  };
}

function reviewGoals(input: ReviewInput): ReviewGoal[] {
  const timeZone = input.model.workspaces[0]?.value.spec.timezone ?? 'UTC';
  const { index, catalogue } = input.metrics;
  return input.model.goals.map((entry) => {
    const spec = entry.value.spec;
    const atEnd = evaluateGoal(spec, timeZone, index, catalogue, input.to);
    const atStart = evaluateGoal(spec, timeZone, index, catalogue, input.from);
    const context = resolveGoalContext(spec, timeZone);
    const keyResults = spec.keyResults.map((keyResult): ReviewKeyResult => {
      const evaluation = atEnd.keyResults.get(keyResult.id) as KeyResultEvaluation;
      const before = atStart.keyResults.get(keyResult.id);
      const series = input.seriesOf?.(keyResult, context, evaluation);
      return {
        id: keyResult.id, title: keyResult.title ?? keyResult.id, metric: keyResult.metric, unit: lookupMetric(catalogue, keyResult.metric).unit,
        status: evaluation.status, target: evaluation.target,
        ...(evaluation.value === undefined ? {} : { value: evaluation.value }),
        ...(before?.value === undefined ? {} : { valueAtStart: before.value }),
        ...(evaluation.expected === undefined ? {} : { expected: evaluation.expected }),
        ...(evaluation.baseline === undefined ? {} : { baseline: evaluation.baseline }),
        ...(evaluation.forecast === undefined ? {} : { forecast: evaluation.forecast }),
        ...(evaluation.progress === undefined ? {} : { progress: evaluation.progress }),
        ...(evaluation.expectedProgress === undefined ? {} : { expectedProgress: evaluation.expectedProgress }),
        ...(evaluation.stale ? { stale: true } : {}),
        ...(evaluation.latestPointAt === undefined ? {} : { latestPointAt: iso(evaluation.latestPointAt) }),
        ...(series ? { series } : {}),
      };
    });
    return { id: entry.name, title: entry.value.metadata.title ?? entry.name, status: atEnd.status, keyResults };
  });
}

function reviewChecks(input: ReviewInput, events: readonly EngineEvent[]): ReviewCheck[] {
  const definitions = collectDefinitions(input.model);
  const severities = new Map(input.model.checks.map((entry) => [entry.name, entry.value.spec.severity ?? 'warning']));
  const byCheck = new Map<string, { fired: ReviewCheck['fired']; resolved: ReviewCheck['resolved']; acknowledged?: NonNullable<ReviewCheck['acknowledged']>; last?: 'fired' | 'resolved' }>();
  const people = new Map((input.model.workspaces[0]?.value.spec.people ?? []).map((person) => [person.id, person.name]));
  for (const event of events) {
    if (event.type === 'check.acknowledged') {
      const entry = byCheck.get(event.check) ?? { fired: [], resolved: [] };
      const byName = event.by === undefined ? undefined : people.get(event.by);
      entry.acknowledged = [...(entry.acknowledged ?? []), { at: iso(event.at), ...(event.by ? { by: event.by } : {}), ...(byName ? { byName } : {}), ...(event.note ? { note: event.note } : {}) }];
      byCheck.set(event.check, entry);
      continue;
    }
    if (event.type !== 'check.fired' && event.type !== 'check.resolved') continue;
    const entry = byCheck.get(event.check) ?? { fired: [], resolved: [] };
    (event.type === 'check.fired' ? entry.fired : entry.resolved).push({ at: iso(event.at), value: event.value });
    entry.last = event.type === 'check.fired' ? 'fired' : 'resolved';
    byCheck.set(event.check, entry);
  }
  const names = new Set([...byCheck.keys(), ...(input.firingAtEnd ?? [])]);
  return [...names].sort().flatMap((name) => {
    const definition = definitions.checks.get(name);
    if (!definition) return [];
    const entry = byCheck.get(name) ?? { fired: [], resolved: [] };
    const firingAtEnd = input.firingAtEnd ? input.firingAtEnd.has(name) : entry.last === 'fired';
    return [{
      id: name, title: definition.title ?? name, severity: severities.get(name) ?? 'warning', metric: definition.metric,
      unit: lookupMetric(input.metrics.catalogue, definition.metric).unit, condition: definition.condition,
      fired: entry.fired, resolved: entry.resolved, firingAtEnd, ...(entry.acknowledged ? { acknowledged: entry.acknowledged } : {}),
    }];
  });
}

function reviewPublished(input: ReviewInput, names: Names, events: readonly EngineEvent[]): ReviewPost[] {
  const posts: ReviewPost[] = [];
  for (const event of events) {
    if (event.type !== 'post.publish') continue;
    const where = { campaign: event.campaign, post: event.post, channel: event.channel, ...(event.variant ? { variant: event.variant } : {}) };
    const numbers: Partial<Record<(typeof REVIEW_POST_METRICS)[number], number>> = {};
    for (const metric of REVIEW_POST_METRICS) {
      const value = aggregateMetric(input.metrics.index, input.metrics.catalogue, metric, { from: event.at - 1, to: input.to, where });
      if (value !== undefined) numbers[metric] = value;
    }
    posts.push({ ...postRef(names, event), numbers });
  }
  // Top first: most views, then most engagement; posts without numbers last, in time order.
  return posts.sort((a, b) => (b.numbers.views ?? -1) - (a.numbers.views ?? -1) || (b.numbers.interaction_rate ?? -1) - (a.numbers.interaction_rate ?? -1) || a.at.localeCompare(b.at));
}

const ATTENTION = { 'post.handed-off': 'handed-off', 'post.failed': 'failed', 'post.unconfirmed': 'unconfirmed', 'post.blocked': 'blocked', 'post.held': 'held' } as const;

function reviewAttention(names: Names, events: readonly EngineEvent[]): ReviewAttention[] {
  const needed: ReviewAttention[] = [];
  for (const event of events) {
    const outcome = (ATTENTION as Record<string, ReviewAttention['outcome'] | undefined>)[event.type];
    if (!outcome || !('post' in event)) continue;
    const reason = 'reason' in event && typeof event.reason === 'string' ? event.reason : undefined;
    needed.push({ ...postRef(names, event as { at: number; campaign: string; post: string; channel: string }), outcome, ...(reason ? { reason } : {}) });
  }
  return needed;
}

function reviewAbTests(names: Names, events: readonly EngineEvent[]): ReviewAbTest[] {
  const verdicts = new Map<string, ReviewAbTest>();
  for (const event of events) {
    if (event.type !== 'ab.verdict') continue;
    const winnerTitle = event.winner ? names.variant(event.campaign, event.post, event.winner) : undefined;
    // The latest verdict of a post in the window is its verdict.
    verdicts.set(`${event.campaign}/${event.post}`, {
      at: iso(event.at), campaign: event.campaign, campaignTitle: names.campaign(event.campaign), post: event.post,
      postTitle: names.post(event.campaign, event.post), verdict: event.verdict, metric: 'interaction_rate',
      ...(event.winner ? { winner: event.winner } : {}), ...(winnerTitle ? { winnerTitle } : {}),
      ...(event.pValue === undefined ? {} : { pValue: event.pValue }),
    });
  }
  return [...verdicts.values()];
}

/** The review of (from, to]. */
export function buildReview(input: ReviewInput): Review {
  const workspace = input.model.workspaces[0]?.value;
  const events = input.events.filter((event) => event.at > input.from && event.at <= input.to).sort((a, b) => a.at - b.at);
  const names = buildNames(input.model);
  return {
    workspace: workspace?.metadata.name ?? '', workspaceTitle: workspace?.metadata.title ?? workspace?.metadata.name ?? '',
    timezone: workspace?.spec.timezone ?? 'UTC', from: iso(input.from), to: iso(input.to),
    goals: reviewGoals(input), checks: reviewChecks(input, events), published: reviewPublished(input, names, events),
    needPerson: reviewAttention(names, events), abTests: reviewAbTests(names, events),
  };
}

/** The store's logged events with fromExclusive < at ≤ toInclusive, as the engine emitted them (the log keeps each event whole in its detail). */
export async function listLoggedEvents(store: Pick<FlywheelStore, 'listEvents'>, fromExclusive: number, toInclusive: number): Promise<EngineEvent[]> {
  const logged = await store.listEvents(fromExclusive + 1, toInclusive + 1);
  return logged.map((event) => ({ ...(event.detail as object), at: event.at, type: event.type }) as EngineEvent);
}
