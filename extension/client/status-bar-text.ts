/* Pure: the status bar item's text and tooltip from a status report, in the user's language. */
import * as l10n from '@vscode/l10n';
import { countKeyResults, formatStatus } from './goal-tree-items';
import type { StatusReport } from './status-report';

/** What the status bar item shows. */
export interface StatusBarContent {
  readonly text: string;
  readonly tooltip: string;
  /** True when a key result is off track: the item then uses the warning background. */
  readonly warn: boolean;
}

/** `Goals: 5 on track · 2 at risk · 1 off track` (key results counted over every goal), plus achieved when any. */
export function buildStatusBarContent(report: StatusReport): StatusBarContent {
  const counts = countKeyResults(report);
  const count = (status: string) => counts.get(status) ?? 0;
  let text = l10n.t('Goals: {0} on track · {1} at risk · {2} off track', count('on-track'), count('at-risk'), count('off-track'));
  if (count('achieved') > 0) text += l10n.t(' · {0} achieved', count('achieved'));
  const lines = [l10n.t('Key results of {0} ({1})', report.workspace, report.at)];
  for (const [status, number] of counts) lines.push(`${formatStatus(status)}: ${number}`);
  lines.push(l10n.t('Click to open the goal dashboard'));
  return { text, tooltip: lines.join('\n'), warn: count('off-track') > 0 };
}

/** The text while loading, or when loading failed (the tooltip then says why). */
export function buildStatusBarPlaceholder(state: 'loading' | 'failed', reason?: string): StatusBarContent {
  return state === 'loading'
    ? { text: l10n.t('Goals: loading…'), tooltip: l10n.t('Reading goal status'), warn: false }
    : { text: l10n.t('Goals: unavailable'), tooltip: `${l10n.t('Goal status could not be read:')}\n${reason ?? ''}`.trim(), warn: true };
}
