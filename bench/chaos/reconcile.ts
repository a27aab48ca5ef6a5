import type { PublishJob } from '../../core/index';
import { DeadLetterSchema, type DeadLetter } from '../../functions/lambda/queues';
import type { FlywheelStore, PublishRecord } from '../../functions/store/index';
import type { AcceptedEvent } from '../../test/lambda/support/local-aws';
import type { ChaosOptions } from './options';
import { faultPlan, type Acceptance } from './platform-server';

/** Why a post ended unconfirmed. */
export type UnconfirmedCause = 'crash' | 'unknown-outcome' | 'connection-reset' | 'other';

/** The outcome of every post, from the platform's record, the store's publish records, the dead-letter queue and the bus. */
export interface Reconciliation {
  readonly posts: number;
  /** Accepted exactly once by the platform, recorded `published`. */
  readonly published: number;
  /** Accepted more than once. */
  readonly duplicates: number;
  /** Neither accepted, nor dead-lettered, nor unconfirmed, nor blocked (includes claims left without an outcome). */
  readonly lost: number;
  readonly deadLettered: number;
  /** Of the dead letters, those marked safe to redrive (only passing errors were seen). */
  readonly deadLetteredRetryable: number;
  readonly unconfirmed: number;
  /** Unconfirmed posts the platform does have (accepted once): a person confirms them, nothing resends them. */
  readonly unconfirmedOnPlatform: number;
  readonly unconfirmedByCause: Record<UnconfirmedCause, number>;
  readonly blocked: number;
  /** Posts whose sources disagree (recorded published but not on the platform, failed without a dead letter, no alert…). */
  readonly unaccounted: number;
  /** Every acceptance the platform saw, reconciled against the posts whatever its key. */
  readonly acceptances: {
    readonly total: number;
    /** Matched to a post of the plan (and counted in its class: published, duplicate, unconfirmed on the platform). */
    readonly reconciled: number;
    /** Of those, accepted under another Idempotency-Key than the post's job id. */
    readonly underOtherKeys: number;
    /** Bodies that are no post of the plan: each is a problem, as a duplicate is. */
    readonly unmatched: number;
  };
  /** Up to 20 examples of each kind of problem, with the key. */
  readonly problems: string[];
  readonly alerts: number;
  readonly deadLetterMessages: number;
  /** The class of each post, by key (published, duplicate, dead-lettered, unconfirmed:<cause>, blocked, lost, unaccounted). */
  readonly classOf: ReadonlyMap<string, string>;
}

/** Reads each key's record with a few requests at a time. */
async function readRecords(store: FlywheelStore, keys: readonly string[]): Promise<Map<string, PublishRecord | undefined>> {
  const records = new Map<string, PublishRecord | undefined>();
  let next = 0;
  await Promise.all(Array.from({ length: 16 }, async () => {
    while (next < keys.length) {
      const key = keys[next] as string;
      next += 1;
      records.set(key, await store.getPublishRecord(key));
    }
  }));
  return records;
}

function unconfirmedCause(options: ChaosOptions, record: PublishRecord): UnconfirmedCause {
  if (record.detail?.startsWith('an earlier attempt stopped')) return 'crash';
  const plan = faultPlan(options, record.key);
  if (plan.kind === 'unknown') return 'unknown-outcome';
  if (plan.kind === 'transient' && plan.faults.includes('reset')) return 'connection-reset';
  return 'other';
}

/** What identifies a post on the platform: the fields its request body carries, never its Idempotency-Key. */
export function postIdentity(fields: { readonly campaign?: unknown; readonly post?: unknown; readonly channel?: unknown; readonly variant?: unknown; readonly scheduledAt?: unknown }): string {
  return `${String(fields.campaign)}/${String(fields.post)}/${String(fields.channel)}/${String(fields.variant ?? '')}@${String(fields.scheduledAt)}`;
}

/**
 * Puts every post in exactly one class, from every acceptance the platform saw: acceptances are
 * counted per post (matched by the body, whatever their key), so a post accepted under two keys is
 * a duplicate, and an acceptance that matches no post is a problem. A duplicate wins over everything; then the store's
 * record decides, checked against the platform (a `published` post must be there once, a
 * failed or blocked one not at all), the dead-letter queue (a failed post has its letter) and
 * the bus (a failed or unconfirmed post raised its event and an alert).
 */
