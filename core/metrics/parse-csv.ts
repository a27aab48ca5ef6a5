import { parse } from 'csv-parse/sync';
import { text, type LocalizedText } from '../diagnostics';
import type { MetricPoint } from '../evaluate/point-index';
import { METRIC_ID_PATTERN } from '../schema/values';

/** A row that could not be read, with its 1-based line in the file. */
export interface CsvProblem {
  readonly line: number;
  readonly message: LocalizedText;
}

export const CSV_COLUMNS = ['time', 'metric', 'value', 'channel', 'campaign', 'post', 'variant', 'content_type'] as const;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Memory of the times and metric ids already read: metric exports repeat the same timestamps and
 * ids on thousands of rows, and parsing a date is the slowest step of a row.
 */
interface RowCache {
  readonly times: Map<string, number>;
  readonly metrics: Set<string>;
  /** One string per distinct dimension value, shared by every point that carries it. */
  readonly names: Map<string, string>;
}

/** Reads one row into a point, or says what is wrong with it. */
function readRow(cells: readonly string[], cache: RowCache): MetricPoint | LocalizedText {
  if (cells.length < 3) return text(`Expected at least time,metric,value; found ${cells.length} column(s).`, `至少需要 time,metric,value 三列; 实际 ${cells.length} 列。`);
  if (cells.length > CSV_COLUMNS.length) return text(`Expected at most ${CSV_COLUMNS.length} columns (${CSV_COLUMNS.join(',')}); found ${cells.length}.`, `最多 ${CSV_COLUMNS.length} 列 (${CSV_COLUMNS.join(',')}); 实际 ${cells.length} 列。`);
  const time = (cells[0] as string).trim();
  const metric = (cells[1] as string).trim();
  const value = (cells[2] as string).trim();
  let instant = cache.times.get(time);
  if (instant === undefined) {
    instant = INSTANT.test(time) ? Date.parse(time) : Number.NaN;
    if (!Number.isNaN(instant)) cache.times.set(time, instant);
  }
  if (Number.isNaN(instant)) return text(`"${time}" is not an ISO 8601 time with an offset, e.g. 2026-10-01T09:00:00+08:00.`, `"${time}" 不是带时区偏移的 ISO 8601 时间, 例如 2026-10-01T09:00:00+08:00。`);
  if (!cache.metrics.has(metric)) {
    if (!METRIC_ID_PATTERN.test(metric)) return text(`"${metric}" is not a metric id (snake_case, e.g. interaction_rate).`, `"${metric}" 不是指标 ID (snake_case, 例如 interaction_rate)。`);
    cache.metrics.add(metric);
  }
  const percent = value.endsWith('%');
  const number = value === '' ? Number.NaN : Number(percent ? value.slice(0, -1) : value);
  if (!Number.isFinite(number)) return text(`"${value}" is not a number.`, `"${value}" 不是数字。`);
  // Every point gets the same eight properties in the same order: one object shape for a million
  // rows keeps them small and every later property read fast.
  const dimension = (index: number): string | undefined => {
    const cell = cells[index]?.trim();
    if (!cell) return undefined;
    const shared = cache.names.get(cell);
    if (shared !== undefined) return shared;
    cache.names.set(cell, cell);
    return cell;
  };
  const point = {
    time: instant, metric, value: percent ? number / 100 : number,
    channel: dimension(3), campaign: dimension(4), post: dimension(5), variant: dimension(6), content_type: dimension(7),
  };
  return point as unknown as MetricPoint;
}

/** Splits one line into cells: plain lines by comma, quoted ones through csv-parse. */
function splitLine(line: string): string[] | LocalizedText {
  if (!line.includes('"')) return line.split(',');
  try {
    const [cells] = parse(line, { relax_column_count: true }) as string[][];
    return cells ?? [];
  } catch (error) {
    return text(`Unreadable CSV row (${error instanceof Error ? error.message : 'malformed'}): check its quotes.`, `无法读取的 CSV 行 (${error instanceof Error ? error.message : '格式错误'}): 请检查引号。`);
  }
}

/**
 * Parses a metrics CSV (`time,metric,value[,channel,campaign,post,variant,content_type]`, with or
 * without that header). Rows are read line by line (no field of this format spans lines), so a
 * broken row is reported by its line and skipped while every good row is kept.
 */
export function parseMetricsCsv(content: string): { points: MetricPoint[]; problems: CsvProblem[] } {
  const points: MetricPoint[] = [];
  const problems: CsvProblem[] = [];
  const body = content.replace(/^\uFEFF/, '');
  const cache: RowCache = { times: new Map(), metrics: new Set(), names: new Map() };
  const readLine = (line: string, number: number) => {
    if (line.trim() === '') return;
    const cells = splitLine(line);
    if (!Array.isArray(cells)) {
      problems.push({ line: number, message: cells });
      return;
    }
    if (points.length === 0 && problems.length === 0 && cells[0]?.trim().toLowerCase() === 'time') return;
    const result = readRow(cells, cache);
    if ('en' in result) problems.push({ line: number, message: result });
    else points.push(result);
  };
  if (body.includes('\r')) {
    // CR or CRLF line breaks: rare, so the simple regex split is fine.
    body.split(/\r\n|\r|\n/).forEach((line, index) => readLine(line, index + 1));
  } else {
    // Walk the text instead of splitting it: a million-row file need not become a million-string array first.
    let number = 1;
    for (let start = 0; start <= body.length; number += 1) {
      const end = body.indexOf('\n', start);
      readLine(body.slice(start, end === -1 ? body.length : end), number);
      if (end === -1) break;
      start = end + 1;
    }
  }
  return { points, problems };
}
