/*
 * `flywheel metrics export`: the local store's points as a metrics CSV on stdout, in the order and
 * form `metrics import` reads back to the same points (values as the shortest decimal that reads
 * back as the stored number, times in the workspace's zone with their offset).
 */
import {
  buildMetricCatalogue, CSV_COLUMNS, folderFileProvider, formatInstantWithOffset, formatMetricValue, localize, parseDate, readInstant,
  readPlaybookFolder, text, validateWorkspace, windowInstants, type Lang, type MetricPoint,
} from '../core/index';
import { openLocalStore } from './local-store';
import type { CliIo } from './output';
import { usageError } from './usage';

/** What to export. */
export interface ExportFilter {
  readonly metric?: string;
  /** YYYY-MM-DD (from the start of that day in the workspace's zone) or an ISO 8601 instant. */
  readonly from?: string;
  /** YYYY-MM-DD (to the end of that day) or an ISO 8601 instant, inclusive. */
  readonly to?: string;
}

/** The last instant an export reaches without --to: the end of year 9999. */
const LAST_INSTANT = 253_402_300_799_999;

/** An instant from a --from/--to value in the zone, or undefined when it is neither form. */
function readBound(value: string, zone: string, endOfDay: boolean): number | undefined {
  const date = parseDate(value);
  if (date) {
    const { from, until } = windowInstants(date, date, zone);
    return endOfDay ? until - 1 : from;
  }
  const instant = readInstant(value);
  return typeof instant === 'number' ? instant : undefined;
}

/** A CSV cell: quoted when it holds a comma, a quote or surrounding spaces. */
function csvCell(value: string | undefined): string {
  if (value === undefined) return '';
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One CSV row of a point in the column order of CSV_COLUMNS. */
function formatRow(point: MetricPoint, zone: string): string {
  return [
    formatInstantWithOffset(point.time, zone), point.metric, String(point.value),
    csvCell(point.channel), csvCell(point.campaign), csvCell(point.post), csvCell(point.variant), csvCell(point.content_type),
  ].join(',');
}

/** Writes the points of the local store as CSV on stdout; a summary goes to stderr. */
export async function exportFromLocalStore(io: CliIo, dir: string, lang: Lang, filter: ExportFilter, help: string): Promise<number> {
  const { model } = validateWorkspace(readPlaybookFolder(dir), folderFileProvider(dir));
  const workspace = model.workspaces[0]?.value.spec;
  if (workspace === undefined) {
    io.err(localize(text('The folder holds no Workspace, whose time zone the export writes times in. Give --dir the playbooks folder.\n', '目录中没有 Workspace，无法确定导出时间所用的时区。请用 --dir 指定剧本目录。\n'), lang));
    return 1;
  }
  const zone = workspace.timezone;
  const from = filter.from === undefined ? 0 : readBound(filter.from, zone, false);
  const to = filter.to === undefined ? LAST_INSTANT : readBound(filter.to, zone, true);
  if (from === undefined) return usageError(io, `--from "${filter.from}" is not YYYY-MM-DD or an ISO 8601 instant with an offset`, help);
  if (to === undefined) return usageError(io, `--to "${filter.to}" is not YYYY-MM-DD or an ISO 8601 instant with an offset`, help);
  if (to < from) return usageError(io, '--to is before --from / --to 早于 --from', help);

  const local = await openLocalStore(dir);
  const rows: { time: number; metric: string; row: string }[] = [];
  try {
    // The store's own list, plus the catalogue's ids for points stored before that list existed.
    const metrics = filter.metric !== undefined
      ? [filter.metric]
      : [...new Set([...await local.store.listStoredMetrics(), ...buildMetricCatalogue(workspace.metrics).keys()])].sort();
    for (const metric of metrics) {
      for (const point of await local.store.queryMetricPoints(metric, from - 1, to)) rows.push({ time: point.time, metric, row: formatRow(point, zone) });
    }
  } finally {
    await local.close();
  }
  // A total order, so the same points always give the same bytes.
  rows.sort((left, right) => left.time - right.time || (left.metric < right.metric ? -1 : left.metric > right.metric ? 1 : 0) || (left.row < right.row ? -1 : left.row > right.row ? 1 : 0));
  io.out(`${CSV_COLUMNS.join(',')}\n`);
  const CHUNK = 10_000;
  for (let start = 0; start < rows.length; start += CHUNK) io.out(`${rows.slice(start, start + CHUNK).map((entry) => entry.row).join('\n')}\n`);
  const metricCount = new Set(rows.map((entry) => entry.metric)).size;
  io.err(localize(text(
    `Exported ${formatMetricValue(rows.length, 'count')} point(s) of ${formatMetricValue(metricCount, 'count')} metric(s), times in ${zone}.\n`,
    `已导出 ${formatMetricValue(metricCount, 'count')} 个指标的 ${formatMetricValue(rows.length, 'count')} 个数据点，时间按 ${zone} 时区书写。\n`,
  ), lang));
  return 0;
}