export async function reconcile(input: {
  readonly options: ChaosOptions;
  readonly jobs: readonly PublishJob[];
  readonly store: FlywheelStore;
  /** Every acceptance the platform saw, with its key and the post its body is. */
  readonly acceptances: readonly Acceptance[];
  readonly deadLetterBodies: readonly string[];
  readonly busEvents: readonly AcceptedEvent[];
}): Promise<Reconciliation> {
  const { options, jobs } = input;
  const known = new Set(jobs.map((job) => job.id));
  const accepted = new Map<string, number>();
  const keysOf = new Map<string, Set<string>>();
  let underOtherKeys = 0;
  const unmatched: Acceptance[] = [];
  for (const acceptance of input.acceptances) {
    if (acceptance.post === undefined || !known.has(acceptance.post)) {
      unmatched.push(acceptance);
      continue;
    }
    accepted.set(acceptance.post, (accepted.get(acceptance.post) ?? 0) + 1);
    keysOf.set(acceptance.post, (keysOf.get(acceptance.post) ?? new Set()).add(acceptance.key));
    if (acceptance.key !== acceptance.post) underOtherKeys += 1;
  }
  const letters = new Map<string, DeadLetter[]>();
  for (const body of input.deadLetterBodies) {
    const letter = DeadLetterSchema.parse(JSON.parse(body));
    letters.set(letter.key, [...(letters.get(letter.key) ?? []), letter]);
  }
  const raised = new Set<string>();
  let alerts = 0;
  for (const event of input.busEvents) {
    if (event.detailType === 'flywheel.notify.requested') alerts += 1;
    const { campaign, post, channel } = event.detail as { campaign?: string; post?: string; channel?: string };
    if (campaign && post && channel) raised.add(`${event.detailType} ${campaign}/${post}/${channel}`);
  }
  const records = await readRecords(input.store, jobs.map((job) => job.id));
  const counts = { published: 0, duplicates: 0, lost: 0, deadLettered: 0, deadLetteredRetryable: 0, unconfirmed: 0, unconfirmedOnPlatform: 0, blocked: 0, unaccounted: 0 };
  const byCause: Record<UnconfirmedCause, number> = { crash: 0, 'unknown-outcome': 0, 'connection-reset': 0, other: 0 };
  const problems: string[] = [];
  const classOf = new Map<string, string>();
  const shown = new Map<string, number>();
  const problem = (kind: string, key: string, detail: string) => {
    const seen = shown.get(kind) ?? 0;
    shown.set(kind, seen + 1);
    if (seen < 20) problems.push(`${kind}: ${key}: ${detail}`);
  };
  for (const job of jobs) {
    const times = accepted.get(job.id) ?? 0;
    const record = records.get(job.id);
    const status = record?.status ?? 'none';
    const event = (type: string) => raised.has(`flywheel.post.${type} ${job.campaign}/${job.post}/${job.channel}`);
    if (times > 1) {
      classOf.set(job.id, 'duplicate');
      counts.duplicates += 1;
      problem('duplicate', job.id, `accepted ${times} times under key(s) ${[...(keysOf.get(job.id) ?? [])].join(', ')}, recorded ${status}`);
    } else if (status === 'published' && times === 1) {
      classOf.set(job.id, 'published');
      counts.published += 1;
    } else if (status === 'failed' && times === 0 && letters.has(job.id) && event('failed')) {
      classOf.set(job.id, 'dead-lettered');
      counts.deadLettered += 1;
      if (letters.get(job.id)?.some((letter) => letter.retryable)) counts.deadLetteredRetryable += 1;
    } else if (status === 'unconfirmed' && record && event('unconfirmed')) {
      counts.unconfirmed += 1;
      if (times === 1) counts.unconfirmedOnPlatform += 1;
      const cause = unconfirmedCause(options, record);
      byCause[cause] += 1;
      classOf.set(job.id, `unconfirmed (${cause}${times === 1 ? ', on the platform' : ''})`);
    } else if (status === 'blocked' && times === 0 && event('blocked')) {
      classOf.set(job.id, 'blocked');
      counts.blocked += 1;
    } else if (times === 0 && (status === 'none' || status === 'claimed' || status === 'pending')) {
      classOf.set(job.id, 'lost');
      counts.lost += 1;
      problem('lost', job.id, `not on the platform, store record ${status}, ${letters.has(job.id) ? 'has' : 'no'} dead letter`);
    } else if (times === 1 && (status === 'none' || status === 'claimed' || status === 'pending')) {
      // On the platform, but nothing in Flywheel says so: nobody would know to check it.
      classOf.set(job.id, 'lost');
      counts.lost += 1;
      problem('lost-record', job.id, `on the platform once, store record ${status}`);
    } else {
      classOf.set(job.id, 'unaccounted');
      counts.unaccounted += 1;
      problem('unaccounted', job.id, `platform ${times}, store ${status}, dead letter ${letters.has(job.id) ? 'yes' : 'no'}, failed event ${event('failed')}, unconfirmed event ${event('unconfirmed')}`);
    }
  }
  for (const acceptance of unmatched) problem('unmatched-acceptance', acceptance.key, 'the platform accepted a body that is no post of the plan');
  return {
    posts: jobs.length, ...counts, unconfirmedByCause: byCause, problems, alerts, deadLetterMessages: input.deadLetterBodies.length, classOf,
    acceptances: { total: input.acceptances.length, reconciled: input.acceptances.length - unmatched.length, underOtherKeys, unmatched: unmatched.length },
  };
}
