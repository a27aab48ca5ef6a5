import {
  aggregateMetric, buildCheckMessageValues, formatLocal, lookupMetric, parseDurationMinutes, decideAbTest, evaluateCheck, evaluateGoal, formatMetricValue, measureCheck,
  renderMessage, type AbJob, type Job, type MetricCatalogue, type PointIndex, type PublishJob, type RecurringJob,
  type ReminderJob, type WorkspaceModel,
} from '../../core/index';
import type { Definitions } from './definitions';
import type { EngineEvent } from './events';
import type { EngineState } from './state';

/** A step of a started SOP, due at its `after` delay. */
export interface SopStepOccurrence {
  readonly kind: 'sop-step';
  readonly sop: string;
  readonly step: string;
  readonly at: number;
  /** The check that started the SOP, for `unlessResolved` and message placeholders. */
  readonly check?: { readonly name: string; readonly value?: number };
}

/** Something due at a minute: a compiled job, or a step of an SOP that started earlier. */
export type Occurrence = { readonly kind: 'job'; readonly job: Job; readonly at: number } | SopStepOccurrence;

/** What sending one post led to; a connector decides, the handler reports it. */
export type SendOutcome =
  | { readonly status: 'published'; readonly platformId?: string }
  | { readonly status: 'failed'; readonly reason: string }
  | { readonly status: 'unconfirmed'; readonly reason: string }
  /** Nothing was sent: a person publishes it (no API connector or credentials for the channel where this runs). */
  | { readonly status: 'handed-off'; readonly reason: string };

/** What the handlers work with; the simulator, the local runner and the Lambdas each supply their own. */
export interface EngineContext {
  /** Sends a post through its channel's connector (the simulator pretends it went out). */
  publish(job: PublishJob): Promise<SendOutcome>;
  readonly model: WorkspaceModel;
  readonly definitions: Definitions;
  readonly state: EngineState;
  readonly metrics: { readonly index: PointIndex; readonly catalogue: MetricCatalogue };
  readonly timezone: string;
  emit(event: EngineEvent): void;
  /** Schedules a follow-up (an SOP step) at a later minute. */
  schedule(occurrence: SopStepOccurrence): void;
}

function notifyAll(context: EngineContext, at: number, targets: readonly string[], message: string): void {
  for (const target of targets) context.emit({ type: 'notify', at, target, message });
}

/** Starts an SOP at `at`: each step is scheduled at the trigger plus its `after`. */
export function startSop(context: EngineContext, sop: string, at: number, check?: { name: string; value?: number }): void {
  const spec = context.definitions.sops.get(sop);
  if (!spec) return;
  for (const step of spec.steps) {
    const minutes = step.after === undefined ? 0 : parseDurationMinutes(step.after) ?? 0;
    context.schedule({ kind: 'sop-step', sop, step: step.id, at: at + minutes * 60_000, ...(check ? { check } : {}) });
  }
}

function startSopsFor(context: EngineContext, event: string, at: number): void {
  for (const sop of context.definitions.sopsByEvent.get(event) ?? []) startSop(context, sop, at);
}

async function runPublish(context: EngineContext, job: PublishJob, at: number): Promise<void> {
  // The idempotency key is the job id: post + channel + variant + scheduled instant.
  if (!(await context.state.claimPublish(job.id))) return;
  if (job.reviewRequired && !job.approved) {
    context.emit({ type: 'post.blocked', at, campaign: job.campaign, post: job.post, channel: job.channel, reason: 'not approved (review: required, no approvedBy)' });
    startSopsFor(context, 'post.blocked', at);
    return;
  }
  const outcome = await context.publish(job);
  const post = { campaign: job.campaign, post: job.post, channel: job.channel };
  if (outcome.status === 'published') {
    context.emit({ type: 'post.publish', at, ...post, ...(job.variant ? { variant: job.variant } : {}) });
    return;
  }
  if (outcome.status === 'handed-off') {
    context.emit({ type: 'post.handed-off', at, ...post, ...(job.variant ? { variant: job.variant } : {}), reason: outcome.reason });
    return;
  }
  // A failed post is never silent: the event says why and the SOPs for it start.
  context.emit({ type: outcome.status === 'failed' ? 'post.failed' : 'post.unconfirmed', at, ...post, reason: outcome.reason });
  startSopsFor(context, `post.${outcome.status}`, at);
}

