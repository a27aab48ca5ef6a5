/** Schedule expressions in the text, the zone they run in, and their next runs in words: shared by hover and code lens. */
import {
  WEEKDAY_WORDS_EN, WEEKDAY_WORDS_ZH, campaignWindowInstants, describeSchedule, formatLocal, isValidTimeZone, listPostRuns, listRunsInWindow, nextRuns, parseSchedule,
  type Lang, type PlaybookEntry, type Post, type Schedule, type WorkspaceModel,
} from '../../../core/index';
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

/** A run as people read it: local date, time and weekday in the user's language (`2027-06-01 12:00 周二`). */
export function formatRun(instant: number, zone: string, lang: Lang): string {
  const local = formatLocal(instant, zone);
  const weekday = new Date(`${local.slice(0, 10)}T00:00:00Z`).getUTCDay();
  return `${local} ${lang === 'zh-CN' ? WEEKDAY_WORDS_ZH[weekday] : WEEKDAY_WORDS_EN[weekday]?.slice(0, 3)}`;
}

/** The zone named after a list of times: `(Asia/Shanghai)`, full-width in Chinese. */
export function zoneNote(zone: string, lang: Lang): string {
  return lang === 'zh-CN' ? `（${zone}）` : `(${zone})`;
}

/** A parsed schedule with its description and next runs, or undefined when it does not parse. */
export function explainSchedule(expression: string, zone: string, now: number, count: number, lang: Lang): { schedule: Schedule; description: string; runs: string[] } | undefined {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) return undefined;
  const runs = nextRuns(parsed.schedule, { after: now, zone, count }).map((run) => formatRun(run, zone, lang));
  return { schedule: parsed.schedule, description: describeSchedule(parsed.schedule, lang), runs };
}

/**
 * Something of a campaign that runs inside its window, written on a line of the document at
 * `path`: a post's `schedule` or `at`, or a KPI check's `schedule` (`post` absent).
 */
export interface CampaignPostAtLine {
  readonly entry: PlaybookEntry<'Campaign'>;
  readonly field: 'schedule' | 'at';
  /** The value as written on the line. */
  readonly value: string;
  readonly post?: Post;
}

/** The campaign posts of the document at `path` by the 0-based line their `schedule` or `at` value sits on, from the last validated model. */
export function campaignPostsByLine(model: WorkspaceModel | undefined, path: string | undefined): Map<number, CampaignPostAtLine> {
  const byLine = new Map<number, CampaignPostAtLine>();
  if (!model || path === undefined) return byLine;
  for (const entry of model.campaigns) {
    if (entry.file.path !== path) continue;
    for (const post of entry.value.spec.posts ?? []) {
      for (const field of ['schedule', 'at'] as const) {
        const value = post[field];
        if (value !== undefined) byLine.set(entry.span(post, [field]).line - 1, { entry, post, field, value });
      }
    }
    for (const kpi of entry.value.spec.kpis ?? []) {
      if (kpi.schedule !== undefined) byLine.set(entry.span(kpi, ['schedule']).line - 1, { entry, field: 'schedule', value: kpi.schedule });
    }
  }
  return byLine;
}

/** What a post's runs look like from `now`, in the campaign window, in words for hover and lens. */
export interface PostRunsText {
  readonly zone: string;
  /** The runs shown, formatted (at most `count`). */
  readonly runs: readonly string[];
  /** The hover's heading above the runs, and the lens's whole title. */
  readonly heading: string;
  readonly lens: string;
}

/**
 * A post's (or KPI check's) next runs, counted as the plan counts them: only inside the campaign
 * window, and said so when the window has not started yet or is over. `totals` also counts every
 * run of the window (for hover; a lens on each of hundreds of posts skips it).
 */
export function explainPostRuns(model: WorkspaceModel, found: CampaignPostAtLine, now: number, count: number, lang: Lang, totals = false): PostRunsText | undefined {
  const workspace = workspaceZone(model);
  // A KPI check runs in the workspace zone (as the plan compiles it); a post in its own, if it has one.
  const own = found.post?.timezone;
  const zone = own && isValidTimeZone(own) ? own : workspace;
  const { start, end } = found.entry.value.spec.window;
  const window = campaignWindowInstants(found.entry.value.spec.window, workspace);
  if (!window || start > end) return undefined;
  const zh = lang === 'zh-CN';
  const span = `${start} → ${end}`;
  const note = zoneNote(zone, lang);
  if (found.field === 'at') {
    const [only] = found.post ? listPostRuns(found.post, zone, window) : [];
    if (only === undefined) return undefined;
    const when = formatRun(only, zone, lang);
    if (only < window.from || only >= window.until) {
      const text = zh ? `${when}${note} 不在活动窗口 ${span} 内，不会发布` : `${when} ${note} is outside the campaign window ${span}: never published`;
      return { zone, runs: [], heading: text, lens: text };
    }
    const text = only > now ? (zh ? `发布时间：${when}${note}` : `Publishes ${when} ${note}`) : (zh ? `计划发布时间：${when}${note}（已过）` : `Was due ${when} ${note}`);
    return { zone, runs: [when], heading: text, lens: text };
  }
  const runs = listRunsInWindow(found.value, zone, window, { after: now, count }).map((run) => formatRun(run, zone, lang));
  if (runs.length === 0) {
    const text = zh ? `活动窗口 ${span} 内不会再运行` : `No runs left in the campaign window ${span}`;
    return { zone, runs, heading: text, lens: text };
  }
  const total = totals ? listRunsInWindow(found.value, zone, window, { after: now }).length : undefined;
  if (now < window.from) {
    const of = total === undefined ? '' : zh ? `，共 ${total} 次` : ` of ${total}`;
    return {
      zone, runs,
      heading: zh ? `活动窗口 ${span}，${start} 开始：前 ${runs.length} 次运行${of}${note}` : `Campaign window ${span} starts ${start}: first ${runs.length}${of} runs ${note}`,
      lens: zh ? `活动 ${start} 开始，首次运行：${runs.join(' · ')}${note}` : `Campaign starts ${start}: first runs ${runs.join(' · ')} ${note}`,
    };
  }
  const left = total === undefined ? '' : zh ? `，还剩 ${total} 次` : ` of ${total}`;
  return {
    zone, runs,
    heading: zh ? `活动窗口 ${span} 内接下来 ${runs.length} 次运行${left}${note}` : `Next ${runs.length}${left} runs left in the campaign window ${span} ${note}`,
    lens: zh ? `活动窗口内下次运行：${runs.join(' · ')}${note}` : `Next runs in the campaign window: ${runs.join(' · ')} ${note}`,
  };
}
