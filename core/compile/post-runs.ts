import { nextRuns, parseSchedule } from '../schedule/index';
import type { Post } from '../schema/index';
import { localToInstant, parseDate, parseLocalTime, windowInstants } from '../time/index';

/** A series never expands beyond this many runs per post (the validator warns far earlier). */
export const MAX_SERIES_RUNS = 10_000;

/** The instants a campaign window covers, its dates read in the workspace zone; undefined when a date is not one. */
export function campaignWindowInstants(window: { readonly start: string; readonly end: string }, workspaceZone: string): { from: number; until: number } | undefined {
  const start = parseDate(window.start);
  const end = parseDate(window.end);
  return start && end ? windowInstants(start, end, workspaceZone) : undefined;
}

/**
 * The instants a post publishes at, as the plan schedules them: its `at`, or each run of its
 * schedule inside the campaign window, read in the post's zone. The plan, the editor's hover and
 * its code lens all list runs through this one function, so they cannot disagree.
 */
export function listPostRuns(post: Post, zone: string, window: { readonly from: number; readonly until: number }): number[] {
  if (post.at !== undefined) {
    const local = parseLocalTime(post.at);
    const instant = local ? localToInstant(local, zone) : Number.NaN;
    return Number.isNaN(instant) ? [] : [instant];
  }
  return post.schedule === undefined ? [] : listRunsInWindow(post.schedule, zone, window);
}

/**
 * The runs of a schedule inside a window [from, until), rates counted from its start, as the
 * runner runs a campaign's series and KPI checks; only those after `after` when given, at most `count`.
 */
export function listRunsInWindow(expression: string, zone: string, window: { readonly from: number; readonly until: number }, options: { readonly after?: number; readonly count?: number } = {}): number[] {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) return [];
  const after = Math.max(window.from - 1, options.after ?? Number.NEGATIVE_INFINITY);
  return nextRuns(parsed.schedule, { after, until: window.until - 1, zone, count: options.count ?? MAX_SERIES_RUNS, rateAnchor: window.from });
}