function runReminder(context: EngineContext, job: ReminderJob, at: number): void {
  const postTime = formatLocal(job.postAt, job.zone);
  notifyAll(context, at, job.notify, `待审批: ${job.campaign}/${job.post} 将于 ${postTime} 发布, 尚未审批 (approvedBy)。Needs approval before it publishes.`);
}

async function runCheck(context: EngineContext, job: RecurringJob, at: number): Promise<void> {
  const check = context.definitions.checks.get(job.target);
  if (!check) return;
  const value = measureCheck(context.metrics.index, context.metrics.catalogue, check, at);
  const outcome = evaluateCheck(await context.state.getCheckState(check.name), value, check);
  await context.state.putCheckState(check.name, outcome.state);
  const event = outcome.event;
  if (!event) return;
  if (event.type === 'no-data') {
    context.emit({ type: 'check.no-data', at, check: check.name });
    return;
  }
  const measured = event.value ?? 0;
  context.emit({ type: event.type === 'fired' ? 'check.fired' : 'check.resolved', at, check: check.name, value: measured });
  const unit = lookupMetric(context.metrics.catalogue, check.metric)?.unit ?? 'count';
  const shown = formatMetricValue(measured, unit);
  const values = buildCheckMessageValues({ name: check.name, ...(check.title ? { title: check.title } : {}), metric: check.metric, unit, value: measured, condition: check.condition, window: check.window });
  const message = event.type === 'fired'
    ? (check.message ? renderMessage(check.message, values) : `${check.title ?? check.name}: ${check.metric} ${shown} (${check.condition})`)
    : `已恢复 Resolved: ${check.title ?? check.name}: ${check.metric} ${shown}`;
  notifyAll(context, at, check.notify, message);
  if (event.type === 'fired') {
    for (const sop of check.sops) startSop(context, sop, at, { name: check.name, value: measured });
    startSopsFor(context, 'check.fired', at);
  }
}

async function runTracking(context: EngineContext, job: RecurringJob, at: number): Promise<void> {
  const entry = context.model.goals.find((goal) => goal.name === job.target);
  if (!entry) return;
  const evaluation = evaluateGoal(entry.value.spec, context.timezone, context.metrics.index, context.metrics.catalogue, at);
  for (const [keyResult, result] of evaluation.keyResults) {
    const previous = await context.state.getKeyResultStatus(job.target, keyResult);
    if (previous === result.status) continue;
    await context.state.putKeyResultStatus(job.target, keyResult, {
      status: result.status, at, ...(result.value === undefined ? {} : { value: result.value }),
      ...(result.expected === undefined ? {} : { expected: result.expected }), ...(result.forecast === undefined ? {} : { forecast: result.forecast }),
    });
    context.emit({
      type: 'goal.status', at, goal: job.target, keyResult, status: result.status,
      value: result.value ?? null, expected: result.expected ?? null, forecast: result.forecast ?? null,
    });
    if (result.status === 'off-track' || result.status === 'at-risk') startSopsFor(context, `goal.${result.status}`, at);
  }
}

function runAbTest(context: EngineContext, job: AbJob, at: number): void {
  const variants = job.variants.map((variant) => {
    const where = { campaign: job.campaign, post: job.post, variant };
    const window = { from: job.from - 1, to: at, where };
    const trials = aggregateMetric(context.metrics.index, context.metrics.catalogue, 'views', window) ?? 0;
    const successes = aggregateMetric(context.metrics.index, context.metrics.catalogue, 'engagements', window) ?? 0;
    return { id: variant, successes, trials };
  });
  const decision = decideAbTest(variants);
  context.emit({
    type: 'ab.verdict', at, campaign: job.campaign, post: job.post, verdict: decision.verdict,
    ...(decision.winner ? { winner: decision.winner } : {}), ...(decision.pValue !== undefined ? { pValue: decision.pValue } : {}),
  });
}

