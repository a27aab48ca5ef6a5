/*
 * Pure: turns a status report into the Goals view's items (labels, descriptions, icons, where a
 * click goes). goals-tree.ts only maps these onto vscode.TreeItem, so tests check what users see.
 */
import * as l10n from '@vscode/l10n';
import { formatMetricValue } from '../../core/format/metric-value';
import type { MetricUnit } from '../../core/metrics/builtins';
import { formatInstantInZone } from './status-bar-text';
import type { GoalReport, KeyResultReport, SourceLocation, StatusReport } from './status-report';

/** A codicon and the theme colour it is drawn in. */
export interface StatusIcon {
  readonly codicon: string;
  readonly color: string;
}

/** One row of the Goals view. */
export interface GoalTreeNode {
  readonly kind: 'goal' | 'key-result';
  /** Stable across refreshes: the goal name, or `goal/keyResult`. */
  readonly id: string;
  readonly goal: string;
  readonly keyResult?: string;
  readonly label: string;
  readonly description: string;
  readonly tooltip: string;
  readonly status: string;
  readonly icon: StatusIcon;
  /** Where a click opens the playbook, relative to the playbooks folder. */
  readonly source?: SourceLocation;
  readonly children: readonly GoalTreeNode[];
}

const ICONS: Record<string, StatusIcon> = {
  achieved: { codicon: 'pass-filled', color: 'testing.iconPassed' },
  'on-track': { codicon: 'pass', color: 'testing.iconPassed' },
  'at-risk': { codicon: 'warning', color: 'list.warningForeground' },
  'off-track': { codicon: 'error', color: 'list.errorForeground' },
  'not-started': { codicon: 'circle-large-outline', color: 'descriptionForeground' },
  'no-data': { codicon: 'question', color: 'descriptionForeground' },
};
const UNKNOWN_ICON: StatusIcon = { codicon: 'circle-outline', color: 'descriptionForeground' };

/** The icon for a status; a status this version does not know gets a neutral one. */
export function iconForStatus(status: string): StatusIcon {
  return ICONS[status] ?? UNKNOWN_ICON;
}

/** A status in the user's language ("on track", "进度正常"); an unknown one as it is. */
export function formatStatus(status: string): string {
  switch (status) {
    case 'achieved': return l10n.t('achieved');
    case 'on-track': return l10n.t('on track');
    case 'at-risk': return l10n.t('at risk');
    case 'off-track': return l10n.t('off track');
    case 'not-started': return l10n.t('not started');
    case 'no-data': return l10n.t('no data');
    case 'stale': return l10n.t('stale');
    default: return status;
  }
}

const UNITS = new Set<string>(['count', 'ratio', 'percent', 'currency', 'seconds']);

/**
 * A number as people read it: by the key result's metric unit when the report names it (the one
 * formatter of the CLI, messages and the editor); from an older CLI without units, at most 3
 * decimals, and a fraction target below 1 (a rate such as 0.05) as a percentage.
 */
export function formatNumber(value: number, target?: number, unit?: string): string {
  if (unit !== undefined && UNITS.has(unit)) return formatMetricValue(value, unit as MetricUnit);
  if (target !== undefined && !Number.isInteger(target) && Math.abs(target) < 1) {
    return `${(value * 100).toFixed(1).replace(/\.0$/, '')}%`;
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: 3 });
}

/**
 * How far from the baseline to the target the key result has come: 0 at the baseline, 1 at the
 * target (more when past it). Without a known baseline, from 0.
 */
export function computeProgress(keyResult: KeyResultReport): number | undefined {
  if (keyResult.value === undefined) return undefined;
  // Goal status's own figure when the CLI reports it (v1.1): the same number the status is judged by.
  if (keyResult.progress !== undefined) return keyResult.progress;
  const start = keyResult.baseline ?? keyResult.series?.expected[0]?.value ?? 0;
  const span = keyResult.target - start;
  if (span === 0) return keyResult.value === keyResult.target ? 1 : 0;
  return Math.max(0, (keyResult.value - start) / span);
}

