import { text } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import { localToInstant, parseDate, parseLocalTime, windowInstants, type LocalMinute } from '../../time/index';
import type { Rule, RuleContext } from '../context';

type Window = { start: string; end: string };

/** Checks a window's dates exist and run forwards; returns the parsed dates when they do. */
function checkWindow(context: RuleContext, entry: PlaybookEntry, window: Window): { start: LocalMinute; end: LocalMinute } | undefined {
  const start = parseDate(window.start);
  const end = parseDate(window.end);
  for (const [field, value, parsed] of [['start', window.start, start], ['end', window.end, end]] as const) {
    if (!parsed) {
      context.report(entry, window, [field], 'value', 'error', 'flywheel/date', text(
        `"${value}" is not a real calendar date. Check the month and day.`,
        `"${value}" 不是有效的日历日期。请检查月份和日期。`,
      ));
    }
  }
  if (!start || !end) return undefined;
  if (window.start > window.end) {
    context.report(entry, window, ['end'], 'value', 'error', 'flywheel/window', text(
      `The window ends (${window.end}) before it starts (${window.start}). Swap them or fix the dates.`,
      `窗口结束日期 (${window.end}) 早于开始日期 (${window.start})。请交换或修正日期。`,
    ));
    return undefined;
  }
  return { start, end };
}

/** Windows run forwards on real dates; one-time posts and milestones fall inside their window. */
export const windowsRule: Rule = {
  code: 'flywheel/window',
  check(context) {
    for (const entry of context.model.campaigns) {
      const { spec } = entry.value;
      const window = checkWindow(context, entry, spec.window);
      const bounds = window ? windowInstants(window.start, window.end, context.timezone) : undefined;
      for (const post of spec.posts ?? []) {
        if (post.at === undefined) continue;
        const local = parseLocalTime(post.at);
        if (!local) {
          context.report(entry, post, ['at'], 'value', 'error', 'flywheel/local-time', text(
            `"${post.at}" is not a real date and time. Check the day, hour (00-23) and minute (00-59).`,
            `"${post.at}" 不是有效的日期时间。请检查日期、小时 (00-23) 和分钟 (00-59)。`,
          ));
          continue;
        }
        if (!bounds) continue;
        // The window is read in the workspace zone, the post in its own: compare instants.
        const instant = localToInstant(local, post.timezone ?? context.timezone);
        if (Number.isNaN(instant) || Number.isNaN(bounds.from)) continue;
        if (instant < bounds.from || instant >= bounds.until) {
          context.report(entry, post, ['at'], 'value', 'error', 'flywheel/outside-window', text(
            `Post "${post.id}" is at ${post.at}${post.timezone ? ` (${post.timezone})` : ''}, outside the campaign window ${spec.window.start} → ${spec.window.end} (${context.timezone}). Move the post or widen the window.`,
            `内容 "${post.id}" 的发布时间 ${post.at}${post.timezone ? ` (${post.timezone})` : ''} 不在活动窗口 ${spec.window.start} → ${spec.window.end} (${context.timezone}) 内。请调整发布时间或扩大窗口。`,
          ));
        }
      }
    }
    for (const entry of context.model.goals) {
      const { spec } = entry.value;
      const window = checkWindow(context, entry, spec.window);
      for (const keyResult of spec.keyResults) {
        let previous: string | undefined;
        for (const milestone of keyResult.milestones ?? []) {
          if (!parseDate(milestone.date)) {
            context.report(entry, milestone, ['date'], 'value', 'error', 'flywheel/date', text(
              `"${milestone.date}" is not a real calendar date.`, `"${milestone.date}" 不是有效的日历日期。`));
          } else if (window && (milestone.date < spec.window.start || milestone.date > spec.window.end)) {
            context.report(entry, milestone, ['date'], 'value', 'error', 'flywheel/outside-window', text(
              `Milestone ${milestone.date} lies outside the goal window ${spec.window.start} → ${spec.window.end}.`,
              `里程碑 ${milestone.date} 不在目标窗口 ${spec.window.start} → ${spec.window.end} 内。`));
          } else if (previous !== undefined && milestone.date <= previous) {
            context.report(entry, milestone, ['date'], 'value', 'error', 'flywheel/key-result', text(
              `Milestones must be in date order; ${milestone.date} comes after ${previous}.`,
              `里程碑必须按日期顺序排列; ${milestone.date} 应在 ${previous} 之后。`));
          }
          previous = milestone.date;
        }
      }
    }
  },
};
