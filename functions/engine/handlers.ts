import {
  aggregateMetric, buildCheckMessageValues, buildSopStepValues, formatIdInstant, formatLocal, parseDurationMinutes, decideAbTest, evaluateCheck, evaluateGoal, measureCheck,
  renderMessage, renderReviewMessage, reviewMarkdownAsPlainText, reviewMarkdownAsSlack, workspaceLanguage, type AbJob, type Job, type MessageSubject, type MetricCatalogue, type PointIndex, type PublishJob, type RecurringJob,
  type ReminderJob, type WorkspaceModel,
} from '../../core/index';
import { buildReview } from './build-review';
import type { Definitions } from './definitions';
import type { EngineEvent } from './events';
import { checkFiredMessage, checkResolvedMessage, messageNames, NOT_APPROVED_REASON, reviewReminderMessage } from './messages';
import type { EngineState } from './state';
import { ended, holds, withHeld } from './pause';

/** A step of a started SOP, due at its `after` delay. */
export interface SopStepOccurrence {
  readonly kind: 'sop-step';
  readonly sop: string;
  readonly step: string;
  readonly at: number;
  /** The check that started the SOP, for `unlessResolved` and message placeholders. */
  readonly check?: { readonly name: string; readonly value?: number };
  /**
   * What the event that started the SOP is about (post, campaign, channel; goal, key result,
   * status), for `{{event}}`, `{{post}}`… Steps queued before this field existed lack it.
   */
  readonly about?: MessageSubject;
}

/** What started an SOP: a check (with its value), an event (with what it is about), both (check.fired), or neither (a schedule). */
export interface SopCause {
  readonly check?: { readonly name: string; readonly value?: number };
  readonly about?: MessageSubject;
}

/**
 * The queue id of a step: `sop-step/<sop>/<step>@<minute>`, then what started it (the check, or
 * the ids the event is about), so two posts blocked in the same minute each get their step.
 */
export function sopStepJobId(step: SopStepOccurrence): string {
  const about = step.about ? [step.about.event, step.about.campaign, step.about.post, step.about.channel, step.about.goal, step.about.keyResult].filter((part) => part !== undefined) : [];
  const cause = [...(step.check ? [step.check.name] : []), ...about];
  return `sop-step/${step.sop}/${step.step}@${formatIdInstant(step.at)}${cause.length > 0 ? `~${cause.join('/')}` : ''}`;
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
  /**
   * The events recorded so far with fromExclusive < at ≤ toInclusive (the simulator's timeline,
   * the store's event log), for a `report` step's review. Without it a review sees no events.
   */
  listEvents?(fromExclusive: number, toInclusive: number): Promise<readonly EngineEvent[]>;
}

function notifyAll(context: EngineContext, at: number, targets: readonly string[], message: string): void {
  for (const target of targets) context.emit({ type: 'notify', at, target, message });
}

/** Starts an SOP at `at`: each step is scheduled at the trigger plus its `after`, carrying what started it. */
export function startSop(context: EngineContext, sop: string, at: number, cause: SopCause = {}): void {
  const spec = context.definitions.sops.get(sop);
  if (!spec) return;
  for (const step of spec.steps) {
    const minutes = step.after === undefined ? 0 : parseDurationMinutes(step.after) ?? 0;
    context.schedule({
      kind: 'sop-step', sop, step: step.id, at: at + minutes * 60_000, ...(cause.check ? { check: cause.check } : {}), ...(cause.about ? { about: cause.about } : {}),
    });
  }
}

/** Starts the SOPs triggered by an event (`about.event`), each told what the event is about. */
export function startSopsFor(context: EngineContext, about: MessageSubject, at: number, check?: SopCause['check']): void {
  for (const sop of context.definitions.sopsByEvent.get(about.event) ?? []) startSop(context, sop, at, { about, ...(check ? { check } : {}) });
}

