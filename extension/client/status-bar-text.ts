/* Pure: the status bar item's text and tooltip from a status report, in the user's language. */
import * as l10n from '@vscode/l10n';
import { countKeyResults, formatStatus } from './goal-tree-items';
import type { StatusReport } from './status-report';

/** What the status bar item shows. */
export interface StatusBarContent {
  readonly text: string;
  readonly tooltip: string;
  /** The worst status's colour: error when a key result is off track, warning when one is at risk; none otherwise. */
  readonly severity?: 'error' | 'warning';
  /** True when no key result has data yet: a click then offers Import Metrics… instead of the dashboard. */
  readonly empty?: boolean;
}

/** An ISO instant as a date and time in the workspace's zone, the zone named: `2026-11-26 09:30 (Asia/Shanghai)`. */
export function formatInstantInZone(iso: string, timeZone: string | undefined): string {
  const time = Date.parse(iso);
  if (!Number.isFinite(time)) return iso;
  const zone = timeZone ?? 'UTC';
  try {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(time)).map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} (${zone})`;
  } catch {
    return iso;
  }
}

/** `Goals: 5 on track · 2 at risk · 1 off track` (key results counted over every goal), plus achieved when any. */
export function buildStatusBarContent(report: StatusReport): StatusBarContent {
  const counts = countKeyResults(report);
  const count = (status: string) => counts.get(status) ?? 0;
  const at = formatInstantInZone(report.at, report.timezone);
  const keyResults = report.goals.flatMap((goal) => goal.keyResults);
  if (keyResults.length > 0 && keyResults.every((item) => item.value === undefined)) {
    return {
      text: l10n.t('Goals: no data yet — Import Metrics…'),
      tooltip: [l10n.t('No key result of {0} has data yet ({1}).', report.title ?? report.workspace, at), l10n.t('Click to import a metrics CSV file')].join('\n'),
      empty: true,
    };
  }
  let text = l10n.t('Goals: {0} on track · {1} at risk · {2} off track', count('on-track'), count('at-risk'), count('off-track'));
  if (count('achieved') > 0) text += l10n.t(' · {0} achieved', count('achieved'));
  const lines = [l10n.t('Key results of {0} ({1})', report.title ?? report.workspace, at)];
  for (const [status, number] of counts) lines.push(`${formatStatus(status)}: ${number}`);
  lines.push(l10n.t('Click to open the goal dashboard'));
  const severity = count('off-track') > 0 ? 'error' : count('at-risk') > 0 ? 'warning' : undefined;
  return { text, tooltip: lines.join('\n'), ...(severity ? { severity } : {}) };
}

/** The text while loading, or when loading failed (the tooltip then says why). */
export function buildStatusBarPlaceholder(state: 'loading' | 'failed', reason?: string): StatusBarContent {
  return state === 'loading'
    ? { text: l10n.t('Goals: loading…'), tooltip: l10n.t('Reading goal status') }
    : { text: l10n.t('Goals: unavailable'), tooltip: `${l10n.t('Goal status could not be read:')}\n${reason ?? ''}`.trim(), severity: 'warning' };
}