function runSopStep(context: EngineContext, occurrence: SopStepOccurrence, resolved: boolean): void {
  const spec = context.definitions.sops.get(occurrence.sop);
  const step = spec?.steps.find((candidate) => candidate.id === occurrence.step);
  if (!spec || !step) return;
  // Escalation stops once the check that started it has recovered.
  if (step.unlessResolved && resolved) return;
  context.emit({ type: 'sop.step', at: occurrence.at, sop: occurrence.sop, step: step.id });
  const values = { 'sop.name': occurrence.sop, step: step.id, 'check.name': occurrence.check?.name, 'check.value': occurrence.check?.value };
  notifyAll(context, occurrence.at, step.notify ?? [], renderMessage(step.message, values));
}

/** Runs a due SOP step; a step of an SOP a check started is skipped once that check has resolved (`unlessResolved`). */
async function runDueSopStep(context: EngineContext, occurrence: SopStepOccurrence): Promise<void> {
  const state = occurrence.check ? await context.state.getCheckState(occurrence.check.name) : undefined;
  runSopStep(context, occurrence, occurrence.check !== undefined && state !== undefined && !state.firing);
}

/** Runs one occurrence through its handler: the same code for the simulator, the runner and the Lambdas (per queue, below). */
export async function runOccurrence(context: EngineContext, occurrence: Occurrence): Promise<void> {
  if (occurrence.kind === 'sop-step') return runDueSopStep(context, occurrence);
  const { job, at } = occurrence;
  switch (job.kind) {
    case 'publish': return runPublish(context, job, at);
    case 'reminder': return runReminder(context, job, at);
    case 'ab': return runAbTest(context, job, at);
    case 'check': return runCheck(context, job, at);
    case 'track': return runTracking(context, job, at);
    case 'sop': startSop(context, job.target, at); return;
  }
}

/** Runs one occurrence; each queue consumer of the cloud takes the runner for its own kinds of work. */
export type OccurrenceRunner = (context: EngineContext, occurrence: Occurrence) => Promise<void>;

function misrouted(queue: string, occurrence: Occurrence): Error {
  const kind = occurrence.kind === 'sop-step' ? 'sop-step' : occurrence.job.kind;
  return new Error(`A ${kind} occurrence reached the ${queue} consumer, which does not run it: the tick routes ${kind} elsewhere (functions/lambda/tick-handler.ts QUEUE_OF).`);
}

/*
 * One runner per queue: a Lambda bundles only the handlers of its own queue (the publish function
 * carries no goal tracking, A/B statistics or calendar library), which keeps its cold start short.
 */

/** The publish queue's work: posts. */
export async function runPublishWork(context: EngineContext, occurrence: Occurrence): Promise<void> {
  if (occurrence.kind === 'job' && occurrence.job.kind === 'publish') return runPublish(context, occurrence.job, occurrence.at);
  throw misrouted('publish', occurrence);
}

/** The check queue's work: checks. */
export async function runCheckWork(context: EngineContext, occurrence: Occurrence): Promise<void> {
  if (occurrence.kind === 'job' && occurrence.job.kind === 'check') return runCheck(context, occurrence.job, occurrence.at);
  throw misrouted('check', occurrence);
}

/** The track queue's work: goal tracking and A/B verdicts. */
export async function runTrackWork(context: EngineContext, occurrence: Occurrence): Promise<void> {
  if (occurrence.kind === 'job' && occurrence.job.kind === 'track') return runTracking(context, occurrence.job, occurrence.at);
  if (occurrence.kind === 'job' && occurrence.job.kind === 'ab') return runAbTest(context, occurrence.job, occurrence.at);
  throw misrouted('track', occurrence);
}

/** The sop queue's work: scheduled SOPs, SOP steps and approval reminders. */
export async function runSopWork(context: EngineContext, occurrence: Occurrence): Promise<void> {
  if (occurrence.kind === 'job' && occurrence.job.kind === 'sop') return startSop(context, occurrence.job.target, occurrence.at);
  if (occurrence.kind === 'job' && occurrence.job.kind === 'reminder') return runReminder(context, occurrence.job, occurrence.at);
  if (occurrence.kind === 'sop-step') return runDueSopStep(context, occurrence);
  throw misrouted('sop', occurrence);
}
