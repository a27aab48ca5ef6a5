import { text, type SourceSpan } from '../../diagnostics';
import type { PlaybookEntry } from '../../load/index';
import type { PathSegment } from '../../load/yaml-document';
import { classifyLocalTime, isValidTimeZone, nextRuns, parseSchedule, resolveLocalTime, type Schedule } from '../../schedule/index';
import { formatLocal, localToInstant, parseDate, parseLocalTime, windowInstants } from '../../time/index';
import type { Rule, RuleContext } from '../context';

/** More runs than this in one campaign for one post is almost always a cron slip (every minute, say). */
const MAX_SERIES_RUNS = 500;

/** A numeric day-of-week has its own code, so a team that knows AWS numbering can silence it alone. */
const WEEKDAY_CODE = 'flywheel/schedule-weekday';

/** Parses one schedule field, reporting each problem on the exact characters with its fixes; returns the schedule when valid. */
export function checkExpression(context: RuleContext, entry: PlaybookEntry, owner: object, field: PathSegment, expression: string, zone: string): Schedule | undefined {
  const result = parseSchedule(expression);
  const path = result.problems.length > 0 || (result.ok && result.schedule.type === 'at') ? [...entry.pathOf(owner), field] : [];
  for (const problem of result.problems) {
    const offsets = problem.end > problem.start ? entry.document.locateInScalar(path, expression, problem.start, problem.end) : undefined;
    const span = offsets ? entry.file.span(offsets.start, offsets.end) : entry.document.span(path);
    const fixes = (problem.fixes ?? []).map((fix) => ({ title: fix.title, ...replaceExpression(entry, path, expression, fix.expression) }));
    context.reportOffsets(entry.file.path, span, problem.severity, problem.code === 'weekday' ? WEEKDAY_CODE : 'flywheel/schedule', problem.message, fixes.length > 0 ? { fixes } : {});
  }
  if (!result.ok) return undefined;
  const { schedule } = result;
  if (schedule.type === 'at' && isValidTimeZone(zone)) {
    const kind = classifyLocalTime(schedule.local, zone);
    if (kind !== 'ok') {
      const moved = formatLocal(resolveLocalTime(schedule.local, zone).instant, zone);
      reportDst(context, entry, path, expression, zone, kind, `at(${moved.replace(' ', 'T')}:00)`);
    }
  }
  return schedule;
}

/**
 * The edit that writes `replacement` for the expression at `path`: inside its quotes when it has
 * them; an unquoted value gains double quotes when the replacement holds a comma or another
 * character that would end a plain value in a flow mapping (`{ schedule: cron(... MON,WED ...) }`).
 */
