import { DateTime } from 'luxon';
import { describeSchedule, isValidTimeZone, nextRuns, parseSchedule, type Lang } from '../../../core/index';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver-types';

/** What hover needs beyond the document: the reader's language, the zone runs are shown in, and "now". */
export interface HoverOptions {
  readonly lang: Lang;
  /** IANA zone of the workspace. @default 'Asia/Shanghai' */
  readonly zone?: string;
  /** Epoch milliseconds that next runs count from (no clock in the service). */
  readonly now: number;
}

const DEFAULT_ZONE = 'Asia/Shanghai';
const RUN_COUNT = 5;
const SCHEDULE_EXPRESSION = /\b(?:cron|rate|at)\([^)]*\)/g;
const SCHEDULE_KEY = /^(\s*(?:-\s+)?schedule\s*:\s*)(["']?)([^"'#]*?)\2\s*(?:#.*)?$/;

/** Finds the schedule expression under the cursor: any cron/rate/at call, or the value of a `schedule:` key. */
function findScheduleAt(lineText: string, character: number): { expression: string; start: number; end: number } | undefined {
  for (const match of lineText.matchAll(SCHEDULE_EXPRESSION)) {
    const start = match.index;
    const end = start + match[0].length;
    if (character >= start && character <= end) return { expression: match[0], start, end };
  }
  const keyed = SCHEDULE_KEY.exec(lineText);
  if (keyed && keyed[3]) {
    const start = (keyed[1] ?? '').length + (keyed[2] ?? '').length;
    const end = start + keyed[3].length;
    if (character >= start && character <= end) return { expression: keyed[3], start, end };
  }
  return undefined;
}

/** Describes the schedule under the cursor and lists its next runs in the workspace zone. */
export function hover(text: string, position: Position, options: HoverOptions): Hover | undefined {
  const lineText = text.split(/\r\n|\r|\n/)[position.line];
  if (lineText === undefined) return undefined;
  const found = findScheduleAt(lineText, position.character);
  if (!found) return undefined;
  const parsed = parseSchedule(found.expression);
  if (!parsed.ok) return undefined;
  const zone = options.zone && isValidTimeZone(options.zone) ? options.zone : DEFAULT_ZONE;
  const runs = nextRuns(parsed.schedule, { after: options.now, zone, count: RUN_COUNT });
  const heading = options.lang === 'zh-CN' ? `接下来 ${runs.length} 次运行 (${zone})` : `Next ${runs.length} runs (${zone})`;
  const runLines = runs.map((run) => `- ${DateTime.fromMillis(run, { zone }).toFormat('yyyy-MM-dd HH:mm ccc')}`);
  const none = options.lang === 'zh-CN' ? '_不会再运行_' : '_No further runs_';
  return {
    contents: {
      kind: MarkupKind.Markdown,
      value: [`**${describeSchedule(parsed.schedule, options.lang)}**`, '', heading, '', ...(runLines.length > 0 ? runLines : [none])].join('\n'),
    },
    range: { start: { line: position.line, character: found.start }, end: { line: position.line, character: found.end } },
  };
}
