import * as z from 'zod/mini';
import type { EngineEvent } from '../engine/index';

/** Every Flywheel event on the bus carries this source. */
export const BUS_SOURCE = 'flywheel';

/** The scheduled minute the event belongs to (ISO 8601, UTC). */
const Instant = z.iso.datetime({ offset: true });
const PostRef = { at: Instant, campaign: z.string(), post: z.string(), channel: z.string() };

/**
 * The detail of each detail-type, a contract for rules and consumers: add fields, never rename.
 * The shapes follow the engine's events (functions/engine/events.ts) with `at` as an ISO instant.
 */
export const BusDetailSchemas = {
  'flywheel.post.published': z.object({ ...PostRef, variant: z.optional(z.string()) }),
  'flywheel.post.failed': z.object({ ...PostRef, reason: z.string() }),
  'flywheel.post.unconfirmed': z.object({ ...PostRef, reason: z.string() }),
  'flywheel.post.blocked': z.object({ ...PostRef, reason: z.string() }),
  /** Not sent: a pause holds its channel or campaign; kept for a person to release. */
  'flywheel.post.held': z.object({ ...PostRef, variant: z.optional(z.string()) }),
  /** The post went to its owner to publish by hand: its channel has no API connector or credentials. */
  'flywheel.post.handed-off': z.object({ ...PostRef, variant: z.optional(z.string()), reason: z.string() }),
  'flywheel.check.fired': z.object({ at: Instant, check: z.string(), value: z.number() }),
  'flywheel.check.resolved': z.object({ at: Instant, check: z.string(), value: z.number() }),
  'flywheel.check.no-data': z.object({ at: Instant, check: z.string() }),
  /** A person acknowledged a firing check: its escalation steps stop. */
  'flywheel.check.acknowledged': z.object({ at: Instant, check: z.string(), by: z.optional(z.string()), note: z.optional(z.string()) }),
  'flywheel.goal.status-changed': z.object({
    at: Instant, goal: z.string(), keyResult: z.string(), status: z.string(),
    value: z.nullable(z.number()), expected: z.nullable(z.number()), forecast: z.nullable(z.number()),
  }),
  'flywheel.sop.step': z.object({ at: Instant, sop: z.string(), step: z.string() }),
  'flywheel.ab.verdict': z.object({
    at: Instant, campaign: z.string(), post: z.string(), verdict: z.enum(['winner', 'no-difference', 'insufficient-data']),
    winner: z.optional(z.string()), pValue: z.optional(z.number()),
  }),
  /** A message for one notify target (alerts, reminders, SOP steps): the notify function delivers it. */
  'flywheel.notify.requested': z.object({
    at: Instant, target: z.string().check(z.minLength(1)), message: z.string(),
    /** Workspace paths of files to attach where the target's bot can (a hand-off's images). */
    attachments: z.optional(z.array(z.string().check(z.minLength(1)))),
    /** Heads a long markdown message (a review), sent in the bot's rich format. */
    title: z.optional(z.string()),
  }),
} as const;

export type DetailType = keyof typeof BusDetailSchemas;
export type BusDetail<T extends DetailType> = z.infer<(typeof BusDetailSchemas)[T]>;

/** The detail-type of each engine event. */
export const DETAIL_TYPE_OF = {
  'post.publish': 'flywheel.post.published',
  'post.failed': 'flywheel.post.failed',
  'post.unconfirmed': 'flywheel.post.unconfirmed',
  'post.blocked': 'flywheel.post.blocked',
  'post.held': 'flywheel.post.held',
  'post.handed-off': 'flywheel.post.handed-off',
  'check.fired': 'flywheel.check.fired',
  'check.resolved': 'flywheel.check.resolved',
  'check.no-data': 'flywheel.check.no-data',
  'check.acknowledged': 'flywheel.check.acknowledged',
  'goal.status': 'flywheel.goal.status-changed',
  'sop.step': 'flywheel.sop.step',
  'ab.verdict': 'flywheel.ab.verdict',
  notify: 'flywheel.notify.requested',
} as const satisfies Record<EngineEvent['type'], DetailType>;

/** One event ready for PutEvents, its detail already checked against its schema. */
export interface BusEvent {
  readonly detailType: DetailType;
  readonly detail: Record<string, unknown>;
  /** The instant the event is about (the entry's Time). */
  readonly time: number;
}

/** Turns an engine event into its bus event; the detail is parsed with its detail-type's schema. */
export function toBusEvent(event: EngineEvent): BusEvent {
  const detailType = DETAIL_TYPE_OF[event.type];
  const { type: _type, at, ...rest } = event;
  const detail = BusDetailSchemas[detailType].parse({ ...rest, at: new Date(at).toISOString() }) as Record<string, unknown>;
  return { detailType, detail, time: at };
}

/** An EventBridge event as a rule target (the notify function) receives it. */
export const BusEnvelopeSchema = z.object({
  id: z.string(),
  source: z.literal(BUS_SOURCE),
  'detail-type': z.string(),
  time: z.string(),
  detail: z.unknown(),
});

/** Parses an event delivered by a rule and its detail, for one expected detail-type. */
export function parseBusEnvelope<T extends DetailType>(detailType: T, input: unknown): { id: string; detail: BusDetail<T> } {
  const envelope = BusEnvelopeSchema.parse(input);
  if (envelope['detail-type'] !== detailType) {
    throw new Error(`Expected a "${detailType}" event, got "${envelope['detail-type']}": check the rule's event pattern.`);
  }
  return { id: envelope.id, detail: BusDetailSchemas[detailType].parse(envelope.detail) as BusDetail<T> };
}
