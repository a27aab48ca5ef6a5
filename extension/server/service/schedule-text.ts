/** Schedule expressions in the text, the zone they run in, and their next runs in words: shared by hover and code lens. */
import { DateTime } from 'luxon';
import { describeSchedule, isValidTimeZone, nextRuns, parseSchedule, type Lang, type Schedule, type WorkspaceModel } from '../../../core/index';
import { shapeOf } from './cursor-context';

const SCHEDULE_EXPRESSION = /\b(?:cron|rate|at)\([^)]*\)/g;

/** A schedule expression found on a line, with its character range. */
export interface FoundSchedule {
  readonly expression: string;
  readonly start: number;
  readonly end: number;
}

/** Every cron/rate/at expression on a line. */
export function schedulesOnLine(lineText: string): FoundSchedule[] {
  return [...lineText.matchAll(SCHEDULE_EXPRESSION)].map((match) => ({ expression: match[0], start: match.index, end: match.index + match[0].length }));
}

/** The schedule expression under a character of a line, if any. */
export function scheduleAt(lineText: string, character: number): FoundSchedule | undefined {
  return schedulesOnLine(lineText).find((found) => character >= found.start && character <= found.end);
}

function unquote(value: string): string {
  const bare = value.replace(/\s+#.*$/, '').trim();
  return /^(["']).*\1$/.test(bare) ? bare.slice(1, -1) : bare;
}

/**
 * The value of `key` in the mapping that holds line `lineIndex`: a flow mapping on that line, or
 * the block mapping around it (up to the start of its list item).
 */
export function siblingValue(lines: readonly string[], lineIndex: number, key: string): string | undefined {
  const lineText = lines[lineIndex] ?? '';
  const inFlow = new RegExp(`[{,]\\s*${key}\\s*:\\s*([^,}]+)`).exec(lineText);
  if (inFlow?.[1]) return unquote(inFlow[1]);
  const column = shapeOf(lineText).contentColumn;
  for (let index = lineIndex; index >= 0; index -= 1) {
    const shape = shapeOf(lines[index] ?? '');
    if (shape.blank) continue;
    if (shape.contentColumn < column) break;
    if (shape.contentColumn === column && shape.key === key) return unquote(shape.rest);
    if (shape.contentColumn === column && shape.dashes.length > 0) break;
  }
  for (let index = lineIndex + 1; index < lines.length; index += 1) {
    const shape = shapeOf(lines[index] ?? '');
    if (shape.blank) continue;
    if (shape.contentColumn < column || (shape.contentColumn === column && shape.dashes.length > 0)) break;
    if (shape.contentColumn === column && shape.key === key) return unquote(shape.rest);
  }
  return undefined;
}

/** The workspace time zone, UTC when there is none (as validation assumes). */
export function workspaceZone(model: WorkspaceModel | undefined): string {
  const zone = model?.workspaces[0]?.value.spec.timezone;
  return zone && isValidTimeZone(zone) ? zone : 'UTC';
}

/** The zone a schedule at this line runs in: its own `timezone:` beside it, else the workspace's. */
export function zoneForLine(lines: readonly string[], lineIndex: number, fallback: string): string {
  const own = siblingValue(lines, lineIndex, 'timezone');
  return own && isValidTimeZone(own) ? own : fallback;
}

/** A parsed schedule with its description and next runs, or undefined when it does not parse. */
export function explainSchedule(expression: string, zone: string, now: number, count: number, lang: Lang): { schedule: Schedule; description: string; runs: string[] } | undefined {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) return undefined;
  const runs = nextRuns(parsed.schedule, { after: now, zone, count }).map((run) => DateTime.fromMillis(run, { zone }).toFormat('yyyy-MM-dd HH:mm ccc'));
  return { schedule: parsed.schedule, description: describeSchedule(parsed.schedule, lang), runs };
}
