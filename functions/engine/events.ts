import * as z from 'zod/mini';

/**
 * What the engine reports, one event per thing that happened at a scheduled minute. The shapes
 * are a contract (`flywheel simulate --format json`, the event bus): add fields, never rename.
 */
export const EngineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('post.publish'), at: z.number(), campaign: z.string(), post: z.string(), channel: z.string(), variant: z.optional(z.string()) }),
  z.object({ type: z.literal('post.blocked'), at: z.number(), campaign: z.string(), post: z.string(), channel: z.string(), reason: z.string() }),
  z.object({ type: z.literal('post.failed'), at: z.number(), campaign: z.string(), post: z.string(), channel: z.string(), reason: z.string() }),
  z.object({ type: z.literal('post.unconfirmed'), at: z.number(), campaign: z.string(), post: z.string(), channel: z.string(), reason: z.string() }),
  z.object({ type: z.literal('sop.step'), at: z.number(), sop: z.string(), step: z.string() }),
  z.object({ type: z.literal('check.fired'), at: z.number(), check: z.string(), value: z.number() }),
  z.object({ type: z.literal('check.resolved'), at: z.number(), check: z.string(), value: z.number() }),
  z.object({ type: z.literal('check.no-data'), at: z.number(), check: z.string() }),
  z.object({
    type: z.literal('goal.status'), at: z.number(), goal: z.string(), keyResult: z.string(), status: z.string(),
    value: z.nullable(z.number()), expected: z.nullable(z.number()), forecast: z.nullable(z.number()),
  }),
  z.object({
    type: z.literal('ab.verdict'), at: z.number(), campaign: z.string(), post: z.string(),
    verdict: z.enum(['winner', 'no-difference', 'insufficient-data']), winner: z.optional(z.string()), pValue: z.optional(z.number()),
  }),
  z.object({ type: z.literal('notify'), at: z.number(), target: z.string(), message: z.string() }),
]);

export type EngineEvent = z.infer<typeof EngineEventSchema>;

/**
 * Events as the JSON contract writes them: `at` as the ISO 8601 UTC instant of the scheduled
 * minute. A year's simulation has many events per minute, so each minute is formatted once.
 */
export function serializeEvents(events: readonly EngineEvent[]): Record<string, unknown>[] {
  const instants = new Map<number, string>();
  return events.map((event) => {
    let at = instants.get(event.at);
    if (at === undefined) {
      at = new Date(event.at).toISOString();
      instants.set(event.at, at);
    }
    return { ...event, at };
  });
}