function replaceExpression(entry: PlaybookEntry, path: readonly PathSegment[], expression: string, replacement: string): { span: SourceSpan; newText: string } {
  const offsets = expression.length > 0 ? entry.document.locateInScalar(path, expression, 0, expression.length) : undefined;
  const whole = entry.document.span(path);
  const quoted = offsets !== undefined && /^["']/.test(entry.file.text.slice(offsets.start - 1, offsets.start));
  if (!quoted && /[,[\]{}]|: | #/.test(replacement)) return { span: whole, newText: JSON.stringify(replacement) };
  return { span: offsets ? entry.file.span(offsets.start, offsets.end) : whole, newText: replacement };
}

/**
 * A local time in a spring-forward gap (an error, fixed by the time the clocks show then, one
 * gap later) or in a fall-back overlap (a warning: Flywheel uses the first).
 */
function reportDst(context: RuleContext, entry: PlaybookEntry, path: readonly PathSegment[], value: string, zone: string, kind: 'gap' | 'overlap', later: string): void {
  if (kind === 'gap') {
    const fix = { title: text(`Change to ${later}`, `改为 ${later}`), ...replaceExpression(entry, path, value, later) };
    context.reportAt(entry.document, path, 'value', 'error', 'flywheel/local-time', text(
      `${value} does not exist in ${zone}: clocks jump forward over it (daylight saving time starts). Pick a time outside the gap, e.g. ${later}.`,
      `${value} 在 ${zone} 中不存在：夏令时开始，时钟跳过了这段时间。请选择间隙之外的时间，例如 ${later}。`,
    ), { fixes: [fix] });
  } else {
    context.reportAt(entry.document, path, 'value', 'warning', 'flywheel/local-time', text(
      `${value} happens twice in ${zone} (daylight saving time ends and clocks go back); Flywheel uses the first. Pick another time to be unambiguous.`,
      `${value} 在 ${zone} 中出现两次（夏令时结束，时钟回拨）；Flywheel 取第一次。请换一个时间以免歧义。`,
    ));
  }
}

/** Every schedule is an EventBridge Scheduler expression AWS accepts; one-time local times exist; series fit their window. */
export const schedulesRule: Rule = {
  code: 'flywheel/schedule',
  check(context) {
    const zoneOf = (zone: string | undefined) => zone ?? context.timezone;
    for (const entry of context.model.campaigns) {
      const { spec } = entry.value;
      const start = parseDate(spec.window.start);
      const end = parseDate(spec.window.end);
      for (const post of spec.posts ?? []) {
        const zone = zoneOf(post.timezone);
        if (post.at !== undefined) {
          const local = parseLocalTime(post.at);
          if (local && isValidTimeZone(zone)) {
            const kind = classifyLocalTime({ ...local, second: 0 }, zone);
            if (kind !== 'ok') reportDst(context, entry, [...entry.pathOf(post), 'at'], post.at, zone, kind, formatLocal(localToInstant(local, zone), zone));
          }
        }
        if (post.schedule === undefined) continue;
        const schedule = checkExpression(context, entry, post, 'schedule', post.schedule, zone);
        if (!schedule || !start || !end || spec.window.start > spec.window.end || !isValidTimeZone(zone) || !isValidTimeZone(context.timezone)) continue;
        const bounds = windowInstants(start, end, context.timezone);
        const options = { after: bounds.from - 1, until: bounds.until - 1, zone, rateAnchor: bounds.from };
        let runs = nextRuns(schedule, { ...options, count: 2 });
        // Count every run only when the spacing of the first two says the series could be too long.
        const [first, second] = runs;
        if (first !== undefined && second !== undefined && (bounds.until - first) / (second - first) > MAX_SERIES_RUNS / 2) {
          runs = nextRuns(schedule, { ...options, count: MAX_SERIES_RUNS + 1 });
        }
        if (runs.length === 0) {
          context.report(entry, post, ['schedule'], 'value', schedule.type === 'at' ? 'error' : 'warning', 'flywheel/outside-window', text(
            `"${post.schedule}" never runs inside the campaign window ${spec.window.start} → ${spec.window.end}, so post "${post.id}" is never published. Fix the expression or the window.`,
            `"${post.schedule}" 在活动窗口 ${spec.window.start} → ${spec.window.end} 内从不运行，内容 "${post.id}" 不会发布。请修改表达式或窗口。`,
          ));
        } else if (runs.length > MAX_SERIES_RUNS) {
          context.report(entry, post, ['schedule'], 'value', 'warning', 'flywheel/schedule', text(
            `"${post.schedule}" publishes post "${post.id}" more than ${MAX_SERIES_RUNS} times in this campaign (first ${formatLocal(runs[0] as number, zone)}, then ${formatLocal(runs[1] as number, zone)}… ${zone}). Check the minutes and hours fields.`,
            `"${post.schedule}" 会在本活动中发布内容 "${post.id}" 超过 ${MAX_SERIES_RUNS} 次（首次 ${formatLocal(runs[0] as number, zone)}，然后 ${formatLocal(runs[1] as number, zone)}…，${zone}）。请检查分钟和小时字段。`,
          ));
        }
      }
      for (const kpi of spec.kpis ?? []) {
        if (kpi.schedule !== undefined) checkExpression(context, entry, kpi, 'schedule', kpi.schedule, context.timezone);
      }
    }
    for (const entry of context.model.sops) {
      const { trigger } = entry.value.spec;
      if (trigger.schedule !== undefined) checkExpression(context, entry, trigger, 'schedule', trigger.schedule, zoneOf(trigger.timezone));
    }
    for (const entry of context.model.checks) {
      const { spec } = entry.value;
      checkExpression(context, entry, spec, 'schedule', spec.schedule, zoneOf(spec.timezone));
    }
  },
};