async function runPublish(context: EngineContext, job: PublishJob, at: number): Promise<void> {
  // A pause holds the post before it is claimed: kept, not sent, free to release later.
  const pause = await context.state.getPause();
  if (pause && holds(pause, job)) {
    await context.state.putPause(withHeld(pause, job));
    context.emit({ type: 'post.held', at, campaign: job.campaign, post: job.post, channel: job.channel, ...(job.variant ? { variant: job.variant } : {}) });
    startSopsFor(context, { event: 'post.held', campaign: job.campaign, post: job.post, channel: job.channel }, at);
    return;
  }
  // The idempotency key is the job id: post + channel + variant + scheduled instant.
  if (!(await context.state.claimPublish(job.id))) return;
  const subject = (event: string): MessageSubject => ({ event, campaign: job.campaign, post: job.post, channel: job.channel });
  if (job.reviewRequired && !job.approved) {
    // The event's reason is a contract (English); the timeline and messages show it in their language.
    context.emit({ type: 'post.blocked', at, campaign: job.campaign, post: job.post, channel: job.channel, reason: NOT_APPROVED_REASON.en });
    startSopsFor(context, subject('post.blocked'), at);
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
  startSopsFor(context, subject(`post.${outcome.status}`), at);
}

function runReminder(context: EngineContext, job: ReminderJob, at: number): void {
  notifyAll(context, at, job.notify, reviewReminderMessage(messageNames(context.model), job));
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
  const names = messageNames(context.model);
  const notice = { name: check.name, ...(check.title ? { title: check.title } : {}), metric: check.metric, condition: check.condition, value: measured };
  const values = buildCheckMessageValues({
    ...notice, metricTitle: names.metric(check.metric), unit: names.unit(check.metric), window: check.window,
    ...(check.severity ? { severity: check.severity } : {}), time: formatLocal(at, context.timezone), lang: names.lang,
  });
  const message = event.type === 'fired'
    ? (check.message ? renderMessage(check.message, values) : checkFiredMessage(names, notice))
    : checkResolvedMessage(names, notice);
  notifyAll(context, at, check.notify, message);
  // An acknowledgement answers one firing: it ends when the check resolves or fires anew.
  if (await context.state.getAcknowledgement(check.name)) await context.state.putAcknowledgement(check.name, undefined);
  if (event.type === 'resolved') {
    // A pause this check's SOP started ends with it; the posts it held wait for a person.
    const pause = await context.state.getPause();
    if (pause?.scope && pause.check === check.name) await context.state.putPause(ended(pause));
  }
  if (event.type === 'fired') {
    const started = { name: check.name, value: measured };
    for (const sop of check.sops) startSop(context, sop, at, { check: started });
    startSopsFor(context, { event: 'check.fired' }, at, started);
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
    if (result.status === 'off-track' || result.status === 'at-risk') {
      startSopsFor(context, { event: `goal.${result.status}`, goal: job.target, keyResult, status: result.status }, at);
    }
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

const DEFAULT_REVIEW_WINDOW_MINUTES = 7 * 24 * 60;

/**
 * A `report` step: the review of (at − window, at] from the events so far and the metrics, as
 * markdown in the workspace's language, one titled message per target (the bots split it within
 * their size limits).
 */
async function sendReview(context: EngineContext, at: number, window: string, targets: readonly string[]): Promise<void> {
  const from = at - (parseDurationMinutes(window) ?? DEFAULT_REVIEW_WINDOW_MINUTES) * 60_000;
  const events = context.listEvents ? await context.listEvents(from, at) : [];
  const review = buildReview({ model: context.model, events, metrics: context.metrics, from, to: at });
  const { title, text } = renderReviewMessage(review, workspaceLanguage(context.model));
  const types = new Map((context.model.workspaces[0]?.value.spec.notify ?? []).map((target) => [target.id, target.type]));
  // WeCom and DingTalk render markdown; Feishu rich text shows it as typed, Slack reads mrkdwn.
  const formatFor = (type: string | undefined) => (type === 'feishu-bot' ? reviewMarkdownAsPlainText(text) : type === 'slack' ? reviewMarkdownAsSlack(text) : text);
  for (const target of targets) context.emit({ type: 'notify', at, target, title, message: formatFor(types.get(target)) });
}

async function runSopStep(context: EngineContext, occurrence: SopStepOccurrence, resolved: boolean): Promise<void> {
  const spec = context.definitions.sops.get(occurrence.sop);
  const step = spec?.steps.find((candidate) => candidate.id === occurrence.step);
  if (!spec || !step) return;
  // Escalation stops once the check that started it has recovered.
  if (step.unlessResolved && resolved) return;
  context.emit({ type: 'sop.step', at: occurrence.at, sop: occurrence.sop, step: step.id });
  if (step.pause) {
    const before = await context.state.getPause();
    await context.state.putPause({
      scope: step.pause, since: occurrence.at, by: `sop:${occurrence.sop}/${step.id}`,
      ...(occurrence.check ? { check: occurrence.check.name } : {}), held: before?.held ?? [],
    });
  }
  const check = occurrence.check ? context.definitions.checks.get(occurrence.check.name) : undefined;
  const values = buildSopStepValues({
    book: messageNames(context.model), sop: occurrence.sop, step: step.id, time: formatLocal(occurrence.at, context.timezone),
    ...(occurrence.check ? {
      check: {
        ...occurrence.check, ...(check?.title ? { title: check.title } : {}), ...(check ? { condition: check.condition, metric: check.metric } : {}),
      },
    } : {}),
    ...(occurrence.about ? { subject: occurrence.about } : {}),
  });
  if (step.message !== undefined) notifyAll(context, occurrence.at, step.notify ?? [], renderMessage(step.message, values));
  if (step.report) await sendReview(context, occurrence.at, step.report.window, step.notify ?? []);
}

/** Runs a due SOP step; a step of an SOP a check started is skipped once that check has resolved (`unlessResolved`). */
async function runDueSopStep(context: EngineContext, occurrence: SopStepOccurrence): Promise<void> {
  const state = occurrence.check ? await context.state.getCheckState(occurrence.check.name) : undefined;
  // A check a person acknowledged counts as resolved for `unlessResolved` (spec v1.1: flywheel ack).
  const acknowledged = occurrence.check ? (await context.state.getAcknowledgement(occurrence.check.name)) !== undefined : false;
  await runSopStep(context, occurrence, occurrence.check !== undefined && ((state !== undefined && !state.firing) || acknowledged));
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
