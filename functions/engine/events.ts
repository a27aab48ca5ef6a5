type PostEvent<T extends string, Extra> = { type: T; at: number; campaign: string; post: string; channel: string } & Extra;

/**
 * What the engine reports, one event per thing that happened at a scheduled minute. The shapes
 * are a contract (`flywheel simulate --format json`, the event bus, whose zod schemas in
 * functions/bus/detail-types.ts check each one before it leaves): add fields, never rename.
 * Plain types: the engine builds these itself, so nothing parses them at run time.
 */
export type EngineEvent =
  | PostEvent<'post.publish', { variant?: string | undefined }>
  | PostEvent<'post.blocked', { reason: string }>
  | PostEvent<'post.failed', { reason: string }>
  | PostEvent<'post.unconfirmed', { reason: string }>
  /** Not sent: a pause holds its channel or campaign; kept for a person to release (`flywheel resume --release`). */
  | PostEvent<'post.held', { variant?: string | undefined }>
  /** Sent to its owner to publish by hand (the channel has no API connector or credentials in the cloud). */
  | PostEvent<'post.handed-off', { variant?: string | undefined; reason: string }>
  | { type: 'sop.step'; at: number; sop: string; step: string }
  | { type: 'check.fired'; at: number; check: string; value: number }
  | { type: 'check.resolved'; at: number; check: string; value: number }
  | { type: 'check.no-data'; at: number; check: string }
  /** A person acknowledged a firing check (`flywheel ack`): its `unlessResolved` steps stop. */
  | { type: 'check.acknowledged'; at: number; check: string; by?: string | undefined; note?: string | undefined }
  | {
    type: 'goal.status'; at: number; goal: string; keyResult: string; status: string;
    value: number | null; expected: number | null; forecast: number | null;
  }
  | {
    type: 'ab.verdict'; at: number; campaign: string; post: string;
    verdict: 'winner' | 'no-difference' | 'insufficient-data'; winner?: string | undefined; pValue?: number | undefined;
  }
  /**
   * A message for a notify target; `attachments` are workspace paths of files to attach where the
   * bot can (a hand-off's images); `title` heads a long markdown message (a review), which the bot
   * sends in its rich format.
   */
  | { type: 'notify'; at: number; target: string; message: string; attachments?: string[] | undefined; title?: string | undefined };

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