function describeKeyResult(keyResult: KeyResultReport, timeZone: string | undefined): string {
  const parts: string[] = [];
  const target = formatNumber(keyResult.target, keyResult.target, keyResult.unit);
  parts.push(keyResult.value === undefined ? `– / ${target}` : `${formatNumber(keyResult.value, keyResult.target, keyResult.unit)} / ${target}`);
  const progress = computeProgress(keyResult);
  if (progress !== undefined) parts.push(l10n.t('progress {0}', `${Math.round(progress * 100)}%`));
  if (keyResult.stale && keyResult.latestPointAt) parts.push(l10n.t('stale since {0}', formatInstantInZone(keyResult.latestPointAt, timeZone).slice(0, 10)));
  else if (keyResult.expected !== undefined) parts.push(l10n.t('expected today {0}', formatNumber(keyResult.expected, keyResult.target, keyResult.unit)));
  return parts.join(' · ');
}

function buildKeyResultNode(goal: GoalReport, keyResult: KeyResultReport, timeZone: string | undefined): GoalTreeNode {
  const lines = [
    `${keyResult.title ? `${keyResult.title} (${keyResult.id})` : keyResult.id} — ${formatStatus(keyResult.status)}`,
    keyResult.value === undefined ? l10n.t('No data measured yet') : l10n.t('Value: {0}', formatNumber(keyResult.value, keyResult.target, keyResult.unit)),
    l10n.t('Target: {0}', formatNumber(keyResult.target, keyResult.target, keyResult.unit)),
  ];
  if (keyResult.expected !== undefined) lines.push(l10n.t('Expected today: {0}', formatNumber(keyResult.expected, keyResult.target, keyResult.unit)));
  if (keyResult.forecast !== undefined) lines.push(l10n.t('Forecast at window end: {0}', formatNumber(keyResult.forecast, keyResult.target, keyResult.unit)));
  if (keyResult.progress !== undefined) lines.push(l10n.t('Progress: from the baseline (0%) to the target (100%)'));
  if (keyResult.latestPointAt) {
    const latest = formatInstantInZone(keyResult.latestPointAt, timeZone);
    lines.push(keyResult.stale ? l10n.t('Stale: the latest data point is from {0}', latest) : l10n.t('Latest data point: {0}', latest));
  }
  if (keyResult.dataSources !== undefined) {
    lines.push(keyResult.dataSources.length > 0 ? l10n.t('Data from: {0}', keyResult.dataSources.join(', ')) : l10n.t('Data from: imported metrics files'));
  }
  return {
    kind: 'key-result', id: `${goal.goal}/${keyResult.id}`, goal: goal.goal, keyResult: keyResult.id,
    label: keyResult.title ?? keyResult.id, description: describeKeyResult(keyResult, timeZone), tooltip: lines.join('\n'),
    status: keyResult.status, icon: iconForStatus(keyResult.status),
    ...(keyResult.source ? { source: keyResult.source } : {}), children: [],
  };
}

/** The Goals view's rows: goals in report order, each with its key results. */
export function buildGoalTree(report: StatusReport): GoalTreeNode[] {
  return report.goals.map((goal) => {
    const counts = new Map<string, number>();
    for (const item of goal.keyResults) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
    const summary = [...counts].map(([status, count]) => `${count} ${formatStatus(status)}`).join(' · ');
    return {
      kind: 'goal', id: goal.goal, goal: goal.goal, label: goal.title, description: formatStatus(goal.status),
      tooltip: `${goal.title} (${goal.goal})\n${summary}`, status: goal.status, icon: iconForStatus(goal.status),
      ...(goal.source ? { source: goal.source } : {}),
      children: goal.keyResults.map((keyResult) => buildKeyResultNode(goal, keyResult, report.timezone)),
    };
  });
}

/** Key result counts by status over every goal. */
export function countKeyResults(report: StatusReport): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const goal of report.goals) for (const item of goal.keyResults) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
  return counts;
}
